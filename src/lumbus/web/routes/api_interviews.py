"""The adaptive interview over REST, under /api/v1/interviews: one question at a time, undo, and the result.

The same engine and store functions as the patient pages (:mod:`lumbus.web.interviews`). Bad input
gets an RFC 9457 problem and the stored state is untouched.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError
from starlette.concurrency import run_in_threadpool

from lumbus.api import start_interview
from lumbus.case import MAX_TEXT_CHARS, Evidence
from lumbus.intake.casefile import CaseInputError, describe_validation_error
from lumbus.reasoning.interview import AnswerRecord, Interview, InterviewError, Question
from lumbus.store import Store, get_assessment
from lumbus.web.deps import get_settings, get_store
from lumbus.web.interviews import AnswerKey, StoredInterview, answer_keys, create, finish, load, save
from lumbus.web.problems import PROBLEM_RESPONSES, ProblemError, problem_doc
from lumbus.web.routes.api import StoredAssessment
from lumbus.web.service import read_json, validated_case
from lumbus.web.settings import Settings

router = APIRouter(prefix="/api/v1/interviews", tags=["interviews"])


class StartRequest(BaseModel):
    """What is known before the first question; all optional (the interview asks for what is missing)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "my right buttock has shrunk and my leg hurts when I sit", "age": 30, "sex": "female"}]},
    )

    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="the person's own words")
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None


class AnswerRequest(BaseModel):
    """An answer to the current question; ``value`` is checked against the question's kind."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question_id": "age", "value": 30},
                {"question_id": "fever", "value": "no"},
                {"question_id": "sciatica", "value": "right"},
                {"question_id": "bladder_bowel_saddle", "value": ["urinary_retention"]},
                {"question_id": "fever", "value": "dont_know"},
            ]
        },
    )

    question_id: str = Field(min_length=1, max_length=100)
    value: JsonValue = Field(
        description="yes_no: one of the answer keys (yes, no, dont_know, and left/right/both when lateral); "
        "single: an option id or dont_know; multiple: a list of option ids (empty: none apply) or dont_know; "
        "number: a number within minimum..maximum, or dont_know"
    )


class QuestionOut(BaseModel):
    """One question with what it accepts and why it is asked."""

    id: str
    kind: Literal["yes_no", "single", "multiple", "number"]
    text: str
    rationale: str
    red_flag: bool = Field(description="asked as part of the red-flag screen")
    lateral: bool = Field(description="a yes may name the side: left, right or both")
    options: list[AnswerKey] = Field(description="single and multiple: the options, by id")
    answer_keys: list[AnswerKey] = Field(description="the string values ``value`` may take (multiple: a list of option ids)")
    minimum: float | None = None
    maximum: float | None = None
    findings: list[str] = Field(description="the knowledge-base findings the answer records")


class StopOut(BaseModel):
    code: Literal["urgency", "budget", "settled", "exhausted", "no_gain", "finished"]
    detail: str


class NextOut(BaseModel):
    """The question to ask now, or none and why the interview should stop (then GET the result)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": None,
                    "should_stop": True,
                    "stop": {"code": "urgency", "detail": "the urgency has reached 'emergency'; the interview stops at 'emergency'"},
                    "questions_asked": 3,
                    "result": "/api/v1/interviews/0b5e.../result",
                }
            ]
        }
    )

    question: QuestionOut | None
    should_stop: bool
    stop: StopOut | None
    questions_asked: int
    result: str = Field(description="where the assessment is (GET it to end the interview)")


class InterviewOut(BaseModel):
    """An interview's state: what is known, the answers so far and what comes next."""

    id: str
    status: Literal["asking", "complete", "finished"] = Field(
        description="asking: a question is waiting; complete: nothing more to ask, the result is ready; finished: the result is stored"
    )
    kb_version: str
    age: int | None
    sex: Literal["female", "male"] | None
    understood: list[Evidence] = Field(description="what was read from the person's words")
    answers: list[AnswerRecord]
    next: NextOut
    assessment_id: str | None


class AnsweredOut(BaseModel):
    answered: AnswerRecord
    next: NextOut


class UndoneOut(BaseModel):
    undone: AnswerRecord
    next: NextOut


def _question(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        kind=q.kind,
        text=q.text,
        rationale=q.rationale,
        red_flag=q.red_flag,
        lateral=q.lateral,
        options=[AnswerKey(value=o.id, label=o.label) for o in q.options],
        answer_keys=answer_keys(q),
        minimum=q.minimum,
        maximum=q.maximum,
        findings=q.findings,
    )


def _next(stored: StoredInterview) -> NextOut:
    result = f"{router.prefix}/{stored.id}/result"
    if stored.interview is None:
        stop = StopOut(code="finished", detail=f"the interview has ended; its result is assessment {stored.assessment_id}")
        return NextOut(question=None, should_stop=True, stop=stop, questions_asked=len(stored.state.get("answers", [])), result=result)
    iv = stored.interview
    q = iv.next_question()
    reason = iv.stop_reason()
    return NextOut(
        question=None if q is None else _question(q),
        should_stop=q is None,
        stop=None if reason is None else StopOut(code=reason.code, detail=reason.detail),
        questions_asked=iv.questions_asked,
        result=result,
    )


def _summary(stored: StoredInterview) -> InterviewOut:
    nxt = _next(stored)
    iv = stored.interview
    if iv is None:
        case = stored.state.get("case", {})
        understood = [Evidence.model_validate(e) for e in case.get("evidence", []) if e.get("source") == "text"]
        answers = [AnswerRecord.model_validate(a) for a in stored.state.get("answers", [])]
        age, sex, kb_version = case.get("age"), case.get("sex"), str(stored.state.get("kb_version"))
    else:
        case_now = iv.case()
        understood, answers, age, sex, kb_version = iv.understood(), iv.answers, case_now.age, case_now.sex, iv.ckb.kb.meta.kb_version
    status: Literal["asking", "complete", "finished"] = "finished" if iv is None else ("complete" if nxt.should_stop else "asking")
    return InterviewOut(
        id=stored.id,
        status=status,
        kb_version=kb_version,
        age=age,
        sex=sex,
        understood=understood,
        answers=answers,
        next=nxt,
        assessment_id=stored.assessment_id,
    )


def _json(model: BaseModel, status_code: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), status_code=status_code, headers=headers or None)


def _parse(model: type[BaseModel], data: Any) -> Any:
    if not isinstance(data, dict):
        raise ProblemError(422, "invalid_request", f"the body must be a JSON object, not {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ProblemError(422, "invalid_request", describe_validation_error(exc, root="body", limit=2)) from exc


def _start(data: Any, store: Store) -> InterviewOut:
    given = _parse(StartRequest, data)
    try:
        if given.text is not None:
            case = validated_case({"text": given.text})  # NUL characters and empty words are refused here
            iv = start_interview(case.text, age=given.age, sex=given.sex)
        else:
            iv = start_interview(None, age=given.age, sex=given.sex)
    except (CaseInputError, InterviewError) as exc:
        raise ProblemError(422, "invalid_case", str(exc)) from exc
    interview_id = create(store, iv)
    return _summary(StoredInterview(interview_id, iv.to_json(), None, iv))


def _question_ids(iv: Interview) -> set[str]:
    kb = iv.ckb.kb
    return set(iv.ckb.finding_ids) | {t.id for t in kb.interview.themes} | {q.id for q in kb.interview.case_questions}


def _answer(store: Store, interview_id: str, data: Any) -> AnsweredOut:
    given = _parse(AnswerRequest, data)
    stored = load(store, interview_id)
    iv = stored.running()
    qid = given.question_id
    current = iv.next_question()
    if qid not in _question_ids(iv):
        raise ProblemError(422, "unknown_question", f"there is no question {qid!r} in this interview", question_id=qid)
    if current is None:
        stop = iv.stop_reason()
        why = f" ({stop.detail})" if stop else ""
        raise ProblemError(
            409, "no_question", f"no question is being asked: the interview should stop{why}; GET its result", question_id=qid
        )
    if qid != current.id:
        earlier = [n for n, a in enumerate(iv.answers, start=1) if a.question == qid]
        if earlier:
            raise ProblemError(
                409,
                "already_answered",
                f"question {qid!r} was already answered (answer {earlier[-1]}); undo back to it to change the answer; "
                f"the current question is {current.id!r}",
                question_id=qid,
                current_question=current.id,
            )
        raise ProblemError(
            409,
            "not_current_question",
            f"question {qid!r} is not the current question; the current question is {current.id!r}",
            question_id=qid,
            current_question=current.id,
        )
    try:
        iv.answer(qid, given.value)
    except InterviewError as exc:
        raise ProblemError(422, "invalid_answer", str(exc), question_id=qid) from exc
    save(store, stored)
    return AnsweredOut(answered=iv.answers[-1], next=_next(stored))


def _undo(store: Store, interview_id: str) -> UndoneOut:
    stored = load(store, interview_id)
    iv = stored.running()
    undone = iv.undo()
    if undone is None:
        raise ProblemError(409, "nothing_to_undo", "no question has been answered yet, so there is nothing to undo")
    save(store, stored)
    return UndoneOut(undone=undone, next=_next(stored))


def _result(store: Store, interview_id: str) -> tuple[str, dict[str, Any]]:
    stored = load(store, interview_id)
    if stored.interview is None:
        with store.reader() as session:
            record = get_assessment(session, stored.assessment_id or "")
        if record is None:
            raise ProblemError(404, "not_found", f"the result of interview {interview_id!r} is no longer stored")
    else:
        record = finish(store, stored.interview, interview_id, channel="api")
    return record.id, record.result


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: problem_doc("No interview with this id")}
CONFLICT = problem_doc(
    "The interview cannot take this: it has ended (interview_finished), the question is not the current one (not_current_question), "
    "was answered already (already_answered), nothing is being asked (no_question), nothing to undo (nothing_to_undo), "
    "another request changed it (interview_changed), or it was saved under another knowledge-base version (interview_outdated)"
)


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


@router.post(
    "",
    status_code=201,
    summary="Start an interview",
    response_model=InterviewOut,
    responses=PROBLEM_RESPONSES,
    openapi_extra=_body(StartRequest),
)
async def start(
    request: Request, store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> JSONResponse:
    """The person's words (optional), age and sex: returns the interview's id and its first question.

    If the words already describe an emergency, there is no first question: ``next.should_stop`` is
    true and the result is ready.
    """
    data = await read_json(request, settings.max_body_bytes)
    out = await run_in_threadpool(_start, data, store)
    return _json(out, 201, Location=f"{router.prefix}/{out.id}")


@router.get("/{interview_id}", summary="An interview's state", response_model=InterviewOut, responses={**NOT_FOUND, 409: CONFLICT})
def read(interview_id: str, store: Annotated[Store, Depends(get_store)]) -> JSONResponse:
    return _json(_summary(load(store, interview_id)))


@router.get(
    "/{interview_id}/next", summary="The next question, or why to stop", response_model=NextOut, responses={**NOT_FOUND, 409: CONFLICT}
)
def next_question(interview_id: str, store: Annotated[Store, Depends(get_store)]) -> JSONResponse:
    """The question to ask now with its kind, options, answer keys and rationale; or ``question: null``
    with ``should_stop`` and the reason (an emergency, a settled differential, nothing informative left,
    the question budget spent)."""
    return _json(_next(load(store, interview_id)))


@router.post(
    "/{interview_id}/answers",
    summary="Answer the current question",
    response_model=AnsweredOut,
    responses={
        **PROBLEM_RESPONSES,
        **NOT_FOUND,
        409: CONFLICT,
        422: problem_doc("Unknown question, or a value the question does not accept"),
    },
    openapi_extra=_body(AnswerRequest),
)
async def answer(
    interview_id: str, request: Request, store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> JSONResponse:
    """Record ``value`` for ``question_id``, which must be the current question. Returns the answer as
    recorded and the next question. A refused answer leaves the stored interview as it was."""
    data = await read_json(request, settings.max_body_bytes)
    return _json(await run_in_threadpool(_answer, store, interview_id, data))


@router.post("/{interview_id}/undo", summary="Take back the last answer", response_model=UndoneOut, responses={**NOT_FOUND, 409: CONFLICT})
def undo(interview_id: str, store: Annotated[Store, Depends(get_store)]) -> JSONResponse:
    return _json(_undo(store, interview_id))


@router.get(
    "/{interview_id}/result",
    summary="The assessment (ends the interview)",
    response_model=StoredAssessment,
    responses={**NOT_FOUND, 409: CONFLICT},
)
def result(interview_id: str, store: Annotated[Store, Depends(get_store)]) -> JSONResponse:
    """The assessment of what the interview knows, in the public contract of DESIGN.md, with the id it is
    stored under (also at ``/api/v1/assessments/{id}``). The first call stores it and ends the interview;
    later calls return the same assessment."""
    assessment_id, body = _result(store, interview_id)
    return JSONResponse({"id": assessment_id, **body}, headers={"Location": f"/api/v1/assessments/{assessment_id}"})
