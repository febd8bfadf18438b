"""What the templates show, built from an Assessment or the knowledge base; no medical text of its own.

Labels for urgency levels, care-plan categories and "against" wording are the CLI renderer's,
so the terminal and the web page say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from jinja2 import Environment

from lumbus.assessment import Assessment, DifferentialEntry
from lumbus.cli.render import CATEGORY_LABEL, URGENCY_STYLE
from lumbus.cli.render import _against as against_label
from lumbus.knowledge.loader import KnowledgeBase, load_packaged
from lumbus.knowledge.schema import CareItem, Condition, Finding, Link, Reference, Specialist, Test, Treatment, WorkupItem

T = TypeVar("T")

URGENCY_LABEL = {level: title for level, (_style, title) in URGENCY_STYLE.items()}

FREQUENCY_BANDS: tuple[tuple[str, float, float], ...] = (
    ("Very frequent or always (80-100%)", 0.8, 1.01),
    ("Frequent (30-79%)", 0.3, 0.8),
    ("Occasional (5-29%)", 0.05, 0.3),
)
"""The HPO frequency scale's bands (HP:0040280-HP:0040284); rarer links are shown as 'usually absent'."""

FINDING_KINDS = {
    "symptoms": ("symptom", "sign"),
    "history": ("history", "risk_factor", "demographic"),
    "tests": ("test_result",),
}
ATROPHY_REVERSIBLE_LABEL = {"yes": "Yes", "partly": "Partly", "no": "No", "not_applicable": "Not applicable"}


def percent(p: float) -> str:
    if 0 < p < 0.005:
        return "<1%"
    return f"{p:.0%}"


UNIT_LABEL = {"s": "seconds", "min": "minutes", "kg/m2": "kg/m²", "%": "%"}
"""UCUM units as people read them; annotations such as ``{score}`` are not shown."""


def unit_label(unit: str | None, sep: str = "") -> str:
    if not unit or unit.startswith("{") or unit == "%":
        return ""
    return sep + UNIT_LABEL.get(unit, unit)


def number(x: float) -> str:
    return f"{x:g}"


def humanise(identifier: str) -> str:
    return identifier.replace("_", " ")


def grouped(items: Iterable[T], key: str) -> list[tuple[str, list[T]]]:
    """Items grouped by an attribute, groups in order of first appearance."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(str(getattr(item, key)), []).append(item)
    return list(groups.items())


def install(env: Environment) -> None:
    env.filters.update(
        percent=percent,
        humanise=humanise,
        against=against_label,
        urgency_label=lambda level: URGENCY_LABEL[str(level)],
        category_label=lambda c: CATEGORY_LABEL.get(str(c), humanise(str(c))),
        grouped=grouped,
        unit_label=unit_label,
        number=number,
    )
    env.globals.update(kb=load_packaged, atrophy_reversible_label=ATROPHY_REVERSIBLE_LABEL)


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    frequency: float
    note: str | None


@dataclass(frozen=True)
class WorkupView:
    item: WorkupItem
    test: Test


@dataclass(frozen=True)
class CareView:
    item: CareItem
    treatment: Treatment | None

    @property
    def category(self) -> str:
        return self.item.category


@dataclass(frozen=True)
class ConditionView:
    """Everything the condition page shows, resolved from the knowledge base."""

    condition: Condition
    specialist: Specialist
    findings: dict[str, list[tuple[str, list[FindingView]]]]
    usually_absent: list[FindingView]
    workup: list[WorkupView]
    care: list[tuple[str, list[CareView]]]
    nutrition_exercise: list[CareView]
    references: list[Reference]

    @property
    def ref_numbers(self) -> dict[str, int]:
        return {r.id: n for n, r in enumerate(self.references, start=1)}


def link_frequency(kb: KnowledgeBase, link: Link) -> float:
    if isinstance(link.frequency, float | int):
        return float(link.frequency)
    return kb.meta.frequency_scale.terms[link.frequency]


def _cited(condition: Condition) -> list[str]:
    """Every reference id the condition's statements cite, in order of first use."""
    ids: list[str] = list(condition.references)
    statements: Sequence[Any] = [
        condition.summary,
        *condition.causes,
        *condition.types,
        condition.prior,
        *condition.findings,
        *condition.workup,
        *condition.care_plan,
        condition.prognosis,
        condition.reversibility,
        *condition.complications,
    ]
    for s in statements:
        ids += s.refs
    return list(dict.fromkeys(ids))


def condition_view(kb: KnowledgeBase, condition: Condition) -> ConditionView:
    views = sorted(
        (FindingView(kb.findings[link.finding], link_frequency(kb, link), link.note) for link in condition.findings),
        key=lambda v: -v.frequency,
    )
    findings: dict[str, list[tuple[str, list[FindingView]]]] = {}
    for kind, types in FINDING_KINDS.items():
        bands = []
        for label, floor, upper in FREQUENCY_BANDS:
            band = [v for v in views if v.finding.type in types and floor <= v.frequency < upper]
            if band:
                bands.append((label, band))
        findings[kind] = bands
    care = [CareView(item, kb.treatments.get(item.treatment) if item.treatment else None) for item in condition.care_plan]
    return ConditionView(
        condition=condition,
        specialist=kb.specialists[condition.specialist],
        findings=findings,
        usually_absent=[v for v in views if v.frequency < FREQUENCY_BANDS[-1][1] and v.finding.type in FINDING_KINDS["symptoms"]],
        workup=[WorkupView(w, kb.tests[w.test]) for w in sorted(condition.workup, key=lambda w: w.priority)],
        care=grouped((c for c in care if c.item.category not in ("nutrition", "exercise")), "category"),
        nutrition_exercise=[c for c in care if c.item.category in ("nutrition", "exercise")],
        references=[kb.references[r] for r in _cited(condition) if r in kb.references],
    )


def atrophy_sources(kb: KnowledgeBase, a: Assessment, limit: int = 3) -> list[DifferentialEntry]:
    """The likeliest conditions that, by the knowledge base, mostly cause the kind of wasting found."""
    label = a.atrophy_type.label
    out = []
    for d in a.differential:
        c = kb.conditions.get(d.condition.id)
        if c is not None and c.atrophy_type.get(label, 0.0) >= 0.5 and d.probability >= 0.01:
            out.append(d)
    return out[:limit]


_WORD = re.compile(r"\w+", re.UNICODE)


def search_conditions(kb: KnowledgeBase, query: str) -> list[Condition]:
    """Conditions whose name, synonyms, codes or summary contain every word of ``query``; names first."""
    words = [w.lower() for w in _WORD.findall(query)][:12]
    conditions = sorted(kb.conditions.values(), key=lambda c: c.name.lower())
    if not words:
        return conditions
    hits: list[tuple[int, Condition]] = []
    for c in conditions:
        title = " ".join([c.name, *c.synonyms, c.icd10]).lower()
        body = f"{title} {c.summary.text.lower()}"
        if all(w in body for w in words):
            hits.append((0 if all(w in title for w in words) else 1, c))
    return [c for _rank, c in sorted(hits, key=lambda h: h[0])]
