"""Many structured cases at once: the same maths as ``engine.assess``, vectorised over cases.

The result keeps arrays (posterior, triage rank, atrophy, lesion site, root level);
``BatchResult.assessment(i)`` is not offered on purpose: build a full Assessment
with ``engine.assess`` when one is needed. This is for screening and evaluation.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from lumbus.case import Case
from lumbus.knowledge.compiled import F64, I64, CompiledKB
from lumbus.knowledge.schema import ATROPHY_TYPES
from lumbus.reasoning.differential import normalise
from lumbus.reasoning.evidence import expand
from lumbus.reasoning.triage import fired_matrix

_NONE = ATROPHY_TYPES.index("none")


@dataclass(frozen=True)
class BatchResult:
    posterior: F64
    """shape (N, C)"""
    triage_rank: I64
    atrophy: F64
    """shape (N, atrophy types)"""
    lesion: F64
    roots: F64

    def top(self, k: int = 3) -> I64:
        out: I64 = np.argsort(-self.posterior, axis=1)[:, :k]
        return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Index sets for thousands of cases allocate many small objects and no reference
    cycles; pausing the cycle collector meanwhile avoids repeated full-heap scans."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


CHUNK = 2048
"""Cases per block: keeps the evidence matrices small enough to stay in cache."""


def assess_batch(cases: Sequence[Case], ckb: CompiledKB) -> BatchResult:
    with _collector_paused():
        parts = [_assess_batch(cases[i : i + CHUNK], ckb) for i in range(0, max(len(cases), 1), CHUNK)]
    return BatchResult(
        posterior=np.concatenate([p.posterior for p in parts]),
        triage_rank=np.concatenate([p.triage_rank for p in parts]),
        atrophy=np.concatenate([p.atrophy for p in parts]),
        lesion=np.concatenate([p.lesion for p in parts]),
        roots=np.concatenate([p.roots for p in parts]),
    )


def _assess_batch(cases: Sequence[Case], ckb: CompiledKB) -> BatchResult:
    n, nf = len(cases), len(ckb.finding_ids)
    present = np.zeros((n, nf))
    absent = np.zeros((n, nf))
    age_col = np.full(n, -1)
    sex = np.full(n, -1)
    ages = np.full(n, np.nan)
    p_cols: list[I64] = []
    all_cols: list[I64] = []
    a_cols: list[I64] = []
    u_cols: list[I64] = []
    for row, case in enumerate(cases):
        ev = expand(case, ckb)
        p_cols.append(ev.scored_present)
        all_cols.append(ev.present)
        a_cols.append(ev.scored_absent)
        u_cols.append(ev.unmentioned)
        age_col[row] = -1 if ev.age_column is None else ev.age_column
        sex[row] = -1 if ev.sex_index is None else ev.sex_index
        ages[row] = np.nan if ev.age is None else ev.age
    unmentioned = np.zeros((n, nf))
    everything = np.zeros((n, nf))  # every present finding, implied ones too: what rules and atrophy read
    if n:
        for matrix, cols in ((present, p_cols), (absent, a_cols), (unmentioned, u_cols), (everything, all_cols)):
            rows = np.repeat(np.arange(n), [len(c) for c in cols])
            matrix[rows, np.concatenate(cols)] = 1.0

    log_prior = np.tile(ckb.log_prior, (n, 1))
    has_age = age_col >= 0
    log_prior[has_age] += ckb.log_age[:, age_col[has_age]].T
    has_sex = sex >= 0
    log_prior[has_sex] += ckb.log_sex[:, sex[has_sex]].T
    explicit = log_prior + present @ ckb.llr_present.T + absent @ ckb.llr_absent.T
    if any(len(c) for c in u_cols):
        post = normalise(explicit + unmentioned @ ckb.llr_unmentioned.T)
        safe = np.maximum(post, normalise(explicit))
    else:  # structured cases only: no mention model
        post = safe = normalise(explicit)

    # triage: red-flag rules, then condition urgency over threshold, then the top condition
    fired = fired_matrix(ckb, everything, ages, sex)
    rank = np.where(fired, ckb.rule_urgency_rank, 0).max(axis=1, initial=0)
    rank = np.maximum(rank, np.where(safe >= ckb.urgency_threshold, ckb.urgency_rank, 0).max(axis=1))
    rank = np.maximum(rank, ckb.urgency_rank[np.argmax(post, axis=1)])

    observed = everything[:, list(ckb.involvement)].sum(axis=1) > 0
    denied = (absent[:, ckb.atrophy_finding] > 0) & ~observed
    atrophy = np.where(observed[:, None], post @ ckb.atrophy_given_wasting, post @ ckb.atrophy_unknown)
    atrophy[denied] = np.eye(len(ATROPHY_TYPES))[_NONE]

    weight = post @ ckb.roots
    total = weight.sum(axis=1, keepdims=True)
    ev_root = present @ ckb.root_llr_present.T + absent @ ckb.root_llr_absent.T
    roots = normalise(np.log(np.maximum(weight / np.maximum(total, 1e-300), 1e-12)) + ev_root) * total
    return BatchResult(posterior=post, triage_rank=rank, atrophy=atrophy, lesion=post @ ckb.lesion, roots=roots)
