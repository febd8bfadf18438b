"""Atrophy type and lesion site: mixtures of each condition's distribution, weighted by its posterior."""

from __future__ import annotations

import numpy as np

from lumbus.knowledge.compiled import F64, CompiledKB
from lumbus.knowledge.schema import ATROPHY_TYPES
from lumbus.reasoning.evidence import EvidenceSet

_NONE = ATROPHY_TYPES.index("none")


def atrophy_observed(ckb: CompiledKB, ev: EvidenceSet) -> bool:
    return bool(np.any(ev.present == ckb.atrophy_finding))


def atrophy_distribution(ckb: CompiledKB, post: F64, observed: bool) -> F64:
    """P(atrophy type). When wasting is observed, each condition's "none" share is
    redistributed over its wasting types, since the wasting must come from somewhere."""
    dist = ckb.atrophy
    if observed:
        dist = dist.copy()
        wasting = 1.0 - dist[:, _NONE]
        has = wasting > 1e-9
        dist[has] = dist[has] / wasting[has, None]
        dist[has, _NONE] = 0.0
    out: F64 = post @ dist
    return out


def lesion_distribution(ckb: CompiledKB, post: F64) -> F64:
    out: F64 = post @ ckb.lesion
    return out
