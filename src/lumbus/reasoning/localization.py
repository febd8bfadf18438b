"""Root level and side from the conditions' root distributions and the myotome,
dermatome, reflex and atrophy-site likelihoods in ``localization.yaml``."""

from __future__ import annotations

from collections import Counter

import numpy as np

from lumbus.case import Side
from lumbus.knowledge.compiled import F64, CompiledKB
from lumbus.reasoning.differential import normalise
from lumbus.reasoning.evidence import EvidenceSet


def root_distribution(ckb: CompiledKB, ev: EvidenceSet, post: F64) -> F64:
    """P(lesion at each root level) (sums to the total probability of a root lesion)."""
    weight = post @ ckb.roots
    total = float(weight.sum())
    if total <= 0:
        return weight
    evidence = ckb.root_llr_present[:, ev.scored_present].sum(axis=1) + ckb.root_llr_absent[:, ev.scored_absent].sum(axis=1)
    prior = np.log(np.maximum(weight / total, 1e-12))
    out: F64 = normalise(prior + evidence) * total
    return out


def side_of(ckb: CompiledKB, ev: EvidenceSet, root: int | None = None) -> Side | None:
    """Side of the lateral evidence; for a root, prefer findings that point to that root."""
    sides = ev.sides
    if not sides:
        return None
    keys = list(sides)
    if root is not None:
        relevant = [i for i in keys if ckb.root_llr_present[root, i] > 0]
        keys = relevant or keys
    counts = Counter(sides[i] for i in keys)
    left, right = counts["left"], counts["right"]
    if counts["both"] or (left and right and max(left, right) < 2 * min(left, right)):
        return "both"
    return "left" if counts["left"] > counts["right"] else "right"
