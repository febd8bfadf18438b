"""Pydantic models for instrument files (``knowledge/data/instruments/*.yaml``).

An instrument is data: its items and answer options with their points, the scores
built from them (with the published missing-item rule), threshold criteria with
sex-specific cut-offs, the outcome classes, bands, minimal important change, codes,
and the rules that turn a result into knowledge-base findings. One engine
(:mod:`lumbus.instruments.scoring`) reads every instrument, so a scoring rule is
never hidden in code. Unknown keys are errors, as for every knowledge file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from lumbus.knowledge.schema import CareItem, Cited, Id, Sex, Statement, Strict

Op = Literal["lt", "le", "gt", "ge"]
Loinc = str


class Option(Strict):
    """One answer: its code (what a person or a FHIR response sends), a neutral label and its points."""

    code: str = Field(min_length=1, max_length=20)
    label: str = Field(min_length=1)
    value: int = Field(description="points (or grade) this answer scores")
    missing: bool = Field(False, description="the answer means 'not applicable': the item counts as unanswered")


class PointBand(Strict):
    """A measured value that scores ``points`` when it passes ``op value`` (first band that holds wins)."""

    op: Op | None = Field(None, description="no op: the band catches every value left")
    value: float | None = None
    points: int

    @model_validator(mode="after")
    def _pair(self) -> PointBand:
        if (self.op is None) != (self.value is None):
            raise ValueError("a point band needs both op and value, or neither")
        return self


class Item(Cited):
    """A question or a measurement. ``label`` is neutral; licensed wording is loaded at run time."""

    id: Id
    label: str = Field(min_length=2)
    kind: Literal["choice", "number"] = "choice"
    options: list[Option] = Field(default_factory=list)
    unit: str | None = Field(None, description="UCUM unit of a measurement")
    min: float | None = Field(None, description="lowest plausible measurement")
    max: float | None = Field(None, description="highest plausible measurement")
    allow_unable: bool = Field(False, description="'unable' is an answer: the test could not be done (worst performance)")
    unable_points: int | None = None
    points: list[PointBand] = Field(default_factory=list, description="measurement to points, first match wins")
    loinc: Loinc | None = Field(None, pattern=r"^\d{1,7}-\d$")

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.kind == "choice" and not self.options:
            raise ValueError(f"choice item {self.id!r} needs options")
        if self.kind == "number" and self.options:
            raise ValueError(f"number item {self.id!r} cannot have options")
        codes = [o.code for o in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError(f"item {self.id!r} repeats an option code")
        return self

    @property
    def max_points(self) -> int:
        if self.kind == "choice":
            return max(o.value for o in self.options)
        pts = [b.points for b in self.points] + ([self.unable_points] if self.unable_points is not None else [])
        return max(pts, default=0)


class Band(Cited):
    """An interpretation band: applies when the score is at most ``max`` (bands ascend; first match wins)."""

    id: Id
    label: str
    max: float


class Change(Cited):
    """Minimal important change of a score, and where change cannot be detected reliably."""

    better: Literal["lower", "higher"]
    absolute: float | None = Field(None, gt=0, description="minimal important change in points")
    relative: float | None = Field(None, gt=0, le=1, description="minimal important change as a fraction of the baseline")
    improvement_min_baseline: float | None = Field(None, description="below this baseline an improvement is not reliably detectable")
    worsening_max_baseline: float | None = Field(None, description="above this baseline a worsening is not reliably detectable")


class Missing(Cited):
    """The published rule for unanswered items."""

    max_missing: int = Field(0, ge=0, description="more unanswered items than this and the score is not valid")
    counts_as: int | None = Field(None, description="an unanswered item scores this (e.g. an unticked statement is 'no')")


class Score(Cited):
    """A score over items: a plain sum, or a percentage of the maximum over the answered items."""

    id: Id
    label: str
    method: Literal["sum", "percent"] = "sum"
    items: list[Id] = Field(min_length=1)
    missing: Missing
    unit: str = "{score}"
    bands: list[Band] = Field(default_factory=list)
    change: Change | None = None
    loinc: Loinc | None = Field(None, pattern=r"^\d{1,7}-\d$")


class Criterion(Cited):
    """A threshold on one item or score (cut-off may depend on sex), or ``any`` of other criteria.

    Three-valued: met, not met, or unknown when nothing it needs was measured.
    """

    id: Id
    label: str
    item: Id | None = None
    score: Id | None = None
    op: Op | None = None
    value: float | dict[Sex, float] | None = None
    any: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        threshold = self.item is not None or self.score is not None
        if threshold == bool(self.any) or (threshold and (self.op is None or self.value is None)):
            raise ValueError(f"criterion {self.id!r} needs either item/score with op and value, or any")
        if self.item is not None and self.score is not None:
            raise ValueError(f"criterion {self.id!r} names both an item and a score")
        if isinstance(self.value, dict) and set(self.value) != {"female", "male"}:
            raise ValueError(f"criterion {self.id!r}: a sex-specific cut-off needs both female and male")
        return self


class When(Strict):
    """One condition of a rule: a score or item value in a range, a criterion met or not, or an outcome."""

    score: Id | None = None
    item: Id | None = None
    min: float | None = None
    max: float | None = None
    criterion: Id | None = None
    met: bool | None = Field(True, description="null: the criterion could not be judged (nothing it needs was measured)")
    outcome: Id | None = None

    @model_validator(mode="after")
    def _one(self) -> When:
        if sum(x is not None for x in (self.score, self.item, self.criterion, self.outcome)) != 1:
            raise ValueError("a condition names exactly one of score, item, criterion, outcome")
        return self


class Outcome(Cited):
    """A classification (e.g. STarT Back risk group, EWGSOP2 stage); the first whose conditions all hold wins."""

    id: Id
    label: str
    when: list[When] = Field(default_factory=list, description="empty: the default")


class EvidenceRule(Cited):
    """A result that is a knowledge-base finding.

    Either ``when`` (all conditions hold: the finding is ``present`` or absent), or ``sides``
    (one item per side: a value within ``min``..``max`` on a side makes the lateral finding
    present on that side; every side answered outside the range makes it absent, unless
    ``rule_out`` is false).
    """

    finding: Id
    present: bool = True
    when: list[When] = Field(default_factory=list)
    sides: dict[Literal["left", "right"], Id] = Field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    rule_out: bool = Field(True, description="with sides: every side answered outside the range makes the finding absent")

    @model_validator(mode="after")
    def _shape(self) -> EvidenceRule:
        if bool(self.when) == bool(self.sides):
            raise ValueError(f"evidence rule for {self.finding!r} needs either when or sides")
        return self


class FindingCare(Cited):
    """Care-plan items that apply whenever a finding is present, whatever it came from."""

    finding: Id
    care_plan: list[CareItem] = Field(min_length=1)


class Instrument(Strict):
    id: Id
    name: str
    short_name: str
    version: str
    kind: Literal["questionnaire", "performance_test", "examination", "algorithm", "scale"]
    description: Statement
    copyright: str | None = Field(None, description="why item wording is not shipped; a clinic may load licensed text")
    loinc: Loinc | None = Field(None, pattern=r"^\d{1,7}-\d$", description="LOINC panel code")
    outcome_loinc: Loinc | None = Field(None, pattern=r"^\d{1,7}-\d$", description="LOINC code of the outcome (class)")
    needs: list[Literal["sex"]] = Field(default_factory=list, description="what scoring needs besides the answers")
    items: list[Item] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    primary: Id | None = Field(None, description="the score reported as the headline result (default: the first)")
    evidence: list[EvidenceRule] = Field(default_factory=list)
    care: list[FindingCare] = Field(default_factory=list)
    references: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> Instrument:
        items = {i.id for i in self.items}
        scores = {s.id for s in self.scores}
        criteria = {c.id for c in self.criteria}
        outcomes = {o.id for o in self.outcomes}
        for name, ids in (("item", [i.id for i in self.items]), ("score", [s.id for s in self.scores])):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{name} ids repeat")
        for s in self.scores:
            for i in s.items:
                if i not in items:
                    raise ValueError(f"score {s.id!r} names unknown item {i!r}")
        for c in self.criteria:
            if c.item is not None and c.item not in items:
                raise ValueError(f"criterion {c.id!r} names unknown item {c.item!r}")
            if c.score is not None and c.score not in scores:
                raise ValueError(f"criterion {c.id!r} names unknown score {c.score!r}")
            for other in c.any:
                if other not in criteria:
                    raise ValueError(f"criterion {c.id!r} names unknown criterion {other!r}")
        conds = [w for o in self.outcomes for w in o.when] + [w for r in self.evidence for w in r.when]
        for w in conds:
            for ref, pool, kind in ((w.score, scores, "score"), (w.item, items, "item"), (w.criterion, criteria, "criterion")):
                if ref is not None and ref not in pool:
                    raise ValueError(f"a condition names unknown {kind} {ref!r}")
            if w.outcome is not None and w.outcome not in outcomes:
                raise ValueError(f"a condition names unknown outcome {w.outcome!r}")
        for r in self.evidence:
            for item in r.sides.values():
                if item not in items:
                    raise ValueError(f"evidence rule for {r.finding!r} names unknown item {item!r}")
        if self.primary is not None and self.primary not in scores:
            raise ValueError(f"primary {self.primary!r} is not a score")
        return self

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    @property
    def required_items(self) -> set[str]:
        """Items no score can do without: its published rule allows no unanswered item and gives none a default."""
        return {i for s in self.scores if s.missing.max_missing == 0 and s.missing.counts_as is None for i in s.items}

    @property
    def primary_score(self) -> Score | None:
        if self.primary is not None:
            return next(s for s in self.scores if s.id == self.primary)
        return self.scores[0] if self.scores else None


class InstrumentFile(Strict):
    instrument: Instrument
