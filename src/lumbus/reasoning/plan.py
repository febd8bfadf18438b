"""What next: work-up ordered by how much the likely conditions need it, specialist, care plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import cast

import numpy as np

from lumbus.assessment import CarePlanItem, SpecialistRef, TestRef, WorkupItem
from lumbus.knowledge.compiled import F64, CompiledKB


def _candidates(ckb: CompiledKB, post: F64, floor: float, always: list[int]) -> list[int]:
    order: list[int] = np.argsort(-post).tolist()
    probability = post.tolist()
    chosen = [i for i in order if probability[i] >= floor][:8]
    return chosen + [i for i in always if i not in chosen]


def workup(ckb: CompiledKB, post: F64, urgent_conditions: list[int]) -> list[WorkupItem]:
    """Tests from the likely (and every dangerous) condition, most needed first."""
    settings = ckb.kb.meta.engine
    score: dict[str, float] = defaultdict(float)
    best: dict[str, tuple[float, int, int]] = {}
    owners: dict[str, list[str]] = defaultdict(list)
    probability = post.tolist()
    for ci in _candidates(ckb, post, settings.workup_min_probability, urgent_conditions):
        cond = ckb.kb.conditions[ckb.condition_ids[ci]]
        boost = 10.0 if ci in urgent_conditions else 1.0
        for k, item in enumerate(cond.workup):
            w = boost * probability[ci] / item.priority
            score[item.test] += w
            owners[item.test].append(cond.id)
            if item.test not in best or w > best[item.test][0]:
                best[item.test] = (w, ci, k)
    out: list[WorkupItem] = []
    for test_id in sorted(score, key=lambda t: -score[t])[: settings.workup_size]:
        _, ci, k = best[test_id]
        item = ckb.kb.conditions[ckb.condition_ids[ci]].workup[k]
        test = ckb.kb.tests[test_id]
        out.append(
            WorkupItem.built(
                test=TestRef.built(id=test.id, name=test.name),
                rationale=item.rationale,
                timing=item.timing,
                for_conditions=list(dict.fromkeys(owners[test_id])),
                refs=list(item.refs),
            )
        )
    return out


def specialist(ckb: CompiledKB, post: F64, emergency_conditions: list[int]) -> SpecialistRef:
    """The specialist carrying most probability; in an emergency, that of the most likely emergency."""
    if emergency_conditions:
        sid = ckb.kb.conditions[ckb.condition_ids[emergency_conditions[0]]].specialist
    else:
        mass = np.bincount(ckb.specialist_of, weights=post, minlength=len(ckb.specialist_ids))
        sid = ckb.specialist_ids[int(np.argmax(mass))]
    spec = ckb.kb.specialists[sid]
    return SpecialistRef.built(id=spec.id, name=spec.name)


def care_plan(ckb: CompiledKB, post: F64, present: Iterable[int] = ()) -> list[CarePlanItem]:
    """Care that present findings bring (a high-risk STarT Back), then the top condition's plan,
    plus any other condition above the care-plan threshold."""
    settings = ckb.kb.meta.engine
    order: list[int] = np.argsort(-post)[:4].tolist()
    chosen = [order[0]] + [i for i in order[1:] if post[i] >= settings.care_plan_min_probability]
    seen: set[str] = set()
    out: list[CarePlanItem] = []
    for item in _finding_care(ckb, present):
        seen.add(item.treatment or item.text)
        out.append(item)
    for ci in chosen:
        for item in _plan_of(ckb, ci):
            key = item.treatment or item.text
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _finding_care(ckb: CompiledKB, present: Iterable[int]) -> list[CarePlanItem]:
    """Care items the instrument data attaches to findings, for the findings present."""
    by_finding = cast(dict[str, list[CarePlanItem]] | None, ckb.cache.get(("finding_care",)))
    if by_finding is None:
        by_finding = ckb.cache[("finding_care",)] = {
            fc.finding: [
                CarePlanItem.built(
                    category=item.category,
                    text=item.text,
                    condition=None,
                    treatment=item.treatment,
                    refs=list(item.refs),
                    estimate=item.estimate,
                    finding=fc.finding,
                )
                for item in fc.care_plan
            ]
            for inst in ckb.kb.instruments.values()
            for fc in inst.care
        }
    return [item for i in present for item in by_finding.get(ckb.finding_ids[i], [])]


def _plan_of(ckb: CompiledKB, ci: int) -> list[CarePlanItem]:
    """A condition's care-plan items never change for a knowledge base: build them once (frozen models)."""
    key = ("care_plan", ci)
    items = ckb.cache.get(key)
    if items is None:
        cond = ckb.kb.conditions[ckb.condition_ids[ci]]
        items = ckb.cache[key] = [
            CarePlanItem.built(
                category=item.category,
                text=item.text,
                condition=cond.id,
                treatment=item.treatment,
                refs=list(item.refs),
                estimate=item.estimate,
                finding=None,
            )
            for item in cond.care_plan
        ]
    return items  # type: ignore[return-value]
