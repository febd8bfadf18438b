"""Atrophy type and lesion site: mixtures of each condition's distribution, weighted by its posterior."""

from __future__ import annotations

import numpy as np

from lumbus.knowledge.compiled import F64, CompiledKB
from lumbus.knowledge.schema import ATROPHY_TYPES
from lumbus.reasoning.evidence import EvidenceSet

_NONE = ATROPHY_TYPES.index("none")


def atrophy_observed(ckb: CompiledKB, ev: EvidenceSet) -> bool | None:
    """True if wasting or weakness was reported, False if wasting was denied, None if nobody said."""
    if not ckb.involvement_set.isdisjoint(ev.present.tolist()):
        return True
    if np.any(ev.absent == ckb.atrophy_finding):
        return False
    return None


def atrophy_distribution(ckb: CompiledKB, post: F64, observed: bool | None) -> F64:
    """P(atrophy type), a mixture over conditions.

    Wasting seen: each condition's wasting types (its "none" share must be wrong here).
    Wasting denied: none. Not mentioned: each condition's chance of wasting, from its
    link to the wasting finding, spread over its wasting types; the rest is "none".
    """
    if observed is False:
        out = np.zeros(len(ATROPHY_TYPES))
        out[_NONE] = 1.0
        return out
    dist = ckb.atrophy_given_wasting if observed else ckb.atrophy_unknown
    result: F64 = post @ dist
    return result


def lesion_distribution(ckb: CompiledKB, post: F64) -> F64:
    out: F64 = post @ ckb.lesion
    return out
