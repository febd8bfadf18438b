"""The REST API under /api/v1: assessments in, the DESIGN.md contract plus an id out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from lumbus.assessment import Assessment
from lumbus.case import MAX_TEXT_CHARS, Evidence
from lumbus.store import AssessmentRecordOut, Store, get_assessment
from lumbus.web.deps import get_store
from lumbus.web.problems import PROBLEM_RESPONSES, ProblemError, problem_doc
from lumbus.web.service import assess_and_store, read_json
from lumbus.web.settings import Settings

router = APIRouter(prefix="/api/v1")


class AssessmentRequest(BaseModel):
    """A person's own words with age and sex, or a structured case as in ``lumbus assess`` case files, or both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "my right buttock has shrunk and my leg hurts when I sit", "age": 30, "sex": "female"},
                {"age": 62, "sex": "male", "present": ["leg_weakness", "muscle_atrophy"], "absent": ["low_back_pain"]},
            ]
        },
    )

    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="the person's own words")
    age: int | None = Field(None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    present: list[str] = Field(default_factory=list, description="finding ids that are present")
    absent: list[str] = Field(default_factory=list, description="finding ids that are absent")
    evidence: list[Evidence] = Field(default_factory=list, description="findings with side and source")
    duration_days: float | None = Field(None, ge=0, le=36500)
    id: str | None = Field(None, max_length=200, description="the caller's own case id, echoed as case_id")


class StoredAssessment(Assessment):
    """The Assessment of DESIGN.md plus the id it is stored under."""

    id: str


@router.post(
    "/assessments",
    status_code=201,
    summary="Assess a case and store it",
    response_model=StoredAssessment,
    responses=PROBLEM_RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentRequest"}}},
        }
    },
    tags=["assessments"],
)
async def create_assessment(request: Request) -> Response:
    """Free text (``text``, ``age``, ``sex``) and/or structured findings (``present``, ``absent``, ``evidence``).

    Returns the assessment in the public contract of DESIGN.md with the ``id`` it is stored under.
    Bad input gets an RFC 9457 problem and nothing is stored.
    """
    # the store and settings straight from the app state: as FastAPI dependencies they cost a sixteenth of the call
    store: Store = request.app.state.store
    settings: Settings = request.app.state.settings
    data = await read_json(request, settings.max_body_bytes)
    record = await assess_and_store(store, data, channel="api")
    return _stored_response(record, status_code=201, headers={"Location": f"/api/v1/assessments/{record.id}"})


@router.get(
    "/assessments/{assessment_id}",
    summary="A stored assessment",
    response_model=StoredAssessment,
    responses={404: problem_doc("No assessment with this id")},
    tags=["assessments"],
)
def read_assessment(assessment_id: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    with store.reader() as session:
        record = get_assessment(session, assessment_id)
    if record is None:
        raise ProblemError(404, "not_found", f"no assessment with id {assessment_id!r}")
    return _stored_response(record)


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    kb_version: str


@router.get("/health", summary="Liveness and the database in use", response_model=Health, tags=["service"])
async def health(store: Annotated[Store, Depends(get_store)]) -> Health:
    from lumbus.knowledge.loader import load_packaged

    return Health(status="ok", database=store.backend, kb_version=load_packaged().meta.kb_version)


def _stored_response(record: AssessmentRecordOut, **kwargs: Any) -> Response:
    """The assessment's JSON with the ``id`` it is stored under first, spliced into the text already encoded for the store."""
    body = f'{{"id":{to_json(record.id).decode()},{record.result_json[1:]}'
    return Response(body, media_type="application/json", **kwargs)


def extra_schemas() -> dict[str, Any]:
    """Schemas the OpenAPI document refers to by hand (the request body is parsed by us, for precise errors)."""
    schema = AssessmentRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {**defs, "AssessmentRequest": schema}
