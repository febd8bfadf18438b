"""``Case``: what is known about one person, the input of every reasoning step.

Intake (free text, answers, questionnaires, FHIR) produces a Case; reasoning
never sees where the evidence came from except through ``source`` and ``span``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Side = Literal["left", "right", "both"]
EvidenceSource = Literal["text", "answer", "exam", "test", "instrument", "fhir", "derived"]

MAX_TEXT_CHARS = 20_000
"""Longest free text accepted: a long forum post is ~5,000 characters."""


class Span(BaseModel):
    """Where in the person's own words a finding was read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Evidence(BaseModel):
    """One finding, present or absent, optionally with side and the text it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    finding: str = Field(min_length=1, max_length=80)
    present: bool = True
    side: Side | None = None
    source: EvidenceSource = "answer"
    span: Span | None = None


class Case(BaseModel):
    """A person (age, sex) and the evidence about them."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200)
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    evidence: list[Evidence] = Field(default_factory=list, max_length=2000)
    duration_days: float | None = Field(None, ge=0, le=36500, description="how long the problem has lasted")
    text: str | None = Field(None, max_length=MAX_TEXT_CHARS)

    @model_validator(mode="after")
    def _no_contradictions(self) -> Case:
        seen: dict[str, bool] = {}
        for e in self.evidence:
            if e.finding in seen and seen[e.finding] != e.present:
                raise ValueError(f"contradictory evidence: finding {e.finding!r} is given both as present and as absent")
            seen[e.finding] = e.present
        return self
