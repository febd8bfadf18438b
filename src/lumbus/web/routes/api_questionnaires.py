"""Validated questionnaires and scores over REST, under /api/v1/questionnaires.

The instruments are knowledge-base data; scoring is :func:`lumbus.instruments.scoring.score` and FHIR
is :mod:`lumbus.instruments.fhir`. Nothing is stored: a score is returned to the caller only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import AnswerError, InstrumentResult
from lumbus.interop.codes import BASE
from lumbus.web.deps import get_settings
from lumbus.web.instruments import answer_problem, find, item_text
from lumbus.web.problems import PROBLEM_RESPONSES, problem_doc
from lumbus.web.service import read_json
from lumbus.web.settings import Settings

router = APIRouter(prefix="/api/v1/questionnaires", tags=["questionnaires"])

FHIR_JSON = "application/fhir+json"
Format = Annotated[Literal["json", "fhir"], Query(description="json (Lumbus's own shape) or fhir (FHIR R4)")]


class QuestionnaireBase(BaseModel):
    id: str
    name: str
    short_name: str
    version: str
    kind: Literal["questionnaire", "performance_test", "examination", "algorithm", "scale"]
    measures: str = Field(description="what the instrument measures, in plain words")
    needs_sex: bool = Field(description="cut-offs differ by sex: send ?sex= when scoring")
    loinc: str | None
    licensing: str | None = Field(description="why item wording is not shipped, and how a licensed clinic loads it")
    licensed_text: bool = Field(description="this server shows licensed wording loaded by the clinic")


class QuestionnaireSummary(QuestionnaireBase):
    item_count: int
    score_ids: list[str]


class OptionOut(BaseModel):
    code: str = Field(description="what to send as the answer")
    label: str = Field(description="neutral label")
    text: str = Field(description="licensed wording if the clinic loaded it, else the neutral label")
    points: int
    missing: bool = Field(description="this answer means 'not applicable': the item counts as unanswered")


class ItemOut(BaseModel):
    id: str
    label: str
    text: str
    kind: Literal["choice", "number"]
    required: bool = Field(description="the score cannot be computed without it")
    options: list[OptionOut]
    unit: str | None
    min: float | None
    max: float | None
    allow_unable: bool = Field(description="'unable' is an answer: the test could not be done")


class BandOut(BaseModel):
    id: str
    label: str
    max: float


class McidOut(BaseModel):
    """Minimal important change for follow-up."""

    better: Literal["lower", "higher"]
    absolute: float | None
    relative: float | None


class ScoreOut(BaseModel):
    id: str
    label: str
    method: Literal["sum", "percent"]
    unit: str
    bands: list[BandOut]
    mcid: McidOut | None


class QuestionnaireOut(QuestionnaireBase):
    items: list[ItemOut]
    scores: list[ScoreOut]
    references: list[str]


SARC_F_EXAMPLE = {"strength": "1", "assistance_walking": "0", "rise_from_chair": "1", "climb_stairs": "2", "falls": "0"}
SARC_F_FHIR_EXAMPLE = {
    "resourceType": "QuestionnaireResponse",
    "status": "completed",
    "questionnaire": f"{BASE}/Questionnaire/sarc-f",
    "item": [{"linkId": k, "answer": [{"valueCoding": {"code": v}}]} for k, v in SARC_F_EXAMPLE.items()],
}


def _base(inst: Instrument) -> dict[str, Any]:
    primary = inst.primary_score
    return dict(
        id=inst.id,
        name=inst.name,
        short_name=inst.short_name,
        version=inst.version,
        kind=inst.kind,
        measures=inst.description.text,
        needs_sex="sex" in inst.needs,
        loinc=inst.loinc or (primary.loinc if primary else None),
        licensing=inst.copyright,
        licensed_text=bool(item_text(inst)),
    )


def _detail(inst: Instrument) -> QuestionnaireOut:
    text = item_text(inst)
    required = inst.required_items
    items = [
        ItemOut(
            id=i.id,
            label=i.label,
            text=text.get(i.id, i.label),
            kind=i.kind,
            required=i.id in required,
            options=[
                OptionOut(code=o.code, label=o.label, text=text.get(f"{i.id}.{o.code}", o.label), points=o.value, missing=o.missing)
                for o in i.options
            ],
            unit=i.unit,
            min=i.min,
            max=i.max,
            allow_unable=i.allow_unable,
        )
        for i in inst.items
    ]
    scores = [
        ScoreOut(
            id=s.id,
            label=s.label,
            method=s.method,
            unit=s.unit,
            bands=[BandOut(id=b.id, label=b.label, max=b.max) for b in s.bands],
            mcid=None if s.change is None else McidOut(better=s.change.better, absolute=s.change.absolute, relative=s.change.relative),
        )
        for s in inst.scores
    ]
    return QuestionnaireOut(**_base(inst), items=items, scores=scores, references=inst.references)


@router.get("", summary="The validated instruments", response_model=list[QuestionnaireSummary])
def list_questionnaires() -> list[QuestionnaireSummary]:
    from lumbus.instruments.scoring import packaged_instruments

    return [
        QuestionnaireSummary(**_base(i), item_count=len(i.items), score_ids=[s.id for s in i.scores])
        for i in packaged_instruments().values()
    ]


@router.get(
    "/{instrument_id}",
    summary="One instrument: items, answer options, scores",
    response_model=QuestionnaireOut,
    responses={200: {"content": {FHIR_JSON: {}}}, 404: problem_doc("No instrument with this id")},
)
def read_questionnaire(instrument_id: str, format: Format = "json") -> JSONResponse:
    """Neutral item labels (or the clinic's licensed wording) and the answer codes to send when scoring;
    ``?format=fhir`` gives the FHIR R4 Questionnaire, whose options carry their points."""
    inst = find(instrument_id)
    if format == "fhir":
        from lumbus.instruments.fhir import export_questionnaire

        q = export_questionnaire(inst, item_text(inst))
        return JSONResponse(q.model_dump(mode="json", exclude_none=True), media_type=FHIR_JSON)
    return JSONResponse(_detail(inst).model_dump(mode="json"))


def _score(inst: Instrument, data: Any, sex: str | None) -> tuple[InstrumentResult, Any]:
    from lumbus.instruments.fhir import score_document

    try:
        return score_document(inst, data, sex=sex)
    except AnswerError as exc:
        raise answer_problem(inst, exc) from exc


@router.post(
    "/{instrument_id}/score",
    summary="Score answers or a FHIR QuestionnaireResponse",
    response_model=InstrumentResult,
    responses={
        **PROBLEM_RESPONSES,
        200: {"content": {FHIR_JSON: {}}, "description": "The result; with ?format=fhir a FHIR R4 Observation"},
        404: problem_doc("No instrument with this id"),
        422: problem_doc("Unknown item (unknown_item), an answer out of range (invalid_answer), too few answers (invalid_answer)"),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "item id -> answer (option code, points or measurement), or a QuestionnaireResponse",
                    },
                    "examples": {
                        "answers": {"summary": "SARC-F answers by item id", "value": SARC_F_EXAMPLE},
                        "fhir": {"summary": "The same as a FHIR QuestionnaireResponse", "value": SARC_F_FHIR_EXAMPLE},
                    },
                }
            },
        }
    },
)
async def score_questionnaire(
    instrument_id: str,
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    format: Format = "json",
    sex: Annotated[Literal["female", "male"] | None, Query(description="for instruments whose cut-offs differ by sex")] = None,
) -> JSONResponse:
    """A JSON object of item id -> answer (also ``{"answers": {...}, "sex": ...}``, as ``lumbus score --format json``
    reads it), or a FHIR QuestionnaireResponse (recognised by its ``resourceType``).

    Returns the result (scores, band, outcome, the findings it stands for); ``?format=fhir`` returns the
    FHIR R4 Observation instead. Every refused answer names its item.
    """
    inst = find(instrument_id)
    data = await read_json(request, settings.max_body_bytes)
    result, response = await run_in_threadpool(_score, inst, data, sex)
    headers = {"Cache-Control": "no-store"}
    if format == "fhir":
        from lumbus.instruments.fhir import result_observation

        obs = result_observation(result, response)
        return JSONResponse(obs.model_dump(mode="json", exclude_none=True), media_type=FHIR_JSON, headers=headers)
    return JSONResponse(result.model_dump(mode="json"), headers=headers)
