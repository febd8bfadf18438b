"""The questionnaire pages: the instruments, a form for each, and the scored result. Work without JavaScript.

A form with missing or impossible answers comes back with each error next to its field and every
answer kept. Nothing is stored: the result page is the answer to the form's post.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from lumbus.instruments.schema import Instrument
from lumbus.instruments.scoring import UNABLE, AnswerError, InstrumentResult, packaged_instruments, parse_answers, score, unscorable
from lumbus.knowledge.loader import load_packaged
from lumbus.web.deps import get_settings
from lumbus.web.instruments import find, item_text
from lumbus.web.problems import ProblemError
from lumbus.web.service import read_body
from lumbus.web.settings import Settings
from lumbus.web.views import humanise

router = APIRouter(include_in_schema=False)

KIND_LABEL = {
    "questionnaire": "Questionnaire",
    "performance_test": "Physical test",
    "examination": "Examination",
    "algorithm": "Step-by-step assessment",
    "scale": "Scale",
}
SEXES = ("female", "male")


@dataclass(frozen=True)
class Listed:
    inst: Instrument
    kind_label: str


@dataclass(frozen=True)
class FindingShown:
    name: str
    present: bool
    side: str | None


@dataclass(frozen=True)
class AnswerShown:
    label: str
    answer: str


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    return response


def _not_found(request: Request, exc: ProblemError) -> HTMLResponse:
    return _page(request, "error.html", {"title": "Not found", "message": "There is no questionnaire at this address."}, exc.status)


@router.get("/questionnaires", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    listed = [Listed(i, KIND_LABEL[i.kind]) for i in packaged_instruments().values()]
    return _page(request, "questionnaires.html", {"instruments": listed})


def _form(
    request: Request,
    inst: Instrument,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    form_error: str | None = None,
) -> HTMLResponse:
    text = item_text(inst)
    labels = {i.id: text.get(i.id, i.label) for i in inst.items} | {"sex": "Sex"}
    scored = {i for s in inst.scores if s.missing.counts_as is None for i in s.items}
    allowances = [
        f"{s.label}: up to {s.missing.max_missing} item{'s' if s.missing.max_missing > 1 else ''} may be left unanswered."
        for s in inst.scores
        if s.missing.counts_as is None and s.missing.max_missing > 0
    ]
    context = {
        "inst": inst,
        "text": text,
        "licensed": bool(text),
        "labels": labels,
        "optional": {i.id for i in inst.items} - scored,
        "allowances": allowances,
        "values": values,
        "errors": errors or {},
        "form_error": form_error,
    }
    return _page(request, "questionnaire.html", context, 422 if errors or form_error else 200)


@router.get("/questionnaires/{instrument_id}", response_class=HTMLResponse)
def form(request: Request, instrument_id: str) -> HTMLResponse:
    try:
        inst = find(instrument_id)
    except ProblemError as exc:
        return _not_found(request, exc)
    return _form(request, inst, {})


def _values(inst: Instrument, body: bytes) -> dict[str, str]:
    """The form's answers by item id (an 'unable' tick wins over a number), and the sex; other fields ignored."""
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=200)
    except ValueError as exc:
        raise ProblemError(400, "malformed_form", "The form has too many fields.") from exc
    out: dict[str, str] = {}
    for key in [i.id for i in inst.items] + ["sex"]:
        given = [v.strip() for v in fields.get(key, []) if v.strip()]
        if given:
            out[key] = UNABLE if UNABLE in given else given[0]
    return out


def _field_message(exc: AnswerError) -> str:
    """The engine's message without the instrument and item it names (the field shows them)."""
    message = str(exc).split("): ", 1)[-1]
    return message[:1].upper() + message[1:] + "."


def _check(inst: Instrument, values: dict[str, str]) -> dict[str, str]:
    """Every field's error at once: impossible answers, then the unanswered items that stop a score, and the sex."""
    errors: dict[str, str] = {}
    answers = {k: v for k, v in values.items() if k != "sex"}
    for item_id, raw in answers.items():
        try:
            parse_answers(inst, {item_id: raw})
        except AnswerError as exc:
            errors[item_id] = _field_message(exc)
    for item_id, needed in unscorable(inst, set(answers)).items():
        errors.setdefault(item_id, "Please answer this." if needed is None else f"Please answer this: the score needs {needed}.")
    if "sex" in inst.needs and values.get("sex") not in SEXES:
        errors["sex"] = "Please choose: the cut-offs differ for women and men."
    order = [i.id for i in inst.items]
    return dict(sorted(errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else -1))


def _result_context(inst: Instrument, result: InstrumentResult) -> dict[str, Any]:
    kb = load_packaged()
    primary_spec = inst.primary_score
    primary = result.score() if primary_spec else None
    answers = []
    for item in inst.items:
        a = result.answers.get(item.id)
        if a is None:
            continue
        if a.code == UNABLE:
            shown = "could not do the test"
        elif item.kind == "choice":
            shown = next(o.label for o in item.options if o.code == a.code)
        else:
            unit = "" if (item.unit or "{").startswith("{") else f" {item.unit}"
            shown = f"{a.value:g}{unit}"
        answers.append(AnswerShown(item.label, shown))
    findings = [
        FindingShown(kb.findings[e.finding].name if e.finding in kb.findings else humanise(e.finding), e.present, e.side)
        for e in result.evidence
    ]
    return {
        "inst": inst,
        "r": result,
        "primary": primary,
        "change": primary_spec.change if primary_spec else None,
        "met": [c.label for c in inst.criteria if result.criteria.get(c.id) is True],
        "unmet": [c.label for c in inst.criteria if result.criteria.get(c.id) is False],
        "findings": findings,
        "answers": answers,
        "references": [kb.references[r] for r in inst.references if r in kb.references],
    }


@router.post("/questionnaires/{instrument_id}", response_class=HTMLResponse)
async def scored(request: Request, instrument_id: str, settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    try:
        inst = find(instrument_id)
    except ProblemError as exc:
        return _not_found(request, exc)
    try:
        values = _values(inst, await read_body(request, settings.max_body_bytes))
    except ProblemError as exc:
        return _page(request, "error.html", {"title": "Please try again", "message": exc.detail}, exc.status)
    errors = _check(inst, values)
    if errors:
        return _form(request, inst, values, errors)
    answers = {k: v for k, v in values.items() if k != "sex"}
    if not answers:
        return _form(request, inst, values, form_error="Please answer at least one item.")
    try:
        result = await run_in_threadpool(score, inst, answers, sex=values.get("sex"))
    except AnswerError as exc:
        return _form(request, inst, values, form_error=_field_message(exc))
    response = _page(request, "questionnaire_result.html", _result_context(inst, result))
    response.headers["Cache-Control"] = "no-store"
    return response
