"""What the doctor's report says about the person's answers and which references it lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from lumbus.api import assess_text, start_interview
from lumbus.knowledge.loader import load_packaged
from lumbus.reasoning.interview import DONT_KNOW
from lumbus.report.document import answer_text, case_answers, interview_answers, references_used, result_context
from lumbus.store import AssessmentRecordOut
from lumbus.web.deps import make_templates

KB = load_packaged()
TEMPLATES = make_templates().env
ORIGIN_RESULT = assess_text("my back hurts and my right buttock has shrunk", age=30)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("yes", "Yes"),
        ("no", "No"),
        (DONT_KNOW, "I don't know"),
        ("right", "Yes, on the right"),
        ("both", "Yes, on both sides"),
        (30, "30"),
        (12.5, "12.5"),
        ("female", "female"),
        ([], "None of these"),
        (["fever", "gluteal_atrophy"], "Fever; Buttock muscle wasting"),
        ({"fever": "no", "gluteal_atrophy": "yes"}, "Fever: no; Buttock muscle wasting: yes"),
    ],
)
def test_an_answer_in_words(value: object, text: str) -> None:
    assert answer_text(KB, value) == text


def test_the_interviews_questions_and_answers_in_order() -> None:
    iv = start_interview("my back hurts and my right buttock has shrunk", age=50)
    given = []
    for _ in range(3):
        q = iv.next_question()
        assert q is not None
        value = DONT_KNOW if q.kind != "yes_no" else "no"
        iv.answer(q.id, value)
        given.append((q, value))
    assert any(q.options and q.findings for q, _v in given), "at least one grouped question was asked"
    answers = interview_answers(KB, iv.to_json())
    assert answers is not None and answers.source == "interview"
    assert [line.answer for line in answers.lines] == [answer_text(KB, v) for _q, v in given]
    for line, (q, _v) in zip(answers.lines, given, strict=True):
        assert line.question.startswith(q.text)
        if q.options and q.findings:  # a grouped question; the case's own questions (sex) need no list
            assert all(o.label in line.question for o in q.options), "the options the person was shown"


def test_a_damaged_interview_state_is_not_read() -> None:
    assert interview_answers(KB, {"format": "something else"}) is None


def test_a_structured_case_as_given() -> None:
    read = {"finding": "low_back_pain", "present": True, "source": "text"}
    case = {"age": 62, "sex": "male", "duration_days": 90, "evidence": [{"finding": "calf_atrophy", "present": True, "side": "left"}, read]}
    lines = [(line.question, line.answer) for line in case_answers(KB, case).lines]
    assert lines == [("Age", "62"), ("Sex", "male"), ("How long it has lasted", "90 days"), ("Calf muscle wasting", "Yes, left")]


def test_the_references_are_those_the_result_rests_on() -> None:
    a = assess_text("I suddenly can't pee and the skin around my bottom is numb, my back is killing me", age=45)
    refs = references_used(KB, a)
    ids = [r.id for r in refs]
    assert len(ids) == len(set(ids)), "each once"
    for flag in a.triage.red_flags:
        assert set(flag.refs) <= set(ids)
    for w in a.workup:
        assert set(w.refs) <= set(ids)
    top = KB.conditions[a.differential[0].condition.id]
    assert set(top.references) <= set(ids)


@settings(max_examples=60, deadline=None)
@given(
    words=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00") | st.sampled_from(list("<>&\"'/=")),
        min_size=1,
        max_size=200,
    )
)
def test_the_persons_words_are_escaped_in_the_print_template(words: str) -> None:
    """Whatever the words, the report's HTML holds them as text: escaped once, never as markup."""
    record = AssessmentRecordOut("id-1", datetime(2026, 1, 2, tzinfo=UTC), "web", {"text": words}, ORIGIN_RESULT.model_dump(mode="json"))
    page = TEMPLATES.get_template("report.html").render(result_context(KB, record, None))
    quote = page[page.index('<blockquote class="words own-words">') + len('<blockquote class="words own-words">') :]
    assert quote.startswith(str(escape(words)) + "</blockquote>")
