"""The adaptive interview on the patient pages: one question at a time, back, why, and the result.

Works without JavaScript (plain forms and redirects). The interview's state is kept in the store
under an unguessable id, so the person can reload or come back; an emergency at any point ends
the questions and shows the result with its banner first.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from lumbus.reasoning.interview import DONT_KNOW, Interview, InterviewError, Question
from lumbus.store import Store
from lumbus.web.deps import get_settings, get_store
from lumbus.web.interviews import StoredInterview, answer_keys, create, finish, load, save
from lumbus.web.problems import ProblemError
from lumbus.web.service import read_body
from lumbus.web.settings import Settings

router = APIRouter(include_in_schema=False)


def begin(store: Store, interview: Interview) -> str:
    """Store a new interview and return the address to go to: its first question, or the result at once."""
    if interview.next_question() is None:
        return f"/assessments/{finish(store, interview, None, channel='web').id}"
    return f"/interview/{create(store, interview)}"


def _result(store: Store, interview: Interview, interview_id: str) -> str:
    return f"/assessments/{finish(store, interview, interview_id, channel='web').id}"


def _load(store: Store, interview_id: str) -> StoredInterview:
    try:
        return load(store, interview_id)
    except ProblemError as exc:
        if exc.code == "not_found":
            raise ProblemError(404, "not_found", "There is no interview at this address.") from exc
        raise ProblemError(exc.status, exc.code, f"{exc.detail[0].upper()}{exc.detail[1:]}. Please start again.") from exc


def _page(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, "interview.html", context, status_code=status_code)
    return response


def _error(request: Request, exc: ProblemError) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        "error.html",
        {"title": "Not found" if exc.status == 404 else "Please start again", "message": exc.detail},
        status_code=exc.status,
    )
    return response


@router.get("/interview/{interview_id}", response_class=HTMLResponse, response_model=None)
async def ask(request: Request, interview_id: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    try:
        stored = await run_in_threadpool(_load, store, interview_id)
    except ProblemError as exc:
        return _error(request, exc)
    if stored.interview is None:
        return RedirectResponse(f"/assessments/{stored.assessment_id}", status_code=303)
    interview = stored.interview
    question = await run_in_threadpool(interview.next_question)
    if question is None:
        return RedirectResponse(await run_in_threadpool(_result, store, interview, interview_id), status_code=303)
    return _page(request, _context(interview_id, interview, question))


def _context(interview_id: str, interview: Interview, question: Question, error: str | None = None) -> dict[str, Any]:
    return {
        "id": interview_id,
        "q": question,
        "asked": interview.questions_asked,
        "can_go_back": interview.questions_asked > 0,
        "error": error,
        "keys": answer_keys(question),
    }


def _value(question: Question, fields: dict[str, list[str]]) -> Any:
    """The form's answer in the interview's terms (a number, an option id, a list of option ids, yes/no...)."""
    values = [v for v in fields.get("value", []) if v != ""]
    if DONT_KNOW in values:
        return DONT_KNOW
    if question.kind == "multiple":
        return values
    if not values:
        raise InterviewError("please choose an answer, or “I don't know”")
    if question.kind == "number":
        try:
            return float(values[0])
        except ValueError as exc:
            raise InterviewError("please enter a number") from exc
    return values[0]


@router.post("/interview/{interview_id}", response_model=None)
async def respond(
    request: Request,
    interview_id: str,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    try:
        stored = await run_in_threadpool(_load, store, interview_id)
        body = await read_body(request, settings.max_body_bytes)
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=60)
    except ProblemError as exc:
        return _error(request, exc)
    except ValueError:
        return _error(request, ProblemError(400, "malformed_form", "The form has too many fields."))
    if stored.interview is None:
        return RedirectResponse(f"/assessments/{stored.assessment_id}", status_code=303)
    interview = stored.interview
    action = (fields.get("action") or ["answer"])[0]
    if action == "finish":
        return RedirectResponse(await run_in_threadpool(_result, store, interview, interview_id), status_code=303)
    if action == "back":
        interview.undo()
    else:
        question = await run_in_threadpool(interview.next_question)
        if question is None:
            return RedirectResponse(await run_in_threadpool(_result, store, interview, interview_id), status_code=303)
        asked = (fields.get("question") or [""])[0]
        if asked != question.id:
            return RedirectResponse(f"/interview/{interview_id}", status_code=303)  # an old page resubmitted: ask again
        try:
            interview.answer(question.id, _value(question, fields))
        except InterviewError as exc:
            return _page(request, _context(interview_id, interview, question, str(exc)), 422)
    with suppress(ProblemError):  # another tab answered meanwhile: the redirect shows the question current now
        await run_in_threadpool(save, store, stored)
    return RedirectResponse(f"/interview/{interview_id}", status_code=303)
