"""The clinician's pages under /clinic: sign in, the clinic's people, a person's record, exam entry,
re-assessment, progress over time, and the audit log for administrators.

Plain forms and redirects, so every page works without JavaScript. Every page needs a signed-in
account (else the login page), every form its session's CSRF token (else 403), and every view or
change of a person's record is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from lumbus.instruments.measures import MRC, MRC_INSTRUMENT, measure_kinds, mrc_sites
from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import AnswerError, packaged_instruments, parse_answers
from lumbus.store import Store
from lumbus.store.accounts import audit, audit_log
from lumbus.store.people import list_people
from lumbus.web.auth import (
    Clinician,
    LoginRequired,
    SignInLocked,
    current_admin,
    current_clinician,
    end_session,
    login_redirect,
    safe_next,
    sign_in,
    start_session,
)
from lumbus.web.deps import get_settings, get_store
from lumbus.web.people import MeasurementIn, open_record, parse_measurement, parse_person, reassess, record_measurements, register_person
from lumbus.web.problems import ProblemError
from lumbus.web.progress import progress_series, progress_svg
from lumbus.web.service import read_body
from lumbus.web.settings import Settings

router = APIRouter(prefix="/clinic", include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ClinicianDep = Annotated[Clinician, Depends(current_clinician)]
LOGIN_CSRF_COOKIE = "lumbus_login_csrf"
EXAM_INSTRUMENTS = (MRC_INSTRUMENT, "neuro_exam", "investigations")
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""The chart is an image: its own inline styles only, nothing else"""


async def to_login(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_redirect(exc.next_path), status_code=303)


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    return response


def _error(request: Request, exc: ProblemError) -> HTMLResponse:
    titles = {404: "Not found", 403: "Not allowed", 409: "Already there"}
    return _page(request, "error.html", {"title": titles.get(exc.status, "Please check"), "message": exc.detail}, exc.status)


async def _form(request: Request, settings: Settings, clinician: Clinician | None = None, max_fields: int = 120) -> dict[str, list[str]]:
    """A urlencoded form; with a clinician, its CSRF token must match the session's (403 otherwise)."""
    body = await read_body(request, settings.max_body_bytes)
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=max_fields)
    except ValueError as exc:
        raise ProblemError(400, "malformed_form", "The form has too many fields.") from exc
    if clinician is not None and not clinician.check_csrf(_one(fields, "csrf")):
        raise ProblemError(
            403, "csrf", "This form has expired or did not come from this site. Please go back, reload the page and try again."
        )
    return fields


def _one(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0].strip()


# --- sign in and out ---


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, settings: SettingsDep, next: str = "/clinic/people") -> HTMLResponse:
    return _login(request, settings, safe_next(next), None)


def _login(
    request: Request, settings: Settings, next_path: str, error: str | None, status_code: int = 200, headers: dict[str, str] | None = None
) -> HTMLResponse:
    import secrets

    token = secrets.token_urlsafe(24)
    response = _page(request, "clinic_login.html", {"next": next_path, "csrf": token, "error": error}, status_code)
    response.headers.update(headers or {})
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, path="/clinic/login", httponly=True, samesite="strict", secure=settings.secure_cookies
    )
    return response


@router.post("/login", response_model=None)
async def login(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    try:
        fields = await _form(request, settings, max_fields=10)
    except ProblemError as exc:
        return _error(request, exc)
    next_path = safe_next(_one(fields, "next"))
    sent, expected = _one(fields, "csrf"), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or sent != expected:
        return _login(request, settings, next_path, "The sign-in form had expired. Please try again.", 403)
    try:
        session_id = await sign_in(request, store, _one(fields, "username"), (fields.get("password") or [""])[0])
    except SignInLocked as locked:
        n = locked.minutes
        message = f"Too many failed sign-ins for this username; try again in {n} minute{'s' if n != 1 else ''}."
        return _login(request, settings, next_path, message, 429, {"Retry-After": str(locked.seconds)})
    if session_id is None:
        return _login(request, settings, next_path, "The username or password is not right.", 401)
    response = RedirectResponse(next_path, status_code=303)
    start_session(request, response, settings, session_id)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/clinic/login")
    return response


@router.post("/logout", response_model=None)
async def logout(request: Request, store: StoreDep, clinician: ClinicianDep, settings: SettingsDep) -> Response:
    try:
        await _form(request, settings, clinician, max_fields=5)
    except ProblemError as exc:
        return _error(request, exc)
    response = RedirectResponse("/clinic/login", status_code=303)
    await end_session(store, response, settings, clinician.session_id)
    return response


# --- people ---


@router.get("", response_model=None)
def home(clinician: ClinicianDep) -> Response:
    return RedirectResponse("/clinic/people", status_code=303)


def _people(store: Store) -> list[Any]:
    with store.reader() as session:
        return list_people(session)


def _people_page(
    request: Request, store: Store, clinician: Clinician, form: dict[str, str], error: str | None, status: int = 200
) -> HTMLResponse:
    context = {"me": clinician, "people": _people(store), "form": form, "error": error, "this_year": date.today().year}
    return _page(request, "clinic_people.html", context, status)


@router.get("/people", response_class=HTMLResponse)
def people(request: Request, store: StoreDep, clinician: ClinicianDep) -> HTMLResponse:
    return _people_page(request, store, clinician, {}, None)


@router.post("/people", response_model=None)
async def add_person(request: Request, store: StoreDep, settings: SettingsDep, clinician: ClinicianDep) -> Response:
    form: dict[str, str] = {}
    try:
        fields = await _form(request, settings, clinician, max_fields=10)
        form = {k: _one(fields, k) for k in ("label", "birth_year", "sex")}
        data: dict[str, Any] = {"label": form["label"], "sex": form["sex"] or None}
        if form["birth_year"]:
            if not form["birth_year"].isdigit():
                raise ProblemError(422, "invalid_request", "Year of birth: enter four digits, such as 1961.")
            data["birth_year"] = int(form["birth_year"])
        person = await run_in_threadpool(register_person, store, parse_person(data), clinician.account)
    except ProblemError as exc:
        if exc.status == 403:
            return _error(request, exc)
        return await run_in_threadpool(_people_page, request, store, clinician, form, exc.detail, exc.status)
    return RedirectResponse(f"/clinic/people/{person.id}", status_code=303)


def _person_context(store: Store, person_id: str, clinician: Clinician) -> dict[str, Any]:
    record = open_record(store, person_id, clinician.account)
    kinds = measure_kinds()
    return {
        "me": clinician,
        "record": record,
        "p": record.person,
        "series": progress_series(record.measurements),
        "kinds": [k for k in kinds.values()],
        "sites": mrc_sites(),
        "today": date.today().isoformat(),
    }


@router.get("/people/{person_id}", response_class=HTMLResponse)
async def person(request: Request, person_id: str, store: StoreDep, clinician: ClinicianDep, assessed: str = "") -> HTMLResponse:
    try:
        context = await run_in_threadpool(_person_context, store, person_id, clinician)
    except ProblemError as exc:
        return _error(request, exc)
    return _page(request, "clinic_person.html", {**context, "assessed": assessed, "form": {}, "error": None})


@router.post("/people/{person_id}/measurements", response_model=None)
async def add_measurement(request: Request, person_id: str, store: StoreDep, settings: SettingsDep, clinician: ClinicianDep) -> Response:
    form: dict[str, str] = {}
    try:
        fields = await _form(request, settings, clinician, max_fields=10)
        form = {k: _one(fields, k) for k in ("date", "kind", "site", "side", "value")}
        given = parse_measurement(_measurement_data(form))
        await run_in_threadpool(record_measurements, store, person_id, [given], clinician.account)
    except ProblemError as exc:
        if exc.status in (403, 404):
            return _error(request, exc)
        context = await run_in_threadpool(_person_context, store, person_id, clinician)
        return _page(request, "clinic_person.html", {**context, "assessed": "", "form": form, "error": exc.detail}, exc.status)
    return RedirectResponse(f"/clinic/people/{person_id}#measurements", status_code=303)


def _measurement_data(form: dict[str, str]) -> dict[str, Any]:
    try:
        value = float(form["value"].replace(",", "."))
    except ValueError as exc:
        raise ProblemError(422, "invalid_measurement", "Value: enter a number.") from exc
    kind = form["kind"]
    return {
        "date": form["date"] or date.today().isoformat(),
        "kind": kind,
        "site": (form["site"] or None) if kind == MRC else None,
        "side": form["side"] or None,
        "value": value,
    }


@router.post("/people/{person_id}/reassess", response_model=None)
async def reassess_latest(request: Request, person_id: str, store: StoreDep, settings: SettingsDep, clinician: ClinicianDep) -> Response:
    try:
        await _form(request, settings, clinician, max_fields=5)
        record = await run_in_threadpool(reassess, store, person_id, {}, clinician.account)
    except ProblemError as exc:
        return _error(request, exc)
    return RedirectResponse(f"/clinic/people/{person_id}?assessed={record.id}", status_code=303)


# --- examination and test results ---


def _exam_sections() -> list[dict[str, Any]]:
    """The exam form, built from the instruments' items: a row per item, with a left and a right where the item has sides."""
    found = packaged_instruments()
    sections = []
    for inst_id in EXAM_INSTRUMENTS:
        inst: Instrument = found[inst_id]
        rows: dict[str, dict[str, Any]] = {}
        for item in inst.items:
            stem, _, side = item.id.rpartition("_")
            sided = side in ("left", "right")
            key = stem if sided else item.id
            label = item.label.rsplit(",", 1)[0] if sided else item.label
            row = rows.setdefault(key, {"label": label, "cells": []})
            row["cells"].append({"name": f"{inst.id}.{item.id}", "side": side if sided else None, "item": item})
        sections.append({"instrument": inst, "rows": list(rows.values())})
    return sections


def _exam_page(
    request: Request, store: Store, person_id: str, clinician: Clinician, form: dict[str, str], error: str | None, status: int = 200
) -> HTMLResponse:
    record = open_record(store, person_id, clinician.account)
    context = {
        "me": clinician,
        "p": record.person,
        "sections": _exam_sections(),
        "form": form,
        "error": error,
        "today": date.today().isoformat(),
    }
    return _page(request, "clinic_exam.html", context, status)


@router.get("/people/{person_id}/exam", response_class=HTMLResponse)
async def exam(request: Request, person_id: str, store: StoreDep, clinician: ClinicianDep) -> HTMLResponse:
    try:
        return await run_in_threadpool(_exam_page, request, store, person_id, clinician, {}, None)
    except ProblemError as exc:
        return _error(request, exc)


def _exam_entries(form: dict[str, str]) -> tuple[list[dict[str, Any]], list[MeasurementIn]]:
    """The filled-in answers per instrument, and the MRC grades as measurements on the exam's date."""
    answers: dict[str, dict[str, str]] = {}
    for name, value in form.items():
        inst_id, _, item_id = name.partition(".")
        if inst_id in EXAM_INSTRUMENTS and item_id and value:
            answers.setdefault(inst_id, {})[item_id] = value
    if not answers:
        raise ProblemError(422, "invalid_answers", "Nothing was filled in: record at least one finding or test result.")
    when = form.get("date") or date.today().isoformat()
    grades = []
    for item_id, answer in parse_answers(packaged_instruments()[MRC_INSTRUMENT], answers.get(MRC_INSTRUMENT, {})).items():
        site, _, side = item_id.rpartition("_")
        grades.append(parse_measurement({"date": when, "kind": MRC, "site": site, "side": side, "value": answer.value}))
    return [{"instrument": k, "answers": v} for k, v in answers.items()], grades


@router.post("/people/{person_id}/exam", response_model=None)
async def record_exam(request: Request, person_id: str, store: StoreDep, settings: SettingsDep, clinician: ClinicianDep) -> Response:
    form: dict[str, str] = {}
    try:
        fields = await _form(request, settings, clinician)
        form = {k: v[0].strip() for k, v in fields.items() if k != "csrf" and v}
        entries, grades = _exam_entries(form)
        record = await run_in_threadpool(reassess, store, person_id, {"instruments": entries}, clinician.account, record=grades)
    except ProblemError as exc:
        if exc.status in (403, 404):
            return _error(request, exc)
        return await run_in_threadpool(_exam_page, request, store, person_id, clinician, form, exc.detail, exc.status)
    except AnswerError as exc:
        return await run_in_threadpool(_exam_page, request, store, person_id, clinician, form, str(exc), 422)
    return RedirectResponse(f"/clinic/people/{person_id}?assessed={record.id}", status_code=303)


# --- progress ---


@router.get("/people/{person_id}/progress", response_class=HTMLResponse)
async def progress(request: Request, person_id: str, store: StoreDep, clinician: ClinicianDep) -> HTMLResponse:
    try:
        context = await run_in_threadpool(_person_context, store, person_id, clinician)
    except ProblemError as exc:
        return _error(request, exc)
    return _page(request, "clinic_progress.html", context)


@router.get("/people/{person_id}/progress.svg", response_model=None)
async def progress_chart(person_id: str, store: StoreDep, clinician: ClinicianDep) -> Response:
    try:
        record = await run_in_threadpool(open_record, store, person_id, clinician.account)
    except ProblemError as exc:
        return Response(exc.detail, status_code=exc.status, media_type="text/plain")
    svg = await run_in_threadpool(progress_svg, progress_series(record.measurements))
    return Response(svg, media_type="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})


# --- administration ---


def _audit_rows(store: Store, clinician: Clinician, page: int) -> list[Any]:
    with store.transaction() as session:
        rows = audit_log(session, 100, 100 * page)
        audit(session, clinician.account, "viewed", "audit_log", "-")
    return rows


@router.get("/admin/audit", response_class=HTMLResponse)
async def audit_page(request: Request, store: StoreDep, admin: Annotated[Clinician, Depends(current_admin)], page: int = 0) -> HTMLResponse:
    page = max(0, min(page, 10_000))
    rows = await run_in_threadpool(_audit_rows, store, admin, page)
    return _page(request, "clinic_audit.html", {"me": admin, "rows": rows, "page": page})
