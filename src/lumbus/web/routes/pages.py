"""The patient pages: tell us what's happening, the result, the condition library. Work without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from lumbus.api import start_interview
from lumbus.case import MAX_TEXT_CHARS
from lumbus.knowledge.loader import load_packaged
from lumbus.store import Store
from lumbus.web.deps import get_settings, get_store
from lumbus.web.problems import ProblemError
from lumbus.web.routes.interview import begin
from lumbus.web.routes.report import load_result, not_found
from lumbus.web.service import read_body, validated_case
from lumbus.web.settings import Settings
from lumbus.web.views import condition_view, search_conditions

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    return response


def _start(request: Request, form: dict[str, str], error: str | None = None, status_code: int = 200) -> HTMLResponse:
    response = _page(request, "start.html", {"form": form, "error": error, "max_text": MAX_TEXT_CHARS}, status_code)
    if error:
        response.headers["HX-Push-Url"] = "false"  # the form stays at its own address; /assess only takes posts
    return response


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    return _start(request, {})


def _form_case(form: dict[str, str]) -> dict[str, Any]:
    """The start form as a case mapping; the same validation as the API then applies."""
    case: dict[str, Any] = {"text": form.get("text", "")}
    age = form.get("age", "").strip()
    if age:
        if not age.isdigit():
            raise ProblemError(422, "invalid_case", "age: enter your age as a whole number of years, from 0 to 120")
        case["age"] = int(age)
    sex = form.get("sex", "").strip()
    if sex:
        case["sex"] = sex
    return case


FORM_FIELDS = ("text", "age", "sex")


def _form_fields(body: bytes) -> dict[str, str]:
    """The start form's fields from a urlencoded body (the first value of each; other fields ignored)."""
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=20)
    except ValueError as exc:
        raise ProblemError(400, "malformed_form", "the form has too many fields") from exc
    return {k: v[0] for k, v in fields.items() if k in FORM_FIELDS}


@router.get("/assess")
def start_again() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


@router.post("/assess", response_model=None)
async def submit(
    request: Request, store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    form: dict[str, str] = {}
    try:
        body = await read_body(request, settings.max_body_bytes)
        form = _form_fields(body)
        if not form.get("text", "").strip():
            raise ProblemError(422, "invalid_case", "Please tell us what is happening, in your own words.")
        given = validated_case(_form_case(form))
        interview = await run_in_threadpool(start_interview, given.text, age=given.age, sex=given.sex)
        target = await run_in_threadpool(begin, store, interview)
    except ProblemError as exc:
        return _start(request, form, exc.detail, exc.status)
    return RedirectResponse(target, status_code=303)


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def result(request: Request, assessment_id: str, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    context = load_result(store, assessment_id)
    if context is None:
        return not_found(request)
    return _page(request, "result.html", context)


@router.get("/conditions", response_class=HTMLResponse)
def library(request: Request, q: str = "") -> HTMLResponse:
    q = q[:200]
    return _page(request, "library.html", {"q": q, "conditions": search_conditions(load_packaged(), q)})


@router.get("/conditions/{condition_id}", response_class=HTMLResponse)
def condition(request: Request, condition_id: str) -> HTMLResponse:
    kb = load_packaged()
    found = kb.conditions.get(condition_id)
    if found is None:
        return _page(request, "error.html", {"title": "Not found", "message": "There is no condition at this address."}, 404)
    return _page(request, "condition.html", {"v": condition_view(kb, found)})
