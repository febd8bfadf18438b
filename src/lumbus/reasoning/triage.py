"""Triage: the highest of every red-flag rule that fires and of the urgency of
every condition whose probability passes its safety threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from lumbus.knowledge.compiled import F64, I64, URGENCIES, B, CompiledKB
from lumbus.knowledge.schema import Urgency
from lumbus.reasoning.differential import safety_posterior
from lumbus.reasoning.evidence import EvidenceSet


@dataclass(frozen=True)
class TriageResult:
    level: Urgency
    fired_rules: list[int]
    conditions_over_threshold: list[int]
    top_condition: int


def _clause_to_rule(ckb: CompiledKB) -> F64:
    """(clauses, rules): 1 where the clause belongs to the rule; built once per knowledge base."""
    matrix = ckb.cache.get(("clause_to_rule",))
    if matrix is None:
        matrix = ckb.cache[("clause_to_rule",)] = np.zeros((len(ckb.clause_rule), len(ckb.rule_ids)))
        matrix[np.arange(len(ckb.clause_rule)), ckb.clause_rule] = 1.0
    return cast(F64, matrix)


def fired_matrix(ckb: CompiledKB, present: F64, ages: F64, sex: I64) -> B:
    """Which red-flag rules fire, shape (cases, rules).

    ``present`` marks every present finding (implied ones too), ``ages`` is NaN and
    ``sex`` -1 where unknown; a rule with an age or sex condition needs them known.
    """
    hits = (present @ ckb.clause_matrix.T) >= ckb.clause_min
    fired: B = ((hits.astype(np.float64) @ _clause_to_rule(ckb)) >= ckb.rule_clause_count) & ((present @ ckb.unless_matrix.T) == 0)
    known = ~np.isnan(ages)[:, None]
    age = np.where(known, ages[:, None], 0.0)
    age_ok = np.where(
        known,
        (ckb.rule_age_min <= age) & (age <= ckb.rule_age_max),
        (ckb.rule_age_min < 0) & (ckb.rule_age_max >= 999),
    )
    sex_ok = (ckb.rule_sex < 0) | ((sex[:, None] >= 0) & (ckb.rule_sex == sex[:, None]))
    out: B = fired & age_ok & sex_ok
    return out


def fired_rules(ckb: CompiledKB, ev: EvidenceSet) -> list[int]:
    """Indices of red-flag rules whose every clause holds for this evidence."""
    if not len(ckb.rule_ids):
        return []
    row = np.zeros((1, len(ckb.finding_ids)))
    row[0, ev.present] = 1.0
    ages = np.array([np.nan if ev.age is None else float(ev.age)])
    sex = np.array([-1 if ev.sex_index is None else ev.sex_index], dtype=np.int64)
    return [int(i) for i in np.flatnonzero(fired_matrix(ckb, row, ages, sex)[0])]


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
