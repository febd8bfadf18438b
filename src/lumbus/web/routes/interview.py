"""The adaptive interview on the patient pages: one question at a time, back, why, and the result.

Works without JavaScript (plain forms and redirects). The interview's state is kept in the store
under an unguessable id, so the person can reload or come back; an emergency at any point ends
the questions and shows the result with its banner first.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from lumbus.reasoning.interview import DONT_KNOW, Interview, InterviewError, Question
from lumbus.store import Store, get_interview, save_assessment, save_interview
from lumbus.web.deps import get_settings, get_store
from lumbus.web.problems import ProblemError
from lumbus.web.service import read_body
from lumbus.web.settings import Settings

router = APIRouter(include_in_schema=False)


def begin(store: Store, interview: Interview) -> str:
    """Store a new interview and return the address to go to: its first question, or the result at once."""
    if interview.next_question() is None:
        return finish(store, interview, None)
    with store.transaction() as session:
        interview_id = save_interview(session, interview.to_json())
    return f"/interview/{interview_id}"


def finish(store: Store, interview: Interview, interview_id: str | None) -> str:
    """Assess what the interview knows, store it, and return the result's address."""
    assessment = interview.assessment()
    with store.transaction() as session:
        record = save_assessment(session, interview.case(), assessment, channel="web")
        if interview_id:
            save_interview(session, interview.to_json(), interview_id, assessment_id=record.id)
    return f"/assessments/{record.id}"


def _load(store: Store, interview_id: str) -> tuple[Interview | None, str | None]:
    with store.reader() as session:
        found = get_interview(session, interview_id)
    if found is None:
        raise ProblemError(404, "not_found", "There is no interview at this address.")
    state, assessment_id = found
    if assessment_id:
        return None, assessment_id
    try:
        return Interview.from_json(state), None
    except InterviewError as exc:  # saved under another knowledge-base version
        raise ProblemError(409, "interview_outdated", f"This interview cannot continue: {exc}. Please start again.") from exc


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
        interview, done = await run_in_threadpool(_load, store, interview_id)
    except ProblemError as exc:
        return _error(request, exc)
    if done:
        return RedirectResponse(f"/assessments/{done}", status_code=303)
    assert interview is not None
    question = await run_in_threadpool(interview.next_question)
    if question is None:
        return RedirectResponse(await run_in_threadpool(finish, store, interview, interview_id), status_code=303)
    return _page(request, _context(interview_id, interview, question))


def _context(interview_id: str, interview: Interview, question: Question, error: str | None = None) -> dict[str, Any]:
    return {
        "id": interview_id,
        "q": question,
        "asked": interview.questions_asked,
        "can_go_back": interview.questions_asked > 0,
        "error": error,
        "dont_know": DONT_KNOW,
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
        interview, done = await run_in_threadpool(_load, store, interview_id)
        body = await read_body(request, settings.max_body_bytes)
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=60)
    except ProblemError as exc:
        return _error(request, exc)
    except ValueError:
        return _error(request, ProblemError(400, "malformed_form", "The form has too many fields."))
    if done:
        return RedirectResponse(f"/assessments/{done}", status_code=303)
    assert interview is not None
    action = (fields.get("action") or ["answer"])[0]
    if action == "finish":
        return RedirectResponse(await run_in_threadpool(finish, store, interview, interview_id), status_code=303)
    if action == "back":
        interview.undo()
    else:
        question = await run_in_threadpool(interview.next_question)
        if question is None:
            return RedirectResponse(await run_in_threadpool(finish, store, interview, interview_id), status_code=303)
        asked = (fields.get("question") or [""])[0]
        if asked != question.id:
            return RedirectResponse(f"/interview/{interview_id}", status_code=303)  # an old page resubmitted: ask again
        try:
            interview.answer(question.id, _value(question, fields))
        except InterviewError as exc:
            return _page(request, _context(interview_id, interview, question, str(exc)), 422)
    with store.transaction() as session:
        save_interview(session, interview.to_json(), interview_id)
    return RedirectResponse(f"/interview/{interview_id}", status_code=303)
