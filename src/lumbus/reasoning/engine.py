"""``assess``: one Case in, one Assessment out. Pure: no I/O, no web, no database."""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from lumbus.assessment import (
    Assessment,
    AtrophyResult,
    Contribution,
    DifferentialEntry,
    EvidenceOut,
    FiredRedFlag,
    Localization,
    RootLevelResult,
    Triage,
)
from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import CompiledKB, compiled_packaged
from lumbus.knowledge.schema import ATROPHY_TYPES, LESION_SITES, ROOT_LEVELS, Urgency
from lumbus.reasoning import characterise, localization, plan
from lumbus.reasoning.differential import posterior
from lumbus.reasoning.evidence import EvidenceSet, expand
from lumbus.reasoning.triage import TriageResult, triage

_PRESENT, _ABSENT, _UNMENTIONED = 0, 1, 2


def _contribution(ckb: CompiledKB, c: int, f: int, status: int, llr: float) -> Contribution:
    """A finding's weight on a condition never changes for a knowledge base: build it once (frozen model)."""
    key = (c, f, status)
    found = ckb.cache.get(key)
    if found is None:
        found = ckb.cache[key] = Contribution.built(
            finding=ckb.finding_ids[f],
            name=ckb.finding_names[f],
            present=status == _PRESENT,
            llr=round(llr, 4),
            likelihood_ratio=round(math.exp(llr), 4),
            mentioned=status != _UNMENTIONED,
        )
    return cast(Contribution, found)


def _differential(ckb: CompiledKB, ev: EvidenceSet, post: np.ndarray, extra: list[int]) -> list[DifferentialEntry]:
    """Top conditions with each finding's log likelihood ratio, strongest first."""
    settings = ckb.kb.meta.engine
    k = settings.explanation_size
    order: list[int] = np.argsort(-post)[: settings.differential_size].tolist()
    order += [i for i in extra if i not in order]
    findings = np.concatenate([ev.scored_present, ev.scored_absent, ev.unmentioned])
    status = np.repeat([_PRESENT, _ABSENT, _UNMENTIONED], [len(ev.scored_present), len(ev.scored_absent), len(ev.unmentioned)])
    rows = np.array(order, dtype=np.int64)[:, None]
    weights = np.concatenate(
        [ckb.llr_present[rows, ev.scored_present], ckb.llr_absent[rows, ev.scored_absent], ckb.llr_unmentioned[rows, ev.unmentioned]],
        axis=1,
    )
    by = np.argsort(-weights, axis=1)  # per row, as one call: strongest support first
    support, against = by[:, :k].tolist(), by[:, ::-1][:, :k].tolist()
    w_rows, finding_of, status_of, probability = weights.tolist(), findings.tolist(), status.tolist(), post.tolist()
    out = []
    for row, ci in enumerate(order):
        w = w_rows[row]
        cond = ckb.kb.conditions[ckb.condition_ids[ci]]
        out.append(
            DifferentialEntry.built(
                condition=ckb.condition_refs[ci],
                probability=round(probability[ci], 6),
                supporting=[_contribution(ckb, ci, finding_of[j], status_of[j], w[j]) for j in support[row] if w[j] > 1e-9],
                opposing=[_contribution(ckb, ci, finding_of[j], status_of[j], w[j]) for j in against[row] if w[j] < -1e-9],
                urgency=cond.urgency,
            )
        )
    return out


def _triage_out(ckb: CompiledKB, ev: EvidenceSet, post: np.ndarray, tr: TriageResult) -> Triage:
    kb = ckb.kb
    rules = [kb.red_flags[ckb.rule_ids[r]] for r in tr.fired_rules]
    present = {ckb.finding_ids[i] for i in ev.present}
    fired = [
        FiredRedFlag.built(
            id=r.id,
            name=r.name,
            urgency=r.urgency,
            reason=r.reason,
            action=r.action,
            findings=sorted({f for cl in r.all for f in cl.any if f in present}),
            refs=list(r.refs),
        )
        for r in sorted(rules, key=lambda r: -r.urgency.rank)
    ]
    reasons = [f"{r.name}: {r.reason}" for r in fired]
    for ci in tr.conditions_over_threshold:
        cond = kb.conditions[ckb.condition_ids[ci]]
        if cond.urgency.rank >= tr.level.rank and cond.urgency.rank > 1:
            reasons.append(f"{cond.name} is possible ({post[ci]:.0%}); it needs {cond.urgency.value.replace('_', ' ')} care.")
    if not reasons:
        top = kb.conditions[ckb.condition_ids[tr.top_condition]]
        reasons.append(
            f"No red flags were found in what you told us. The most likely explanation ({top.name}) "
            f"usually needs {tr.level.value.replace('_', ' ')} care."
        )
    action = fired[0].action if fired and fired[0].urgency == tr.level else kb.meta.triage_actions[tr.level]
    return Triage.built(level=tr.level, reasons=reasons, red_flags=fired, action=action)


def _evidence_out(ckb: CompiledKB, items: list[Evidence]) -> list[EvidenceOut]:
    out = []
    for e in items:
        key = ("evidence", e.finding, e.present, e.side, e.source) if e.span is None else None
        item = ckb.cache.get(key) if key else None
        if item is None:
            item = EvidenceOut.built(
                finding=e.finding,
                name=ckb.kb.findings[e.finding].name,
                present=e.present,
                side=e.side,
                source=e.source,
                span=e.span,
                body_site=ckb.kb.findings[e.finding].body_site,
            )
            if key:
                ckb.cache[key] = item
        out.append(item)
    return out  # type: ignore[return-value]


def assess(case: Case, ckb: CompiledKB | None = None) -> Assessment:
    """Assess one case against the (packaged, by default) knowledge base."""
    ckb = ckb or compiled_packaged()
    ev = expand(case, ckb)
    post = posterior(ckb, ev)
    tr = triage(ckb, ev, post)
    urgent = [c for c in tr.conditions_over_threshold if ckb.urgency_rank[c] >= Urgency.urgent.rank]
    emergency = [c for c in tr.conditions_over_threshold if ckb.urgency_rank[c] == Urgency.emergency.rank]

    observed = characterise.atrophy_observed(ckb, ev)
    atrophy = characterise.atrophy_distribution(ckb, post, observed)
    lesion = characterise.lesion_distribution(ckb, post)
    roots = localization.root_distribution(ckb, ev, post)
    min_root = ckb.kb.meta.engine.root_min_probability
    root_out = [
        RootLevelResult.built(level=ROOT_LEVELS[r], side=localization.side_of(ckb, ev, r), probability=round(float(roots[r]), 6))
        for r in np.argsort(-roots)
        if roots[r] >= min_root
    ]
    return Assessment.built(
        kb_version=ckb.kb.meta.kb_version,
        differential=_differential(ckb, ev, post, urgent),
        atrophy_type=AtrophyResult.built(
            label=ATROPHY_TYPES[int(np.argmax(atrophy))],
            probabilities={a: round(float(p), 6) for a, p in zip(ATROPHY_TYPES, atrophy, strict=True)},
            observed=observed,
        ),
        localization=Localization.built(
            root_levels=root_out,
            lesion_site=LESION_SITES[int(np.argmax(lesion))],
            lesion_sites={s: round(float(p), 6) for s, p in zip(LESION_SITES, lesion, strict=True)},
        ),
        triage=_triage_out(ckb, ev, post, tr),
        specialist=plan.specialist(ckb, post, emergency),
        workup=plan.workup(ckb, post, urgent),
        care_plan=plan.care_plan(ckb, post, (int(i) for i in ev.present)),
        evidence=_evidence_out(ckb, [*ev.given, *ev.derived_evidence(ckb)]),
        disclaimer=ckb.kb.meta.disclaimer,
        case_id=case.id,
        age=case.age,
        sex=case.sex,
    )
