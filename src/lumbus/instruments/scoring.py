"""One scoring engine for every instrument: answers in, scores, bands, outcome and evidence out.

Nothing here knows an instrument: items, points, missing-item rules, cut-offs, classes
and finding mappings all come from the instrument's data file. Values are kept unrounded;
only ``display`` rounds.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from lumbus.case import Evidence, Side
from lumbus.instruments.schema import Criterion, Instrument, Item, Op, Score, When
from lumbus.intake.casefile import CaseInputError

UNABLE = "unable"
_OPS: dict[Op, Any] = {"lt": float.__lt__, "le": float.__le__, "gt": float.__gt__, "ge": float.__ge__}


class AnswerError(CaseInputError):
    """Answers that cannot be scored; the message names the instrument and the item."""

    def __init__(self, message: str, item: str | None = None) -> None:
        super().__init__(message)
        self.item = item


@lru_cache(maxsize=1)
def packaged_instruments() -> dict[str, Instrument]:
    """The shipped instruments, read without loading the rest of the knowledge base."""
    from lumbus.knowledge.loader import load_instruments, packaged_root

    return load_instruments(packaged_root())


def get_instrument(instrument_id: str) -> Instrument:
    """An instrument by id or short name (``odi``, ``MRC``; ``-`` and case are forgiven); unknown ids name the close ones."""
    found = packaged_instruments()
    key = instrument_id.strip().lower().replace("-", "_").replace(" ", "_")
    short = {i.short_name.lower().replace("-", "_").replace(" ", "_"): i for i in found.values()}
    if key in found or key in short:
        return found.get(key) or short[key]
    close = difflib.get_close_matches(key, list(found), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else f"; known: {', '.join(sorted(found))}"
    raise AnswerError(f"unknown instrument {instrument_id!r}{hint}")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerOut(_Out):
    code: str | None = None
    """the chosen option's code, or ``unable``"""
    value: float | None = None
    """points (choice) or the measurement (number)"""
    points: int | None = None


class ScoreResult(_Out):
    id: str
    label: str
    value: float
    display: str
    unit: str
    band: str | None = None
    band_label: str | None = None
    answered: int
    missing: list[str]


class OutcomeResult(_Out):
    id: str
    label: str


class InstrumentResult(_Out):
    """One scored administration of an instrument."""

    instrument: str
    name: str
    version: str
    sex: Literal["female", "male"] | None = None
    answers: dict[str, AnswerOut]
    scores: list[ScoreResult]
    primary: str | None = None
    criteria: dict[str, bool | None]
    outcome: OutcomeResult | None = None
    evidence: list[Evidence]

    def score(self, score_id: str | None = None) -> ScoreResult:
        """A score by id (default: the primary one)."""
        wanted = score_id or self.primary
        return next(s for s in self.scores if s.id == wanted)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _choice(inst: Instrument, item: Item, raw: Any) -> AnswerOut:
    codes = [o.code for o in item.options]
    if isinstance(raw, bool) and {"yes", "no"} <= set(codes):
        raw = "yes" if raw else "no"  # a JSON true/false answers a yes/no statement
    text = _fmt(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw) else str(raw).strip()
    for o in item.options:
        if o.code.lower() == text.lower():
            return AnswerOut(code=o.code, value=None if o.missing else float(o.value), points=None if o.missing else o.value)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        for o in item.options:
            if not o.missing and float(o.value) == float(raw):
                return AnswerOut(code=o.code, value=float(o.value), points=o.value)
    values = sorted({o.value for o in item.options if not o.missing})
    allowed = ", ".join(codes) if any(not c.lstrip("-").isdigit() for c in codes) else f"{values[0]} to {values[-1]}"
    raise AnswerError(f"{inst.short_name}: item {item.id!r} ({item.label}): answer {raw!r} is out of range; allowed: {allowed}", item.id)


def _number(inst: Instrument, item: Item, raw: Any) -> AnswerOut:
    if isinstance(raw, str) and raw.strip().lower() == UNABLE:
        if not item.allow_unable:
            raise AnswerError(f"{inst.short_name}: item {item.id!r} ({item.label}): 'unable' is not an answer here", item.id)
        return AnswerOut(code=UNABLE, points=item.unable_points)
    try:
        if isinstance(raw, bool):
            raise ValueError
        x = float(raw)
    except (TypeError, ValueError):
        hint = " or 'unable'" if item.allow_unable else ""
        raise AnswerError(f"{inst.short_name}: item {item.id!r} ({item.label}): {raw!r} is not a number{hint}", item.id) from None
    lo, hi = item.min, item.max
    if not math.isfinite(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
        unit = f" {item.unit}" if item.unit else ""
        span = f"{_fmt(lo or 0)} to {_fmt(hi or 0)}{unit}"
        raise AnswerError(f"{inst.short_name}: item {item.id!r} ({item.label}): {_fmt(x)}{unit} is out of range ({span})", item.id)
    points = next((b.points for b in item.points if b.op is None or _OPS[b.op](x, float(b.value or 0))), None)
    return AnswerOut(value=x, points=points)


def parse_answers(inst: Instrument, answers: Mapping[str, Any]) -> dict[str, AnswerOut]:
    """Check every answer against its item; unknown items and impossible answers are errors naming the item."""
    if not isinstance(answers, Mapping):
        raise AnswerError(f"{inst.short_name}: answers must be an object of item id -> answer, not {type(answers).__name__}")
    known = {i.id: i for i in inst.items}
    out: dict[str, AnswerOut] = {}
    for key, raw in answers.items():
        item = known.get(str(key))
        if item is None:
            close = difflib.get_close_matches(str(key), list(known), n=2, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else f"; items are {', '.join(known)}"
            raise AnswerError(f"{inst.short_name}: unknown item {key!r}{hint}", str(key))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        out[item.id] = _choice(inst, item, raw) if item.kind == "choice" else _number(inst, item, raw)
    return out


def _score(inst: Instrument, s: Score, answers: dict[str, AnswerOut]) -> ScoreResult:
    total, maximum, missing = 0.0, 0.0, []
    for item_id in s.items:
        a = answers.get(item_id)
        pts = a.points if a is not None else None
        if pts is None and s.missing.counts_as is not None:
            pts = s.missing.counts_as
        if pts is None:
            missing.append(item_id)
            continue
        total += pts
        maximum += inst.item(item_id).max_points
    if len(missing) > s.missing.max_missing:
        allowed = "every item answered" if s.missing.max_missing == 0 else f"at most {s.missing.max_missing} unanswered"
        raise AnswerError(
            f"{inst.short_name}: {s.label} cannot be scored: {len(missing)} of {len(s.items)} items unanswered "
            f"({', '.join(missing)}); the published rule needs {allowed}",
            missing[0],
        )
    value = (total / maximum * 100 if maximum else 0.0) if s.method == "percent" else total
    band = next((b for b in s.bands if value <= b.max + 1e-9), None)
    display = f"{value:.1f}%" if s.method == "percent" else _fmt(value)
    return ScoreResult(
        id=s.id,
        label=s.label,
        value=value,
        display=display,
        unit=s.unit,
        band=band.id if band else None,
        band_label=band.label if band else None,
        answered=len(s.items) - len(missing),
        missing=missing,
    )


def unscorable(inst: Instrument, answered: set[str]) -> dict[str, str | None]:
    """Unanswered items that stop a score by its published missing-item rule, each with what the score needs
    (None: every item). The pages use it to mark every such field at once; :func:`score` names only the first."""
    out: dict[str, str | None] = {}
    for s in inst.scores:
        missing = [i for i in s.items if i not in answered]
        if s.missing.counts_as is not None or len(missing) <= s.missing.max_missing:
            continue
        needs = None if s.missing.max_missing == 0 else f"at least {len(s.items) - s.missing.max_missing} of {len(s.items)} items answered"
        for item_id in missing:
            out.setdefault(item_id, needs)
    return out


class _Evaluator:
    """Criteria and conditions over one set of answers and scores."""

    def __init__(self, inst: Instrument, answers: dict[str, AnswerOut], scores: dict[str, ScoreResult], sex: str | None) -> None:
        self.inst, self.answers, self.scores, self.sex = inst, answers, scores, sex
        self.criteria: dict[str, bool | None] = {}
        self.outcome: str | None = None

    def criterion(self, c: Criterion) -> bool | None:
        if c.id not in self.criteria:
            self.criteria[c.id] = self._criterion(c)
        return self.criteria[c.id]

    def _criterion(self, c: Criterion) -> bool | None:
        if c.any:
            results = [self.criterion(next(x for x in self.inst.criteria if x.id == other)) for other in c.any]
            # met if any test is low; not met once a test was done and none is low (EWGSOP2: grip *or* chair stand)
            return True if any(r is True for r in results) else (False if any(r is False for r in results) else None)
        if c.item is not None:
            a = self.answers.get(c.item)
            if a is None:
                return None
            if a.code == UNABLE:
                return True  # a test that cannot be done is the worst performance
            x = a.value
        else:
            sc = self.scores.get(c.score or "")
            x = sc.value if sc else None
        if x is None:
            return None
        cut = c.value
        if isinstance(cut, dict):
            if self.sex is None:
                raise AnswerError(f"{self.inst.short_name}: {c.label} has a cut-off that differs by sex; give the sex", c.item)
            cut = cut[self.sex]  # type: ignore[index]
        assert c.op is not None and cut is not None
        return bool(_OPS[c.op](float(x), float(cut)))

    def holds(self, w: When) -> bool:
        if w.criterion is not None:
            return self.criterion(next(c for c in self.inst.criteria if c.id == w.criterion)) is w.met
        if w.outcome is not None:
            return self.outcome == w.outcome
        if w.score is not None:
            sc = self.scores.get(w.score)
            x = sc.value if sc else None
        else:
            a = self.answers.get(w.item or "")
            if a is not None and a.code == UNABLE:
                return True  # as for criteria: a test that cannot be done is the worst result
            x = a.value if a else None
        if x is None:
            return False
        return (w.min is None or x >= w.min - 1e-9) and (w.max is None or x <= w.max + 1e-9)


def _evidence(inst: Instrument, ev: _Evaluator) -> list[Evidence]:
    found: dict[str, Evidence] = {}

    def add(finding: str, present: bool, side: Side | None = None) -> None:
        old = found.get(finding)
        if old is not None and old.present and present and old.side and side and old.side != side:
            side = "both"
        if old is None or (present and not old.present) or (present and side == "both"):
            found[finding] = Evidence(finding=finding, present=present, side=side, source="instrument")

    for rule in inst.evidence:
        if rule.when:
            if all(ev.holds(w) for w in rule.when):
                add(rule.finding, rule.present)
            continue
        graded = {side: ev.answers[item].value for side, item in rule.sides.items() if item in ev.answers}
        hit = [
            s for s, v in graded.items() if v is not None and (rule.min is None or v >= rule.min) and (rule.max is None or v <= rule.max)
        ]
        if hit:
            add(rule.finding, True, "both" if len(hit) == 2 else hit[0])
        elif rule.rule_out and len(graded) == len(rule.sides) and all(v is not None for v in graded.values()):
            add(rule.finding, False)
    return list(found.values())


def score(inst: Instrument | str, answers: Mapping[str, Any], *, sex: str | None = None) -> InstrumentResult:
    """Score answers (item id -> option code, points or measurement) exactly as the instrument's data says."""
    inst = get_instrument(inst) if isinstance(inst, str) else inst
    if sex is not None and sex not in ("female", "male"):
        raise AnswerError(f"{inst.short_name}: sex must be female or male, not {sex!r}")
    parsed = parse_answers(inst, answers)
    if not parsed:
        raise AnswerError(f"{inst.short_name}: no answers were given")
    scores = {s.id: _score(inst, s, parsed) for s in inst.scores}
    ev = _Evaluator(inst, parsed, scores, sex)
    for c in inst.criteria:
        ev.criterion(c)
    outcome = next((o for o in inst.outcomes if all(ev.holds(w) for w in o.when)), None)
    ev.outcome = outcome.id if outcome else None
    primary = inst.primary_score
    return InstrumentResult(
        instrument=inst.id,
        name=inst.name,
        version=inst.version,
        sex=sex,
        answers=parsed,
        scores=list(scores.values()),
        primary=primary.id if primary else None,
        criteria=ev.criteria,
        outcome=OutcomeResult(id=outcome.id, label=outcome.label) if outcome else None,
        evidence=_evidence(inst, ev),
    )


__all__ = [
    "AnswerError",
    "InstrumentResult",
    "ScoreResult",
    "get_instrument",
    "packaged_instruments",
    "parse_answers",
    "score",
    "unscorable",
]
