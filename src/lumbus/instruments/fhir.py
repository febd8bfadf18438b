"""Instruments as FHIR R4 (``fhir.resources.R4B``): Questionnaire out, QuestionnaireResponse in, Observation out.

Answer options carry their points in the ``ordinalValue`` extension; results use the
instrument's LOINC codes where they exist and Lumbus's own code system where none does.
``fhir.resources`` is imported here only, so the CLI starts fast.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from lumbus.instruments.schema import Instrument, Item
from lumbus.instruments.scoring import AnswerError, InstrumentResult, get_instrument, score
from lumbus.intake.casefile import describe_validation_error
from lumbus.interop.codes import BASE, LOINC
from lumbus.interop.codes import OBSERVATION_CATEGORY as OBS_CATEGORY

UCUM = "http://unitsofmeasure.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
UNIT_EXT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
MIN_EXT = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_EXT = "http://hl7.org/fhir/StructureDefinition/maxValue"
SEX_ITEM = "sex"


def fhir_id(instrument_id: str) -> str:
    """FHIR ids allow letters, digits, '-' and '.', not '_'."""
    return instrument_id.replace("_", "-")


def questionnaire_url(inst: Instrument) -> str:
    return f"{BASE}/Questionnaire/{fhir_id(inst.id)}"


def code_system(inst: Instrument) -> str:
    """Lumbus's code system for this instrument's answers, scores and classes."""
    return f"{BASE}/CodeSystem/{fhir_id(inst.id)}"


def _ucum(unit: str) -> dict[str, str]:
    return {"unit": unit.strip("{}"), "system": UCUM, "code": unit}


def _item(inst: Instrument, item: Item, text: Mapping[str, str], required: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"linkId": item.id, "text": text.get(item.id, item.label), "required": required}
    if item.loinc:
        out["code"] = [{"system": LOINC, "code": item.loinc}]
    if item.kind == "choice":
        out["type"] = "choice"
        out["answerOption"] = [
            {
                "valueCoding": {
                    "system": code_system(inst),
                    "code": o.code,
                    "display": text.get(f"{item.id}.{o.code}", o.label),
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": o.value}],
                }
            }
            for o in item.options
        ]
        return out
    out["type"] = "decimal"
    ext: list[dict[str, Any]] = []
    if item.unit:
        ext.append({"url": UNIT_EXT, "valueCoding": {"system": UCUM, "code": item.unit, "display": item.unit}})
    ext += [{"url": url, "valueDecimal": v} for url, v in ((MIN_EXT, item.min), (MAX_EXT, item.max)) if v is not None]
    if ext:
        out["extension"] = ext
    if item.allow_unable:
        out["text"] += " (if the test cannot be done, answer with the code 'unable')"
    return out


def export_questionnaire(inst: Instrument | str, item_text: Mapping[str, str] | None = None) -> Any:
    """The instrument as a validated R4 Questionnaire (neutral labels unless licensed ``item_text`` is given)."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    inst = get_instrument(inst) if isinstance(inst, str) else inst
    text = item_text or {}
    needed = inst.required_items
    items = [_item(inst, i, text, i.id in needed) for i in inst.items]
    if "sex" in inst.needs:
        items.insert(
            0,
            {
                "linkId": SEX_ITEM,
                "text": "Sex (the cut-offs differ)",
                "type": "choice",
                "required": True,
                "answerOption": [
                    {"valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": s}} for s in ("female", "male")
                ],
            },
        )
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": fhir_id(inst.id),
        "url": questionnaire_url(inst),
        "version": inst.version,
        "name": re.sub(r"[^A-Za-z0-9]", "", inst.short_name.title()) or "Instrument",
        "title": inst.name,
        "status": "active",
        "description": inst.description.text,
        "item": items,
    }
    if inst.copyright:
        resource["copyright"] = inst.copyright
    if inst.loinc:
        resource["code"] = [{"system": LOINC, "code": inst.loinc, "display": inst.name}]
    return Questionnaire.model_validate(resource)


def _flatten(items: list[Any] | None) -> Iterator[Any]:
    for it in items or []:
        yield it
        yield from _flatten(it.item)
        for ans in it.answer or []:
            yield from _flatten(ans.item)


def _answer_value(link_id: str, answers: list[Any]) -> Any:
    if len(answers) != 1:
        raise AnswerError(f"item {link_id!r} has {len(answers)} answers; one is allowed", link_id)
    a = answers[0]
    if a.valueCoding is not None:
        return a.valueCoding.code
    for field in ("valueInteger", "valueDecimal", "valueString", "valueBoolean"):
        v = getattr(a, field)
        if v is not None:
            if field == "valueBoolean":
                raise AnswerError(f"item {link_id!r}: a yes/no answer cannot be scored; send the option code", link_id)
            return float(v) if field == "valueDecimal" else v
    raise AnswerError(f"item {link_id!r}: answer type is not one Lumbus scores (coding, integer, decimal or string)", link_id)


def read_response(data: Mapping[str, Any], inst: Instrument | str) -> tuple[dict[str, Any], str | None, Any]:
    """Answers, sex and the parsed resource from a QuestionnaireResponse for this instrument."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    inst = get_instrument(inst) if isinstance(inst, str) else inst
    try:
        qr = QuestionnaireResponse.model_validate(dict(data))
    except ValidationError as exc:
        raise AnswerError(f"not a valid FHIR QuestionnaireResponse: {describe_validation_error(exc, root='(resource)', limit=1)}") from exc
    canonical = (qr.questionnaire or "").split("|")[0]
    if canonical and canonical != questionnaire_url(inst):
        raise AnswerError(f"this response answers the questionnaire {canonical!r}, not {inst.short_name} ({questionnaire_url(inst)})")
    answers: dict[str, Any] = {}
    sex: str | None = None
    for it in _flatten(qr.item):
        if not it.answer:
            continue
        value = _answer_value(it.linkId, it.answer)
        if it.linkId == SEX_ITEM and "sex" in inst.needs:
            sex = str(value)
        else:
            answers[it.linkId] = value
    return answers, sex, qr


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def result_observation(result: InstrumentResult, response: Any = None) -> Any:
    """The result as a validated R4 Observation: the headline score (or class), the rest as components."""
    from fhir.resources.R4B.observation import Observation

    inst = get_instrument(result.instrument)
    system = code_system(inst)
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid4()),
        "status": "final",
        "category": [
            {"coding": [{"system": OBS_CATEGORY, "code": "survey" if inst.kind == "questionnaire" else "exam"}]},
        ],
    }
    components: list[dict[str, Any]] = []
    primary = inst.primary_score
    for s in result.scores:
        spec = next(x for x in inst.scores if x.id == s.id)
        code = _concept(LOINC, spec.loinc, s.label) if spec.loinc else _concept(system, s.id, s.label)
        part: dict[str, Any] = {"code": code, "valueQuantity": {"value": round(s.value, 4), **_ucum(s.unit)}}
        if s.band:
            part["interpretation"] = [_concept(system, s.band, s.band_label or s.band)]
        if primary is not None and s.id == primary.id:
            obs.update(part)
        else:
            components.append(part)
    if result.outcome is not None:
        slot = (
            _concept(LOINC, inst.outcome_loinc, f"{inst.short_name} result")
            if inst.outcome_loinc
            else _concept(system, "outcome", f"{inst.short_name} result")
        )
        part = {"code": slot, "valueCodeableConcept": _concept(system, result.outcome.id, result.outcome.label)}
        if primary is None:
            obs.update(part)
        else:
            components.append(part)
    if primary is None:
        for item_id, a in result.answers.items():
            label = inst.item(item_id).label
            value = {"valueCodeableConcept": _concept(system, a.code, a.code)} if a.code else {"valueQuantity": {"value": a.value}}
            components.append({"code": _concept(system, item_id, label), **value})
        if "code" not in obs:
            obs["code"] = _concept(system, inst.id, inst.name)
    if components:
        obs["component"] = components
    if response is not None:
        if not response.id:
            response.id = str(uuid.uuid4())
        obs["derivedFrom"] = [{"reference": f"QuestionnaireResponse/{response.id}"}]
        if response.subject is not None:
            obs["subject"] = response.subject.model_dump(mode="json", exclude_none=True)
        if response.authored is not None:
            when = response.authored
            obs["effectiveDateTime"] = when if isinstance(when, str) else when.isoformat()
    return Observation.model_validate(obs)


def score_response(data: Mapping[str, Any], inst: Instrument | str, *, sex: str | None = None) -> tuple[InstrumentResult, Any]:
    """Score a QuestionnaireResponse: the result and its Observation, derived from the response."""
    inst = get_instrument(inst) if isinstance(inst, str) else inst
    answers, given_sex, qr = read_response(data, inst)
    result = score(inst, answers, sex=given_sex or sex)
    return result, result_observation(result, qr)


def score_document(inst: Instrument | str, data: Any, *, sex: str | None = None) -> tuple[InstrumentResult, Any]:
    """Score what a file or a request holds: answers (item id -> answer), ``{answers, sex}``, or a
    QuestionnaireResponse (recognised by its ``resourceType``). Returns the result and the response, if it was one."""
    inst = get_instrument(inst) if isinstance(inst, str) else inst
    if isinstance(data, Mapping) and "resourceType" in data:
        if data["resourceType"] != "QuestionnaireResponse":
            raise AnswerError(f"a FHIR {data['resourceType']} is not a QuestionnaireResponse")
        answers, given, response = read_response(data, inst)
        return score(inst, answers, sex=given or sex), response
    if isinstance(data, Mapping) and isinstance(data.get("answers"), dict):
        return score(inst, data["answers"], sex=sex or data.get("sex")), None
    return score(inst, data, sex=sex), None
