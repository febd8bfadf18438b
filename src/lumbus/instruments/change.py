"""Change over time: does the difference between two results of one instrument matter?

The minimal important change (points and/or a share of the baseline) and the range in
which change can be detected at all come from the instrument's data (Ostelo 2008 for
pain and disability; Stratford 1996 for the RMDQ floor and ceiling).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from lumbus.instruments.scoring import AnswerError, InstrumentResult, get_instrument

Verdict = Literal["improvement", "worsening", "no_important_change"]


class ChangeResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str
    score: str
    baseline: float
    follow_up: float
    change: float
    """follow-up minus baseline"""
    relative_change: float | None
    """change as a share of the baseline (None when the baseline is 0)"""
    meets_absolute: bool | None
    meets_relative: bool | None
    verdict: Verdict
    reliable: bool
    """False when the baseline lies where a change in this direction cannot be detected reliably"""
    note: str


def compare(baseline: InstrumentResult, follow_up: InstrumentResult, score_id: str | None = None) -> ChangeResult:
    """Compare two results of the same instrument on one score (default: the primary score)."""
    if baseline.instrument != follow_up.instrument:
        raise AnswerError(f"cannot compare {baseline.instrument} with {follow_up.instrument}: results of one instrument only")
    inst = get_instrument(baseline.instrument)
    sid = score_id or baseline.primary
    spec = next((s for s in inst.scores if s.id == sid), None)
    if spec is None or spec.change is None:
        raise AnswerError(f"{inst.short_name}: score {sid!r} has no published minimal important change")
    return compare_values(inst.id, spec.id, baseline.score(spec.id).value, follow_up.score(spec.id).value)


def compare_values(instrument: str, score_id: str, baseline: float, follow_up: float) -> ChangeResult:
    """The same comparison from two score values (e.g. stored ones)."""
    inst = get_instrument(instrument)
    spec = next((s for s in inst.scores if s.id == score_id), None)
    if spec is None or spec.change is None:
        raise AnswerError(f"{inst.short_name}: score {score_id!r} has no published minimal important change")
    rule = spec.change
    delta = follow_up - baseline
    gain = -delta if rule.better == "lower" else delta  # positive = better
    relative = abs(delta) / abs(baseline) if baseline else None
    meets_abs = None if rule.absolute is None else abs(delta) >= rule.absolute - 1e-9
    meets_rel = None if rule.relative is None or relative is None else relative >= rule.relative - 1e-9
    reliable = True
    note = ""
    if (
        gain > 0
        and rule.improvement_min_baseline is not None
        and _worse_than(baseline, rule.improvement_min_baseline, rule.better) is False
    ):
        reliable, note = (
            False,
            f"a baseline this good (better than {rule.improvement_min_baseline:g}) leaves too little room to detect improvement reliably",
        )
    if gain < 0 and rule.worsening_max_baseline is not None and _worse_than(baseline, rule.worsening_max_baseline, rule.better):
        reliable, note = (
            False,
            f"a baseline this poor (worse than {rule.worsening_max_baseline:g}) leaves too little room to detect worsening reliably",
        )
    important = reliable and gain != 0 and bool(meets_abs or meets_rel)
    verdict: Verdict = "no_important_change" if not important else ("improvement" if gain > 0 else "worsening")
    parts = []
    if rule.absolute is not None:
        parts.append(
            f"a {abs(delta):g}-point change {'meets' if meets_abs else 'is below'} the {rule.absolute:g}-point minimal important change"
        )
    if rule.relative is not None and relative is not None:
        parts.append(f"{relative:.0%} {'meets' if meets_rel else 'is below'} the {rule.relative:.0%} relative change")
    note = "; ".join(parts) + (f"; {note}" if note else "")
    return ChangeResult(
        instrument=inst.id,
        score=spec.id,
        baseline=baseline,
        follow_up=follow_up,
        change=delta,
        relative_change=relative,
        meets_absolute=meets_abs,
        meets_relative=meets_rel,
        verdict=verdict,
        reliable=reliable,
        note=note,
    )


def _worse_than(value: float, limit: float, better: Literal["lower", "higher"]) -> bool:
    return value > limit if better == "lower" else value < limit
