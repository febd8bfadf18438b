"""``Assessment``: the public result, the same object for the CLI, Python API and REST API.

Its keys are the stable contract of DESIGN.md; keys may be added, never renamed
or removed without a deprecation.
"""

from __future__ import annotations

from typing import Any, Self, cast

from pydantic import BaseModel, ConfigDict

from lumbus.case import Side, Span
from lumbus.knowledge.schema import AtrophyType, CareCategory, LesionSite, RootLevel, Urgency


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """An instance from values the engine has already made right: no validation, as ``model_construct``,
        at a third of its cost (an assessment builds ~30 of these, and ``model_construct`` was a sixth of it)."""
        if len(values) != len(cls.__pydantic_fields__):
            return cast(Self, cls.model_construct(**values))  # fills in defaults
        out: Self = cls.__new__(cls)
        object.__setattr__(out, "__dict__", values)
        object.__setattr__(out, "__pydantic_fields_set__", set(values))
        object.__setattr__(out, "__pydantic_extra__", None)
        object.__setattr__(out, "__pydantic_private__", None)
        return out


class ConditionRef(_Out):
    id: str
    name: str
    icd10: str
    snomed: str


class Contribution(_Out):
    """One finding's weight for or against a condition: its log likelihood ratio."""

    finding: str
    name: str
    present: bool
    llr: float
    likelihood_ratio: float
    mentioned: bool = True
    """False when the weight comes from the person's story leaving a salient finding out."""


class DifferentialEntry(_Out):
    condition: ConditionRef
    probability: float
    supporting: list[Contribution]
    opposing: list[Contribution]
    urgency: Urgency


class AtrophyResult(_Out):
    label: AtrophyType
    probabilities: dict[str, float]
    observed: bool | None
    """True if wasting or weakness was reported, False if wasting was denied, None if nobody said."""


class RootLevelResult(_Out):
    level: RootLevel
    side: Side | None
    probability: float


class Localization(_Out):
    root_levels: list[RootLevelResult]
    lesion_site: LesionSite
    lesion_sites: dict[str, float]


class FiredRedFlag(_Out):
    id: str
    name: str
    urgency: Urgency
    reason: str
    action: str
    findings: list[str]
    refs: list[str]


class Triage(_Out):
    level: Urgency
    reasons: list[str]
    red_flags: list[FiredRedFlag]
    action: str


class TestRef(_Out):
    id: str
    name: str


class WorkupItem(_Out):
    test: TestRef
    rationale: str
    timing: str
    for_conditions: list[str]
    refs: list[str]


class SpecialistRef(_Out):
    id: str
    name: str


class CarePlanItem(_Out):
    category: CareCategory
    text: str
    condition: str | None
    """the condition whose plan this is; None when a present finding (e.g. a STarT Back risk group) brings it"""
    treatment: str | None
    refs: list[str]
    estimate: bool
    finding: str | None = None


class EvidenceOut(_Out):
    finding: str
    name: str
    present: bool
    side: Side | None
    source: str
    span: Span | None
    body_site: str | None = None


class Assessment(_Out):
    kb_version: str
    differential: list[DifferentialEntry]
    atrophy_type: AtrophyResult
    localization: Localization
    triage: Triage
    specialist: SpecialistRef
    workup: list[WorkupItem]
    care_plan: list[CarePlanItem]
    evidence: list[EvidenceOut]
    disclaimer: str
    case_id: str | None = None
    age: int | None = None
    sex: str | None = None
