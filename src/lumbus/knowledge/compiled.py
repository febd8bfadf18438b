"""The knowledge base compiled once into NumPy arrays for the engine.

Conditions are rows, findings are columns. Link probabilities are stored as log
likelihood ratios against each finding's background (the leak), so a finding
that a condition does not mention contributes exactly zero to that condition,
and the same numbers serve both the posterior and its explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from lumbus.assessment import ConditionRef
from lumbus.knowledge.loader import KnowledgeBase, load_packaged
from lumbus.knowledge.schema import AGE_BANDS, ATROPHY_TYPES, LESION_SITES, ROOT_LEVELS, AgeCurve, FrequencyTerm, Urgency

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]

URGENCIES: tuple[Urgency, ...] = tuple(Urgency)
SEXES: tuple[str, ...] = ("female", "male")


AGES = np.arange(121)
"""Every age the engine accepts; ``log_age`` has a column for each."""


def age_index(age: int | None) -> int | None:
    """Column of ``log_age`` for this age (None when unknown or outside 0-120)."""
    return None if age is None or not 0 <= age <= 120 else age


def _band_columns(curve: AgeCurve | None) -> NDArray[np.float64]:
    """Weights, shape (121, bands), that turn band log multipliers into one per year of age.

    Without a curve each age takes its band's multiplier; with one, the log multiplier is
    interpolated linearly between the bands' anchor ages and held flat beyond the end anchors.
    """
    weights = np.zeros((len(AGES), len(AGE_BANDS)))
    if curve is None:
        for bi, band in enumerate(AGE_BANDS):
            lo, hi = (int(x) for x in band.split("-"))
            weights[lo : hi + 1, bi] = 1.0
        return weights
    anchors = [curve.anchors[b] for b in AGE_BANDS]  # type: ignore[index]
    for bi in range(len(AGE_BANDS)):
        hat = np.zeros(len(AGE_BANDS))
        hat[bi] = 1.0
        weights[:, bi] = np.interp(AGES, anchors, hat)
    return weights


@dataclass(frozen=True, eq=False)
class CompiledKB:
    kb: KnowledgeBase
    condition_ids: tuple[str, ...]
    finding_ids: tuple[str, ...]
    finding_index: dict[str, int]
    condition_index: dict[str, int]
    p: F64
    """P(finding | condition), leak-filled, shape (C, F)."""
    background: F64
    llr_present: F64
    """log P(f|c) - log bg(f), shape (C, F)."""
    llr_absent: F64
    """log (1-P(f|c)) - log (1-bg(f)), shape (C, F)."""
    llr_unmentioned: F64
    """log (1-s P(f|c)) - log (1-s bg(f)) for salient findings a story leaves out, shape (C, F)."""
    salient: tuple[int, ...]
    log_prior: F64
    """log base prior, shape (C,)."""
    log_age: F64
    """log age multiplier per condition and year of age, shape (C, 121)."""
    log_sex: F64
    """log sex multiplier, shape (C, 2)."""
    atrophy: F64
    """atrophy-type distribution as written, shape (C, len(ATROPHY_TYPES))."""
    atrophy_given_wasting: F64
    """the same with the "none" share moved onto the wasting types (wasting was seen)"""
    atrophy_unknown: F64
    """P(type | c) when nobody said whether there is wasting: P(wasting | c) from the links"""
    lesion: F64
    """lesion-site distribution, shape (C, len(LESION_SITES))."""
    roots: F64
    """root-level distribution, shape (C, len(ROOT_LEVELS))."""
    urgency_rank: I64
    """default urgency rank per condition, shape (C,)."""
    urgency_threshold: F64
    """posterior at which the condition's urgency applies, shape (C,)."""
    clause_matrix: F64
    """1 where a finding is in a red-flag clause, shape (K, F)."""
    clause_min: F64
    clause_rule: I64
    rule_ids: tuple[str, ...]
    rule_urgency_rank: I64
    rule_age_min: F64
    rule_age_max: F64
    rule_sex: I64
    """-1 any, else index into SEXES."""
    rule_clause_count: I64
    unless_matrix: F64
    """1 where a finding switches a rule off, shape (rules, F)."""
    root_llr_present: F64
    """localization log LR per root, shape (R, F)."""
    root_llr_absent: F64
    implies: tuple[tuple[int, ...], ...]
    """findings implied by each finding (transitive closure)."""
    implied_by: tuple[tuple[int, ...], ...]
    states_absent: tuple[tuple[int, ...], ...]
    """findings whose absence each finding already states (not scored again while it is present)"""
    bilateral_of: tuple[int, ...]
    """index of the bilateral variant of each finding, or -1."""
    unilateral_of: tuple[int, ...]
    """index of the one-side-only variant of each finding, or -1."""
    lateral: B
    atrophy_finding: int
    involvement: tuple[int, ...]
    involvement_set: frozenset[int]
    """the wasting finding and the weakness findings that show the muscles are involved"""
    finding_names: tuple[str, ...]
    condition_refs: tuple[ConditionRef, ...]
    specialist_of: I64
    """index into ``specialist_ids`` per condition"""
    specialist_ids: tuple[str, ...]
    lateral_set: frozenset[int]
    age_rules: tuple[tuple[int, float, float], ...]
    """(finding, min age, max age) derived from the person's age"""
    duration_rules: tuple[tuple[int, float, float, bool], ...]
    """(finding, min days, max days, fires-when-unknown)"""
    cache: dict[object, object] = field(default_factory=dict, repr=False)
    """memo of immutable output pieces (explanations) built from this knowledge base"""


def _freq(value: FrequencyTerm | float, scale: Mapping[FrequencyTerm, float]) -> float:
    return float(value) if isinstance(value, int | float) else scale[value]


def _closure(direct: list[set[int]]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for start in range(len(direct)):
        seen: set[int] = set()
        stack = list(direct[start])
        while stack:
            j = stack.pop()
            if j not in seen and j != start:
                seen.add(j)
                stack.extend(direct[j])
        out.append(tuple(sorted(seen)))
    return out


def _variant(fidx: dict[str, int], fid: str | None) -> int:
    return fidx[fid] if fid else -1


def _make_consistent(p: F64, linked: NDArray[np.bool_], implies: list[tuple[int, ...]]) -> None:
    """If finding X implies Y (a foot drop is a leg weakness), then P(Y|c) >= P(X|c).

    A condition that links X but not Y gets P(Y|c) raised to P(X|c); one that links Y
    but not X gets the leak of X lowered to P(Y|c). Authors then need not repeat every
    general finding next to the specific one.
    """
    for x, targets in enumerate(implies):
        for y in targets:
            raise_y = linked[:, x] & ~linked[:, y]
            p[raise_y, y] = np.maximum(p[raise_y, y], p[raise_y, x])
            lower_x = linked[:, y] & ~linked[:, x]
            p[lower_x, x] = np.minimum(p[lower_x, x], p[lower_x, y])


def compile_kb(kb: KnowledgeBase) -> CompiledKB:
    """Turn a validated knowledge base into arrays. Assumes ``check(kb)`` found no errors."""
    scale = dict(kb.meta.frequency_scale.terms)
    floor = kb.meta.probability_floor
    cids = tuple(kb.conditions)
    fids = tuple(kb.findings)
    fidx = {f: i for i, f in enumerate(fids)}
    cidx = {c: i for i, c in enumerate(cids)}
    n_c, n_f = len(cids), len(fids)

    bg = np.clip(np.array([kb.findings[f].background.value for f in fids], dtype=np.float64), floor, 1 - floor)
    p = np.tile(bg, (max(n_c, 1), 1))[:n_c].copy()
    max_lr = kb.meta.frequency_scale.max_lr
    for ci, cid in enumerate(cids):
        for link in kb.conditions[cid].findings:
            fi = fidx[link.finding]
            p[ci, fi] = _freq(link.frequency, scale)
            if isinstance(link.frequency, str) and link.frequency in max_lr:
                p[ci, fi] = min(p[ci, fi], max_lr[link.frequency] * bg[fi])
    direct = [{fidx[j] for j in kb.findings[f].implies} for f in fids]
    implies = _closure(direct)
    linked = np.zeros_like(p, dtype=bool)
    for ci, cid in enumerate(cids):
        for link in kb.conditions[cid].findings:
            linked[ci, fidx[link.finding]] = True
    _make_consistent(p, linked, implies)
    p = np.clip(p, floor, 1 - floor)
    llr_present = np.log(p) - np.log(bg)
    llr_absent = np.log1p(-p) - np.log1p(-bg)
    salience = np.array([kb.findings[f].salience.value if kb.findings[f].salience else 0.0 for f in fids])  # type: ignore[union-attr]
    llr_unmentioned = np.log1p(-salience * p) - np.log1p(-salience * bg)

    log_prior = np.empty(n_c)
    log_band = np.zeros((n_c, len(AGE_BANDS)))
    log_sex = np.zeros((n_c, len(SEXES)))
    atrophy = np.zeros((n_c, len(ATROPHY_TYPES)))
    lesion = np.zeros((n_c, len(LESION_SITES)))
    roots = np.zeros((n_c, len(ROOT_LEVELS)))
    urg = np.empty(n_c, dtype=np.int64)
    thr = np.empty(n_c)
    safety = kb.meta.triage.condition_safety
    for ci, cid in enumerate(cids):
        c = kb.conditions[cid]
        log_prior[ci] = np.log(max(c.prior.base, 1e-12))
        for bi, band in enumerate(AGE_BANDS):
            log_band[ci, bi] = np.log(max(c.prior.age.get(band, 1.0), 1e-12))  # type: ignore[call-overload]
        for si, sex in enumerate(SEXES):
            log_sex[ci, si] = np.log(max(c.prior.sex.get(sex, 1.0), 1e-12))  # type: ignore[call-overload]
        for ai, a in enumerate(ATROPHY_TYPES):
            atrophy[ci, ai] = c.atrophy_type.get(a, 0.0)
        for li, site in enumerate(LESION_SITES):
            lesion[ci, li] = c.lesion_site.get(site, 0.0)
        for ri, r in enumerate(ROOT_LEVELS):
            roots[ci, ri] = c.lesion_site.get("root", 0.0) * c.root_levels.get(r, 0.0)  # levels are given a root lesion
        urg[ci] = c.urgency.rank
        thr[ci] = c.urgency_threshold if c.urgency_threshold is not None else safety.get(c.urgency, 1.0)

    specialists = sorted({kb.conditions[c].specialist for c in cids})
    rules = list(kb.red_flags.values())
    clauses = [(ri, cl) for ri, r in enumerate(rules) for cl in r.all]
    clause_matrix = np.zeros((len(clauses), n_f))
    for k, (_, cl) in enumerate(clauses):
        for fid in cl.any:
            clause_matrix[k, fidx[fid]] = 1.0

    unless_matrix = np.zeros((len(rules), n_f))
    for ri, rule in enumerate(rules):
        for fid in rule.unless:
            unless_matrix[ri, fidx[fid]] = 1.0

    root_llr_present = np.zeros((len(ROOT_LEVELS), n_f))
    root_llr_absent = np.zeros((len(ROOT_LEVELS), n_f))
    for rl in kb.localization.root_findings:
        fi = fidx[rl.finding]
        for ri, r in enumerate(ROOT_LEVELS):
            value = rl.likelihood.get(r)
            if value is None:
                continue
            lik = float(np.clip(_freq(value, scale), floor, 1 - floor))
            root_llr_present[ri, fi] = np.log(lik) - np.log(bg[fi])
            root_llr_absent[ri, fi] = np.log1p(-lik) - np.log1p(-bg[fi])

    reverse: list[set[int]] = [set() for _ in fids]
    for i, targets in enumerate(implies):
        for j in targets:
            reverse[j].add(i)

    none = ATROPHY_TYPES.index("none")
    wasting_share = 1.0 - atrophy[:, none]
    can_waste = wasting_share > 1e-9
    given_wasting = atrophy.copy()
    given_wasting[can_waste] = atrophy[can_waste] / wasting_share[can_waste, None]
    given_wasting[can_waste, none] = 0.0
    p_wasting = np.where(can_waste, p[:, fidx[kb.meta.engine.atrophy_finding]], 0.0)
    unknown = given_wasting * p_wasting[:, None]
    unknown[:, none] = np.where(can_waste, 1.0 - p_wasting, 1.0)
    return CompiledKB(
        kb=kb,
        condition_ids=cids,
        finding_ids=fids,
        finding_index=fidx,
        condition_index=cidx,
        p=p,
        background=bg,
        llr_present=llr_present,
        llr_absent=llr_absent,
        llr_unmentioned=llr_unmentioned,
        salient=tuple(int(i) for i in np.flatnonzero(salience > 0)),
        log_prior=log_prior,
        log_age=log_band @ _band_columns(kb.meta.age_curve).T,
        log_sex=log_sex,
        atrophy=atrophy,
        atrophy_given_wasting=given_wasting,
        atrophy_unknown=unknown,
        lesion=lesion,
        roots=roots,
        urgency_rank=urg,
        urgency_threshold=thr,
        clause_matrix=clause_matrix,
        clause_min=np.array([float(cl.min) for _, cl in clauses]),
        clause_rule=np.array([ri for ri, _ in clauses], dtype=np.int64),
        rule_ids=tuple(r.id for r in rules),
        rule_urgency_rank=np.array([r.urgency.rank for r in rules], dtype=np.int64),
        rule_age_min=np.array([r.age_min if r.age_min is not None else -1 for r in rules], dtype=np.float64),
        rule_age_max=np.array([r.age_max if r.age_max is not None else 999 for r in rules], dtype=np.float64),
        rule_sex=np.array([SEXES.index(r.sex) if r.sex else -1 for r in rules], dtype=np.int64),
        unless_matrix=unless_matrix,
        rule_clause_count=np.bincount(np.array([ri for ri, _ in clauses], dtype=np.int64), minlength=len(rules)),
        root_llr_present=root_llr_present,
        root_llr_absent=root_llr_absent,
        implies=tuple(implies),
        implied_by=tuple(tuple(sorted(s)) for s in reverse),
        states_absent=tuple(tuple(sorted(fidx[j] for j in kb.findings[f].states_absent)) for f in fids),
        bilateral_of=tuple(_variant(fidx, kb.findings[f].bilateral) for f in fids),
        unilateral_of=tuple(_variant(fidx, kb.findings[f].unilateral) for f in fids),
        lateral=np.array([kb.findings[f].lateral for f in fids], dtype=bool),
        atrophy_finding=fidx[kb.meta.engine.atrophy_finding],
        involvement=(fidx[kb.meta.engine.atrophy_finding], *(fidx[f] for f in kb.meta.engine.muscle_involvement)),
        involvement_set=frozenset([fidx[kb.meta.engine.atrophy_finding], *(fidx[f] for f in kb.meta.engine.muscle_involvement)]),
        finding_names=tuple(kb.findings[f].name for f in fids),
        condition_refs=tuple(ConditionRef(id=c.id, name=c.name, icd10=c.icd10, snomed=c.snomed) for c in (kb.conditions[i] for i in cids)),
        specialist_of=np.array([specialists.index(kb.conditions[c].specialist) for c in cids], dtype=np.int64),
        specialist_ids=tuple(specialists),
        lateral_set=frozenset(i for i, f in enumerate(fids) if kb.findings[f].lateral),
        age_rules=tuple(
            (fidx[r.finding], -1.0 if r.min_age is None else r.min_age, 1e9 if r.max_age is None else r.max_age)
            for r in kb.meta.age_findings
        ),
        duration_rules=tuple(
            (fidx[r.finding], -1.0 if r.min_days is None else r.min_days, 1e18 if r.max_days is None else r.max_days, r.unknown)
            for r in kb.meta.duration_rules
        ),
    )


@lru_cache(maxsize=1)
def compiled_packaged() -> CompiledKB:
    """The packaged knowledge base, loaded and compiled once per process."""
    return compile_kb(load_packaged())
