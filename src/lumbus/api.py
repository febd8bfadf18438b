"""The Python API: ``assess(case)`` and ``assess_text(text, age=..., sex=...)``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from lumbus.assessment import Assessment
from lumbus.case import Case
from lumbus.intake.casefile import CaseInputError, merge_text
from lumbus.reasoning.interview import Interview


def assess(case: Case) -> Assessment:
    """Assess a structured case with the packaged knowledge base."""
    from lumbus.reasoning.engine import assess as _assess

    return _assess(case)


def assess_text(
    text: str,
    *,
    age: int | None = None,
    sex: Literal["female", "male"] | None = None,
    case_id: str | None = None,
    today: date | None = None,
) -> Assessment:
    """Read a person's own words and assess them; "since Christmas" counts from ``today`` (default: the real date)."""
    if not text.strip():
        raise CaseInputError("text is empty")
    case = Case(id=case_id, age=age, sex=sex)
    return assess(merge_text(case, text, today or date.today()))


def start_interview(
    text: str | None = None,
    *,
    age: int | None = None,
    sex: Literal["female", "male"] | None = None,
    case_id: str | None = None,
    today: date | None = None,
) -> Interview:
    """Begin an adaptive interview, from the person's own words when there are any (dates as in :func:`assess_text`)."""
    case = Case(id=case_id, age=age, sex=sex)
    if text is not None:
        if not text.strip():
            raise CaseInputError("text is empty")
        case = merge_text(case, text, today or date.today())
    return Interview(case)
