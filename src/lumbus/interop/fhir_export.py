"""An assessment as a FHIR R4 Bundle, for an EHR or a referral letter system to file.

The Bundle (type ``collection``) holds the Patient (sex only: Lumbus never holds a name),
an age Observation, one Observation per finding (present or absent, with its side and the
text it came from), a provisional Condition per differential entry (verificationStatus
``differential``), a RiskAssessment with their probabilities and the urgency, a
ServiceRequest (intent ``proposal``) per recommended test and a CarePlan. Every resource is
built with ``fhir.resources`` so it is validated as it is made. References inside the Bundle
are ``urn:uuid`` full URLs.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from lumbus.assessment import Assessment
from lumbus.case import Case
from lumbus.interop import codes as cs
from lumbus.knowledge.loader import KnowledgeBase, load_packaged
from lumbus.reasoning.interview import DONT_KNOW, Interview

#: differential entries exported: enough for a clinician, not the long tail
MAX_CONDITIONS = 5
_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


class _Builder:
    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, resource: dict[str, Any]) -> str:
        ref = f"urn:uuid:{uuid.uuid4()}"
        self.entries.append({"fullUrl": ref, "resource": resource})
        return ref


def assessment_bundle(
    assessment: Assessment, case: Case | None = None, kb: KnowledgeBase | None = None, interview: Interview | None = None
) -> Bundle:
    """Export ``assessment`` (with the ``case`` it was made from, for the person's own words, and the
    ``interview`` that led to it, as a QuestionnaireResponse)."""
    kb = kb or load_packaged()
    b = _Builder()
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if assessment.sex:
        patient["gender"] = assessment.sex
    patient_ref = b.add(patient)
    subject = {"reference": patient_ref}
    if interview is not None and interview.answers:
        b.add({**interview_response(interview, kb), "subject": subject})

    basis: list[dict[str, str]] = []
    if assessment.age is not None:
        basis.append(
            {
                "reference": b.add(
                    {
                        "resourceType": "Observation",
                        "status": "final",
                        "code": {"coding": [{"system": cs.LOINC, "code": cs.AGE_LOINC, "display": "Age"}]},
                        "subject": subject,
                        "valueQuantity": {"value": assessment.age, "unit": "a", "system": "http://unitsofmeasure.org", "code": "a"},
                    }
                )
            }
        )
    for ev in assessment.evidence:
        if ev.source == "derived":
            continue  # age bands and duration classes are Lumbus's own bookkeeping, not recorded facts
        basis.append({"reference": b.add(_finding_observation(kb, ev.finding, ev.name, ev.present, ev.side, ev.span, subject))})

    if case is not None and case.text:
        b.add(
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": cs.LOINC, "code": cs.CHIEF_COMPLAINT_LOINC, "display": "Chief complaint - Reported"}]},
                "subject": subject,
                "valueString": case.text,
            }
        )
    predictions = []
    for entry in assessment.differential[:MAX_CONDITIONS]:
        c = kb.conditions[entry.condition.id]
        b.add(
            {
                "resourceType": "Condition",
                "clinicalStatus": {"coding": [{"system": cs.CONDITION_CLINICAL, "code": "active"}]},
                "verificationStatus": {"coding": [{"system": cs.CONDITION_VER_STATUS, "code": "differential"}]},
                "code": {
                    "coding": [
                        {"system": cs.ICD10, "code": c.icd10, "display": c.name},
                        {"system": cs.SNOMED, "code": c.snomed, "display": c.name},
                        {"system": cs.CONDITION_SYSTEM, "code": c.id, "display": c.name},
                    ],
                    "text": c.name,
                },
                "subject": subject,
                "evidence": [{"detail": [{"reference": r["reference"]} for r in basis[:20]]}] if basis else None,
            }
        )
        predictions.append(
            {
                "outcome": {
                    "coding": [{"system": cs.ICD10, "code": c.icd10}, {"system": cs.CONDITION_SYSTEM, "code": c.id}],
                    "text": c.name,
                },
                "probabilityDecimal": round(entry.probability, 4),
                "rationale": _rationale(entry.supporting),
            }
        )
    triage = assessment.triage
    b.add(
        {
            "resourceType": "RiskAssessment",
            "status": "preliminary",
            "subject": subject,
            "method": {"coding": [{"system": cs.URGENCY_SYSTEM, "code": triage.level.value, "display": triage.action}]},
            "basis": basis or None,
            "prediction": predictions or None,
            "mitigation": " ".join(triage.reasons) or None,
            "note": [{"text": assessment.disclaimer}],
        }
    )
    for item in assessment.workup:
        t = kb.tests[item.test.id]
        b.add(
            {
                "resourceType": "ServiceRequest",
                "status": "draft",
                "intent": "proposal",
                "code": {"coding": cs.codings(t.codes, cs.TEST_SYSTEM, t.id, t.name), "text": t.name},
                "subject": subject,
                "reasonCode": [{"text": item.rationale}],
                "note": [{"text": f"When: {item.timing}"}] if item.timing else None,
            }
        )
    if assessment.care_plan:
        b.add(
            {
                "resourceType": "CarePlan",
                "status": "draft",
                "intent": "proposal",
                "subject": subject,
                "title": "Care plan suggested by Lumbus",
                "activity": [{"detail": {"status": "not-started", "description": item.text}} for item in assessment.care_plan],
                "note": [{"text": assessment.disclaimer}],
            }
        )
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "entry": _drop_none(b.entries)})


def _finding_observation(
    kb: KnowledgeBase, fid: str, name: str, present: bool, side: str | None, span: Any, subject: dict[str, str]
) -> dict[str, Any]:
    f = kb.findings[fid]
    category = "exam" if f.type == "sign" else "laboratory" if f.type == "test_result" else "survey"
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": cs.OBSERVATION_CATEGORY, "code": category}]}],
        "code": {"coding": cs.codings(f.codes, cs.FINDING_SYSTEM, f.id, f.name), "text": name},
        "subject": subject,
        "valueBoolean": present,
    }
    if side:
        obs["bodySite"] = {
            "coding": [{"system": cs.SNOMED, "code": cs.LATERALITY[side], "display": cs.LATERALITY_NAMES[side]}],
            "text": side,
        }
    if span is not None:
        obs["note"] = [{"text": f"In the person's words: \u201c{span.text}\u201d"}]
    return obs


def _rationale(supporting: list[Any]) -> str | None:
    parts = [f"{c.name} (likelihood ratio {c.likelihood_ratio:g})" for c in supporting[:4]]
    return "For: " + "; ".join(parts) if parts else None


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def interview_response(interview: Interview, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The interview's answers as a QuestionnaireResponse (one item per question asked, in order).

    Yes/no answers are booleans (with the side as a SNOMED CT laterality coding), "don't know" is the
    data-absent-reason ``asked-unknown`` (never a no), numbers are decimals, choices are codings of the
    knowledge-base findings they stand for.
    """
    kb = kb or load_packaged()
    texts = {q.id: q.text for q in kb.interview.case_questions} | {t.id: t.text for t in kb.interview.themes}
    items = []
    for rec in interview.answers:
        text = kb.findings[rec.question].question if rec.question in kb.findings else texts.get(rec.question, rec.question)
        item: dict[str, Any] = {"linkId": rec.question, "text": text}
        answers = _answers(kb, rec.value)
        if isinstance(answers, list):
            item["answer"] = answers
        else:
            item["item"] = answers["item"]
        items.append(item)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{cs.BASE}/Questionnaire/lumbus-interview",
        "status": "completed" if interview.next_question() is None else "in-progress",
        "item": items or None,
    }


def _answers(kb: KnowledgeBase, value: Any) -> list[dict[str, Any]] | dict[str, Any]:
    if isinstance(value, list):
        return [{"valueCoding": _choice(kb, v)} for v in value] or [{"valueString": "none of these"}]
    if isinstance(value, dict):
        return {"item": [{"linkId": k, "answer": _answers(kb, v)} for k, v in value.items()]}
    if isinstance(value, int | float):
        return [{"valueDecimal": value}]
    if value == DONT_KNOW:
        return [{"valueCoding": {"system": _ABSENT_REASON, "code": "asked-unknown", "display": "Asked But Unknown"}}]
    if value in ("yes", "no"):
        return [{"valueBoolean": value == "yes"}]
    if value in cs.LATERALITY:
        side = {"system": cs.SNOMED, "code": cs.LATERALITY[value], "display": cs.LATERALITY_NAMES[value]}
        return [{"valueBoolean": True}, {"valueCoding": side}]
    return [{"valueCoding": _choice(kb, str(value))}]


def _choice(kb: KnowledgeBase, option: str) -> dict[str, str]:
    if option in kb.findings:
        return {"system": cs.FINDING_SYSTEM, "code": option, "display": kb.findings[option].name}
    return {"system": f"{cs.BASE}/CodeSystem/answer", "code": option}
