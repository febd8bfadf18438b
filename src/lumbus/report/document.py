"""What the result page and the doctor's report show, built once from a stored assessment.

The page and the PDF render the same context through the same template partials, so they cannot
say different things. No medical text of its own: names, questions and references come from the
knowledge base, the rest from the stored assessment and case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from lumbus.assessment import Assessment
from lumbus.knowledge.loader import KnowledgeBase
from lumbus.knowledge.schema import Reference
from lumbus.reasoning.interview import DONT_KNOW, InterviewState
from lumbus.report.bodymap import body_map
from lumbus.report.cases import similar_cases
from lumbus.store import AssessmentRecordOut
from lumbus.web.interviews import DONT_KNOW_LABEL, KEY_LABELS
from lumbus.web.views import atrophy_sources

_YES_NO = {**KEY_LABELS, DONT_KNOW: DONT_KNOW_LABEL}
"""the labels the person chose from (one table, shared with the interview page and API)"""


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


@dataclass(frozen=True)
class Answers:
    """The person's answers: the interview's questions, or the structured case if there was no interview."""

    source: str
    """``interview`` or ``case``"""
    lines: list[AnswerLine]


def _option(kb: KnowledgeBase, value: str) -> str:
    if value in _YES_NO:
        return _YES_NO[value]
    found = kb.findings.get(value)
    return found.name if found else value.replace("_", " ")


def answer_text(kb: KnowledgeBase, value: Any) -> str:
    """An interview answer (yes/no/side, don't know, a number, options) in words."""
    if isinstance(value, list):
        return "; ".join(_option(kb, str(v)) for v in value) or "None of these"
    if isinstance(value, dict):
        return "; ".join(f"{_option(kb, str(k))}: {_option(kb, str(v)).lower()}" for k, v in value.items())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return f"{value:g}"
    return _option(kb, str(value))


def interview_answers(kb: KnowledgeBase, state: dict[str, Any]) -> Answers | None:
    """The questions asked and the answers given, in order; None if the saved state cannot be read."""
    try:
        parsed = InterviewState.model_validate(state)
    except ValidationError:
        return None
    texts = {q.id: q.text for q in kb.interview.case_questions} | {t.id: t.text for t in kb.interview.themes}
    lines = []
    for rec in parsed.answers:
        finding = kb.findings.get(rec.question)
        question = finding.question if finding else texts.get(rec.question, rec.question.replace("_", " "))
        if rec.options:
            question += " (" + "; ".join(_option(kb, o) for o in rec.options) + ")"
        lines.append(AnswerLine(question, answer_text(kb, rec.value)))
    return Answers("interview", lines)


def case_answers(kb: KnowledgeBase, case: dict[str, Any]) -> Answers:
    """The structured case as given (age, sex, how long, each finding present or absent); findings read from the
    words are left out, as the report shows them with the words."""
    lines = []
    if case.get("age") is not None:
        lines.append(AnswerLine("Age", str(case["age"])))
    if case.get("sex"):
        lines.append(AnswerLine("Sex", str(case["sex"])))
    if case.get("duration_days") is not None:
        lines.append(AnswerLine("How long it has lasted", f"{float(case['duration_days']):g} days"))
    for e in case.get("evidence", []):
        if e.get("source") == "text":
            continue
        finding = kb.findings.get(str(e.get("finding")))
        name = finding.name if finding else str(e.get("finding"))
        answer = "Yes" if e.get("present", True) else "No"
        if e.get("side"):
            answer += f", {e['side']}"
        lines.append(AnswerLine(name, answer))
    return Answers("case", lines)


def references_used(kb: KnowledgeBase, a: Assessment) -> list[Reference]:
    """The references behind what the assessment says: red flags, tests, care plan and the likeliest condition."""
    ids: list[str] = [r for f in a.triage.red_flags for r in f.refs]
    ids += [r for w in a.workup for r in w.refs]
    ids += [r for c in a.care_plan for r in c.refs]
    top = kb.conditions.get(a.differential[0].condition.id) if a.differential else None
    if top is not None:
        ids += top.references
    return [kb.references[r] for r in dict.fromkeys(ids) if r in kb.references]


def result_context(kb: KnowledgeBase, record: AssessmentRecordOut, interview_state: dict[str, Any] | None) -> dict[str, Any]:
    """Everything ``result.html`` and ``report.html`` show about one stored assessment."""
    a = record.assessment()
    words = record.case.get("text")
    top = kb.conditions.get(a.differential[0].condition.id) if a.differential else None
    answers = interview_answers(kb, interview_state) if interview_state is not None else None
    return {
        "a": a,
        "record": record,
        "words": words,
        "top": top,
        "atrophy_from": atrophy_sources(kb, a),
        "bodymap": body_map(kb, a),
        "similar": similar_cases(kb, a, words),
        "answers": answers or case_answers(kb, record.case),
        "references": references_used(kb, a),
    }
