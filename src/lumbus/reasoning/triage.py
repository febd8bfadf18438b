"""Triage: the highest of every red-flag rule that fires and of the urgency of
every condition whose probability passes its safety threshold."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lumbus.knowledge.compiled import F64, URGENCIES, CompiledKB
from lumbus.knowledge.schema import Urgency
from lumbus.reasoning.differential import safety_posterior
from lumbus.reasoning.evidence import EvidenceSet


@dataclass(frozen=True)
class TriageResult:
    level: Urgency
    fired_rules: list[int]
    conditions_over_threshold: list[int]
    top_condition: int


def fired_rules(ckb: CompiledKB, ev: EvidenceSet) -> list[int]:
    """Indices of red-flag rules whose every clause holds for this evidence."""
    if not len(ckb.rule_ids):
        return []
    hits = ckb.clause_matrix[:, ev.present].sum(axis=1) >= ckb.clause_min
    ok_clauses = np.bincount(ckb.clause_rule, weights=hits.astype(np.float64), minlength=len(ckb.rule_ids))
    fired = ok_clauses >= ckb.rule_clause_count
    if ev.age is not None:
        fired &= (ckb.rule_age_min <= ev.age) & (ev.age <= ckb.rule_age_max)
    else:
        fired &= (ckb.rule_age_min < 0) & (ckb.rule_age_max >= 999)
    if ev.sex_index is not None:
        fired &= (ckb.rule_sex < 0) | (ckb.rule_sex == ev.sex_index)
    else:
        fired &= ckb.rule_sex < 0
    return [int(i) for i in np.flatnonzero(fired)]


def triage(ckb: CompiledKB, ev: EvidenceSet, post: F64) -> TriageResult:
    """``post`` is the differential; thresholds are checked on the safety posterior (see differential.py)."""
    rules = fired_rules(ckb, ev)
    safe = safety_posterior(ckb, ev, post)
    over = np.flatnonzero(safe >= ckb.urgency_threshold)
    top = int(np.argmax(post))
    ranks = [int(ckb.urgency_rank[top])]
    ranks += [int(ckb.rule_urgency_rank[r]) for r in rules]
    ranks += [int(ckb.urgency_rank[c]) for c in over]
    level = URGENCIES[max(ranks)]
    return TriageResult(level, rules, sorted((int(c) for c in over), key=lambda c: -safe[c]), top)
