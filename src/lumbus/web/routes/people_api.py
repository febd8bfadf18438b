"""The REST API for the clinic's people: people, their measurements and re-assessment (bearer token).

Bodies are parsed by us (as for assessments) so malformed JSON is a 400 and every other
mistake a precise 422 problem; nothing is stored unless all of a request is valid.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lumbus.store import Store
from lumbus.store.accounts import AccountOut, audit_log
from lumbus.store.people import MeasurementOut, PersonOut, list_people
from lumbus.web.auth import api_account, api_admin
from lumbus.web.deps import get_settings, get_store
from lumbus.web.people import (
    MeasurementIn,
    PersonIn,
    open_record,
    parse_measurement,
    parse_person,
    reassess,
    record_measurements,
    register_person,
)
from lumbus.web.problems import PROBLEM_RESPONSES, ProblemError, problem_doc
from lumbus.web.routes.api import StoredAssessment
from lumbus.web.service import parse_json, read_body, read_json, require_json
from lumbus.web.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["people"])
Account = Annotated[AccountOut, Depends(api_account)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: problem_doc("No API token, or an unknown or revoked one")}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: problem_doc("No person with this id")}


class PersonView(BaseModel):
    id: str
    label: str
    birth_year: int | None
    sex: str | None
    created_at: datetime
    latest_urgency: str | None = Field(None, description="the urgency of the person's latest assessment")


class AssessmentSummary(BaseModel):
    id: str
    created_at: datetime
    urgency: str
    top_condition: str | None


class PersonDetail(PersonView):
    assessments: list[AssessmentSummary] = Field(description="newest first; GET /api/v1/assessments/{id} has each in full")


class MeasurementView(BaseModel):
    id: str
    person_id: str
    date: date
    kind: str
    site: str | None
    side: str | None
    value: float
    unit: str
    recorded_by: str


class ReassessRequest(BaseModel):
    """New findings, examination or test results; the person's latest measurements are added unless told not to."""

    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    instruments: list[dict[str, Any]] = Field(
        default_factory=list, description="{instrument, answers} entries, e.g. neuro_exam, investigations"
    )


class PersonAssessment(StoredAssessment):
    person_id: str


class AuditView(BaseModel):
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str


def _person(p: PersonOut, urgency: str | None = None) -> dict[str, Any]:
    return PersonView(
        id=p.id, label=p.label, birth_year=p.birth_year, sex=p.sex, created_at=p.created_at, latest_urgency=urgency
    ).model_dump(mode="json")


def _measurement(m: MeasurementOut) -> dict[str, Any]:
    return MeasurementView(
        id=m.id,
        person_id=m.person_id,
        date=m.measured_on,
        kind=m.kind,
        site=m.site,
        side=m.side,
        value=m.value,
        unit=m.unit,
        recorded_by=m.recorded_by,
    ).model_dump(mode="json")


async def _json_body(request: Request, settings: Settings) -> Any:
    return await read_json(request, settings.max_body_bytes)


def _body_doc(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


@router.post(
    "/people",
    status_code=201,
    summary="Register a person under the clinic's pseudonymous label",
    response_model=PersonView,
    responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES, 409: problem_doc("The label is taken")},
    openapi_extra=_body_doc(PersonIn),
)
async def create(request: Request, account: Account, store: StoreDep, settings: SettingsDep) -> JSONResponse:
    given = parse_person(await _json_body(request, settings))
    person = await run_in_threadpool(register_person, store, given, account)
    return JSONResponse(_person(person), status_code=201, headers={"Location": f"/api/v1/people/{person.id}"})


def _listed(store: Store) -> list[dict[str, Any]]:
    with store.reader() as session:
        return [_person(s.person, s.latest_urgency) for s in list_people(session)]


@router.get("/people", summary="The clinic's people with their latest urgency", response_model=list[PersonView], responses=AUTH_RESPONSES)
async def people(account: Account, store: StoreDep) -> JSONResponse:
    return JSONResponse(await run_in_threadpool(_listed, store))


@router.get(
    "/people/{person_id}", summary="A person and their assessments", response_model=PersonDetail, responses={**AUTH_RESPONSES, **NOT_FOUND}
)
async def person(person_id: str, account: Account, store: StoreDep) -> JSONResponse:
    record = await run_in_threadpool(open_record, store, person_id, account)
    latest = record.assessments[0].result["triage"]["level"] if record.assessments else None
    summaries = [
        AssessmentSummary(
            id=a.id,
            created_at=a.created_at,
            urgency=a.result["triage"]["level"],
            top_condition=a.result["differential"][0]["condition"]["id"] if a.result["differential"] else None,
        ).model_dump(mode="json")
        for a in record.assessments
    ]
    return JSONResponse({**_person(record.person, latest), "assessments": summaries})


@router.post(
    "/people/{person_id}/measurements",
    status_code=201,
    summary="Add measurements (one object, or a list stored all or none)",
    response_model=list[MeasurementView],
    responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES, **NOT_FOUND},
    openapi_extra=_body_doc(MeasurementIn),
)
async def add_measurements(
    request: Request,
    person_id: str,
    account: Account,
    store: StoreDep,
    settings: SettingsDep,
) -> JSONResponse:
    data = await _json_body(request, settings)
    items = data if isinstance(data, list) else [data]
    if not items or len(items) > 500:
        raise ProblemError(422, "invalid_measurement", "send one measurement, or a list of 1 to 500")
    given = []
    for n, item in enumerate(items):
        try:
            given.append(parse_measurement(item))
        except ProblemError as exc:
            raise ProblemError(exc.status, exc.code, f"measurements[{n}]: {exc.detail}" if isinstance(data, list) else exc.detail) from exc
    stored = await run_in_threadpool(record_measurements, store, person_id, given, account)
    return JSONResponse([_measurement(m) for m in stored], status_code=201)


@router.get(
    "/people/{person_id}/measurements",
    summary="A person's measurements, oldest first",
    response_model=list[MeasurementView],
    responses={**AUTH_RESPONSES, **NOT_FOUND},
)
async def measurements(person_id: str, account: Account, store: StoreDep) -> JSONResponse:
    record = await run_in_threadpool(open_record, store, person_id, account)
    return JSONResponse([_measurement(m) for m in record.measurements])


@router.post(
    "/people/{person_id}/assessments",
    status_code=201,
    summary="Re-assess a person: their case, new findings and their latest measurements",
    response_model=PersonAssessment,
    responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES, **NOT_FOUND},
    openapi_extra=_body_doc(ReassessRequest),
)
async def reassess_person(
    request: Request,
    person_id: str,
    account: Account,
    store: StoreDep,
    settings: SettingsDep,
    latest: Annotated[bool, Query(description="add the latest measurements as evidence")] = True,
) -> JSONResponse:
    body = await read_body(request, settings.max_body_bytes)
    data: Any = {}
    if body.strip():
        require_json(request)
        data = parse_json(body)
    if not isinstance(data, dict):
        raise ProblemError(422, "invalid_case", "the body must be an object with present, absent, evidence or instruments")
    record = await run_in_threadpool(reassess, store, person_id, data, account, use_latest=latest)
    return JSONResponse(
        {"id": record.id, "person_id": person_id, **record.result},
        status_code=201,
        headers={"Location": f"/api/v1/assessments/{record.id}"},
    )


def _audit(store: Store, account: AccountOut, limit: int, offset: int) -> list[dict[str, Any]]:
    with store.reader() as session:
        rows = audit_log(session, limit, offset)
    return [
        AuditView(at=r.at, actor=r.actor, action=r.action, record_type=r.record_type, record_id=r.record_id).model_dump(mode="json")
        for r in rows
    ]


@router.get(
    "/audit",
    summary="The audit log, newest first (administrators)",
    response_model=list[AuditView],
    responses=AUTH_RESPONSES,
    tags=["audit"],
)
async def audit_entries(
    account: Annotated[AccountOut, Depends(api_admin)],
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    return JSONResponse(await run_in_threadpool(_audit, store, account, limit, offset))
