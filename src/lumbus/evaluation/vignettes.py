"""Evaluation on published vignettes: one YAML file per case, with its source and the expected answer."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lumbus.assessment import Assessment
from lumbus.case import Side
from lumbus.knowledge.compiled import CompiledKB
from lumbus.knowledge.schema import AtrophyType, RootLevel, Urgency
from lumbus.reasoning.interview import DONT_KNOW, AnswerValue, Question


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VignetteSource(_M):
    kind: Literal["case_report", "qa_thread", "guideline_case", "textbook_case"]
    citation: str
    url: str | None = None


class Expected(_M):
    condition: str
    icd10: str
    atrophy_type: AtrophyType
    root_level: list[RootLevel] | None = None
    side: Side | None = None
    urgency: Urgency


class VignetteFindings(_M):
    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class Vignette(_M):
    id: str
    source: VignetteSource
    text: str = Field(min_length=10)
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    expected: Expected
    findings: VignetteFindings = Field(default_factory=VignetteFindings)
    notes: str | None = None


class VignetteError(ValueError):
    pass


def load_vignettes(folder: Path) -> list[Vignette]:
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not files:
        raise VignetteError(f"{folder}: no vignette files (*.yaml)")
    out = []
    for f in files:
        try:
            out.append(Vignette.model_validate(yaml.safe_load(f.read_text(encoding="utf-8"))))
        except (yaml.YAMLError, ValidationError) as exc:
            raise VignetteError(f"{f.name}: {str(exc).splitlines()[0]} {str(exc).splitlines()[1:3]}") from exc
    return out


@dataclass(frozen=True)
class Outcome:
    vignette: Vignette
    assessment: Assessment

    @property
    def ranked(self) -> list[str]:
        return [d.condition.id for d in self.assessment.differential]

    @property
    def top1(self) -> bool:
        return self.ranked[:1] == [self.vignette.expected.condition]

    @property
    def top3(self) -> bool:
        return self.vignette.expected.condition in self.ranked[:3]

    @property
    def triage_exact(self) -> bool:
        return self.assessment.triage.level == self.vignette.expected.urgency

    @property
    def triage_delta(self) -> int:
        return self.assessment.triage.level.rank - self.vignette.expected.urgency.rank

    @property
    def emergency_missed(self) -> bool:
        return self.vignette.expected.urgency == Urgency.emergency and self.assessment.triage.level != Urgency.emergency

    @property
    def atrophy_ok(self) -> bool:
        return self.assessment.atrophy_type.label == self.vignette.expected.atrophy_type

    @property
    def root_ok(self) -> bool | None:
        want = self.vignette.expected.root_level
        if not want:
            return None
        got = self.assessment.localization.root_levels
        return bool(got) and got[0].level in want


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]

    def _share(self, values: Iterable[bool]) -> float:
        v = list(values)
        return sum(v) / len(v) if v else 1.0

    def summary(self) -> dict[str, float | int]:
        o = self.outcomes
        rooted = [x.root_ok for x in o if x.root_ok is not None]
        emergencies = [x for x in o if x.vignette.expected.urgency == Urgency.emergency]
        return {
            "vignettes": len(o),
            "top1": self._share(x.top1 for x in o),
            "top3": self._share(x.top3 for x in o),
            "triage_exact": self._share(x.triage_exact for x in o),
            "emergencies": len(emergencies),
            "emergency_under_triage": sum(x.emergency_missed for x in o),
            "under_triage_rate": self._share(x.triage_delta < 0 for x in o),
            "over_triage_rate": self._share(x.triage_delta > 0 for x in o),
            "atrophy_type": self._share(x.atrophy_ok for x in o),
            "root_level": self._share(r for r in rooted if r is not None),
            "root_level_cases": len(rooted),
        }

    def misses(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        for x in self.outcomes:
            problems = []
            if not x.top3:
                problems.append("not in top 3")
            elif not x.top1:
                problems.append("not top 1")
            if x.emergency_missed:
                problems.append("EMERGENCY UNDER-TRIAGED")
            elif not x.triage_exact:
                problems.append(f"triage {x.assessment.triage.level.value} vs {x.vignette.expected.urgency.value}")
            if not x.atrophy_ok:
                problems.append(f"atrophy {x.assessment.atrophy_type.label} vs {x.vignette.expected.atrophy_type}")
            if x.root_ok is False:
                got = x.assessment.localization.root_levels
                problems.append(f"root {got[0].level if got else 'none'} vs {'/'.join(x.vignette.expected.root_level or [])}")
            if problems:
                rows.append({"id": x.vignette.id, "expected": x.vignette.expected.condition, "top3": x.ranked[:3], "problems": problems})
        return rows

    def to_json(self) -> dict[str, object]:
        return {"summary": self.summary(), "misses": self.misses()}


def evaluate(vignettes: list[Vignette], assess: Callable[[Vignette], Assessment], tick: Callable[[], None] | None = None) -> Report:
    outcomes = []
    for v in vignettes:
        outcomes.append(Outcome(v, assess(v)))
        if tick:
            tick()
    return Report(outcomes)


def assess_narrative(v: Vignette) -> Assessment:
    """The narrative-only assessment: the vignette's words, age and sex, nothing else."""
    from lumbus.api import assess_text

    return assess_text(v.text, age=v.age, sex=v.sex, case_id=v.id)


@dataclass(frozen=True)
class InterviewRun:
    """One simulated-patient interview: the assessments before and after, and how it went."""

    narrative: Assessment
    final: Assessment
    questions: int
    screen_complete: bool
    """every red-flag screening question was asked before a non-emergency result"""


def simulated_answer(v: Vignette, q: Question, ckb: CompiledKB) -> AnswerValue:
    """Answer from the vignette's own findings: present (or implying a present one's cause) -> yes,
    listed absent -> no, anything else -> don't know. Age and sex as the vignette gives them; a gate
    ("have you had tests?") is yes when the vignette lists a result it opens."""
    if q.id == "age":
        return v.age if v.age is not None else DONT_KNOW
    if q.id == "sex":
        return v.sex or DONT_KNOW
    if q.id == "duration_weeks":
        return _weeks_from_findings(v, ckb)
    for gate in ckb.kb.interview.gates:
        if q.id == gate.finding:  # a person who has been given a result knows they had tests
            listed = {*v.findings.present, *v.findings.absent} & set(gate.opens)
            return "yes" if listed else DONT_KNOW
    present = set(v.findings.present)
    present |= {ckb.finding_ids[j] for f in v.findings.present if f in ckb.finding_index for j in ckb.implies[ckb.finding_index[f]]}
    absent = set(v.findings.absent)

    def one(f: str) -> str:
        if f in present:
            return "yes"
        implied = {ckb.finding_ids[j] for j in ckb.implies[ckb.finding_index[f]]}
        return "no" if f in absent or implied & absent else DONT_KNOW

    if q.kind == "yes_no":
        return one(q.id)
    if q.kind == "single":
        chosen = [o.id for o in q.options if one(o.id) == "yes"]
        return chosen[0] if len(chosen) == 1 else DONT_KNOW
    return {o.id: one(o.id) for o in q.options}


def _weeks_from_findings(v: Vignette, ckb: CompiledKB) -> AnswerValue:
    """A duration consistent with the vignette's duration findings (the knowledge base's own duration rules):
    the middle of the narrowest range they allow, or don't know when they say nothing."""
    lo, hi = 0.0, math.inf
    for fi, min_days, max_days, unknown in ckb.duration_rules:
        if not unknown and ckb.finding_ids[fi] in v.findings.present:
            lo, hi = max(lo, min_days), min(hi, max_days)
    if lo == 0.0 and hi == math.inf:
        return DONT_KNOW
    days = (lo + hi) / 2 if hi < 1e17 else lo * 1.5
    return round(days / 7.0, 1)


def run_interview(v: Vignette) -> InterviewRun:
    """Interview a simulated patient who starts with the vignette's narrative (and its age and sex)."""
    from lumbus.api import start_interview

    iv = start_interview(v.text, age=v.age, sex=v.sex, case_id=v.id)
    narrative = iv.assessment()
    while (q := iv.next_question()) is not None:
        iv.answer(q.id, simulated_answer(v, q, iv.ckb))
    final = iv.assessment()
    complete = final.triage.level == Urgency.emergency or not iv.screen_pending()
    return InterviewRun(narrative, final, iv.questions_asked, complete)


def _nearest_rank(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else 0


@dataclass(frozen=True)
class InterviewReport:
    """Simulated-patient interviews: the usual report after the interview, the narrative-only one for comparison."""

    after: Report
    narrative: Report
    runs: list[InterviewRun]

    def summary(self) -> dict[str, float | int]:
        questions = [r.questions for r in self.runs]
        n = self.narrative.summary()
        return {
            **self.after.summary(),
            "narrative_top1": n["top1"],
            "narrative_top3": n["top3"],
            "narrative_emergency_under_triage": n["emergency_under_triage"],
            "questions_median": float(statistics.median(questions)) if questions else 0.0,
            "questions_p90": _nearest_rank(questions, 0.9),
            "questions_max": max(questions, default=0),
            "red_flag_screen_complete": sum(r.screen_complete for r in self.runs) / len(self.runs) if self.runs else 1.0,
        }

    def misses(self) -> list[dict[str, object]]:
        asked = {o.vignette.id: r.questions for o, r in zip(self.after.outcomes, self.runs, strict=True)}
        return [{**m, "questions": asked[str(m["id"])]} for m in self.after.misses()]

    def to_json(self) -> dict[str, object]:
        return {"summary": self.summary(), "misses": self.misses()}


def evaluate_interviews(vignettes: list[Vignette], tick: Callable[[], None] | None = None) -> InterviewReport:
    """Run :func:`run_interview` on every vignette and score the result with the same :class:`Report`."""
    runs: list[InterviewRun] = []

    def final(v: Vignette) -> Assessment:
        runs.append(run_interview(v))
        return runs[-1].final

    after = evaluate(vignettes, final, tick)
    narrative = Report([Outcome(v, r.narrative) for v, r in zip(vignettes, runs, strict=True)])
    return InterviewReport(after, narrative, runs)
