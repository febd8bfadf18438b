"""FHIR R4: an assessment exported as a Bundle of valid resources, and recorded facts read back into a case."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from lumbus.api import assess, assess_text
from lumbus.intake.text import read_text
from lumbus.interop import codes as cs
from lumbus.interop.fhir_export import assessment_bundle
from lumbus.interop.fhir_import import FhirInputError, case_from_fhir

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my "
    "right leg hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _observation(system: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": system, "code": code}]}, **extra}


@pytest.fixture(scope="module")
def origin() -> dict[str, Any]:
    case = read_text(ORIGIN).to_case(age=30, sex="female", text=ORIGIN)
    a = assess(case)
    return {"assessment": a, "case": case, "bundle": json.loads(assessment_bundle(a, case).model_dump_json(exclude_none=True))}


def test_every_exported_resource_validates_and_round_trips(origin: dict[str, Any]) -> None:
    raw = json.dumps(origin["bundle"])
    again = Bundle.model_validate_json(raw)
    assert json.loads(again.model_dump_json(exclude_none=True)) == origin["bundle"]
    for entry in origin["bundle"]["entry"]:
        res = entry["resource"]
        model = get_fhir_model_class(res["resourceType"])
        assert json.loads(model.model_validate(res).model_dump_json(exclude_none=True)) == res
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_differential_risk_tests_and_plan_are_in_the_bundle(origin: dict[str, Any]) -> None:
    a, bundle = origin["assessment"], origin["bundle"]
    conditions = _resources(bundle, "Condition")
    assert conditions and all(c["verificationStatus"]["coding"][0]["code"] == "differential" for c in conditions)
    first = {c["system"]: c["code"] for c in conditions[0]["code"]["coding"]}
    top = a.differential[0].condition
    assert first[cs.ICD10] == top.icd10 and first[cs.SNOMED] == top.snomed
    (risk,) = _resources(bundle, "RiskAssessment")
    probs = [p["probabilityDecimal"] for p in risk["prediction"]]
    assert probs == [round(e.probability, 4) for e in a.differential[: len(probs)]]
    assert risk["method"]["coding"][0]["code"] == a.triage.level.value
    requests = _resources(bundle, "ServiceRequest")
    assert [r["code"]["text"] for r in requests] == [w.test.name for w in a.workup]
    assert all(r["intent"] == "proposal" for r in requests)
    (plan,) = _resources(bundle, "CarePlan")
    assert len(plan["activity"]) == len(a.care_plan)
    words = [o for o in _resources(bundle, "Observation") if o.get("valueString")]
    assert words[0]["valueString"] == ORIGIN


def test_a_sided_finding_carries_its_laterality(origin: dict[str, Any]) -> None:
    wasting = next(o for o in _resources(origin["bundle"], "Observation") if o["code"]["coding"][-1]["code"] == "gluteal_atrophy")
    assert wasting["valueBoolean"] is True
    assert wasting["bodySite"]["coding"][0] == {"system": cs.SNOMED, "code": cs.LATERALITY["right"], "display": "Right"}


def test_export_then_import_gives_the_same_assessment(origin: dict[str, Any]) -> None:
    imported = case_from_fhir(origin["bundle"])
    assert imported.case.age == 30 and imported.case.sex == "female"
    again = assess(imported.case)
    assert again.differential[0].condition.id == origin["assessment"].differential[0].condition.id
    assert again.triage.level == origin["assessment"].triage.level
    # provisional diagnoses are not read back as facts
    assert not imported.unmapped and any("differential" in i for i in imported.ignored)


def test_a_cds_hooks_prefetch_of_cauda_equina_is_an_emergency() -> None:
    prefetch = {
        "patient": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1980-05-01"},
        "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": []},
        "observations": {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [
                {"resource": _observation(cs.FINDING_SYSTEM, "saddle_anaesthesia", id="o1")},
                {"resource": _observation(cs.SNOMED, "267064002", id="o2", valueBoolean=True)},  # retention of urine
                {"resource": _observation(cs.FINDING_SYSTEM, "bilateral_leg_weakness", id="o3")},
                {"resource": _observation(cs.SNOMED, "279039007", id="o4", valueBoolean=True)},  # low back pain
            ],
        },
    }
    imported = case_from_fhir(prefetch, today=dt.date(2026, 11, 22))
    assert imported.case.age == 46 and imported.case.sex == "male"
    a = assess(imported.case)
    assert a.triage.level.value == "emergency"
    assert a.differential[0].condition.id == "cauda_equina_syndrome"


def test_what_is_refuted_absent_in_error_or_unknown_is_handled_and_reported() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": _observation(cs.SNOMED, "386661006", id="fever", valueBoolean=False)},
            {"resource": _observation(cs.SNOMED, "279039007", id="lbp", status="entered-in-error")},
            {"resource": _observation(cs.SNOMED, "999999999", id="odd", valueBoolean=True)},
            {
                "resource": {
                    "resourceType": "Condition",
                    "id": "dm",
                    "verificationStatus": {"coding": [{"system": cs.CONDITION_VER_STATUS, "code": "refuted"}]},
                    "code": {"coding": [{"system": cs.SNOMED, "code": "73211009"}]},
                    "subject": {"reference": "Patient/p1"},
                }
            },
            {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "free text only"}}},
            {"resource": _observation(cs.LOINC, cs.AGE_LOINC, valueQuantity={"value": 61, "unit": "a"})},
        ],
    }
    imported = case_from_fhir(bundle)
    ev = {e.finding: e.present for e in imported.case.evidence}
    assert ev == {"fever": False, "diabetes": False}
    assert imported.case.age == 61
    assert any("999999999" in u for u in imported.unmapped) and any("free text only" in u for u in imported.unmapped)
    assert any("entered-in-error" in i for i in imported.ignored)


def test_a_newer_record_overrules_an_older_one() -> None:
    old = _observation(cs.SNOMED, "386661006", valueBoolean=True, effectiveDateTime="2026-01-01")
    new = _observation(cs.SNOMED, "386661006", valueBoolean=False, effectiveDateTime="2026-06-01")
    for order in ([old, new], [new, old]):
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in order]}
        assert case_from_fhir(bundle).case.evidence[0].present is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": _observation(cs.SNOMED, "1", valueBoolean="maybe")}]},
            r"invalid FHIR Bundle: entry\.0\.resource\.valueBoolean",
        ),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": _observation(cs.SNOMED, "1")}, {"fullUrl": 5}]},
            r"invalid FHIR Bundle: entry\.1\.fullUrl",
        ),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Spaceship"}}]},
            r"unknown FHIR resourceType 'Spaceship' at entry\.0\.resource",
        ),
        ({"resourceType": "Spaceship"}, "unknown FHIR resourceType 'Spaceship'"),
        ({"resourceType": "Patient", "gender": "robot"}, "invalid FHIR Patient: gender"),
        ([1, 2], "expected a FHIR resource"),
    ],
)
def test_invalid_fhir_is_refused_with_the_field_named(data: Any, message: str) -> None:
    with pytest.raises(FhirInputError, match=message):
        case_from_fhir(data)


def test_cli_reads_and_writes_fhir(tmp_path: Path, origin: dict[str, Any]) -> None:
    exe = [sys.executable, "-m", "lumbus.cli"]
    out = subprocess.run(
        [*exe, "assess", "--text", ORIGIN, "--age", "30", "--sex", "female", "--format", "fhir"], capture_output=True, text=True, check=True
    )
    bundle_file = tmp_path / "bundle.json"
    bundle_file.write_text(out.stdout)
    Bundle.model_validate_json(out.stdout)
    back = subprocess.run([*exe, "assess", "--fhir", str(bundle_file), "--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(back.stdout)["differential"][0]["condition"]["id"] == origin["assessment"].differential[0].condition.id
    assert "finding(s) from FHIR" in back.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Patient", "gender": "robot"}')
    failed = subprocess.run([*exe, "assess", "--fhir", str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2 and "gender" in failed.stderr
    assert bad.read_text() == '{"resourceType": "Patient", "gender": "robot"}'


def test_assess_text_bundle_has_no_derived_bookkeeping() -> None:
    a = assess_text("my back hurts", age=70)
    bundle = json.loads(assessment_bundle(a).model_dump_json(exclude_none=True))
    codes = {o["code"]["coding"][-1]["code"] for o in _resources(bundle, "Observation")}
    assert "age_over_70" not in codes and "low_back_pain" in codes


def test_onset_recorded_in_fhir_gives_the_duration() -> None:
    lbp = {
        "resourceType": "Condition",
        "code": {"coding": [{"system": cs.SNOMED, "code": "279039007"}]},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": "2026-11-08",
    }
    imported = case_from_fhir(
        {"conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": lbp}]}}, today=dt.date(2026, 11, 22)
    )
    assert imported.case.duration_days == 14
    assert assess(imported.case).triage.level.value != "emergency"


def test_the_interview_is_exported_as_a_questionnaire_response() -> None:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    from lumbus.api import start_interview

    iv = start_interview("my right buttock has shrunk and my leg hurts when I sit", age=30, sex="female")
    given = []
    while (q := iv.next_question()) is not None and len(given) < 6:
        value: Any = "dont_know" if not given else ("no" if q.kind == "yes_no" else [] if q.kind == "multiple" else "dont_know")
        iv.answer(q.id, value)
        given.append((q.id, value))
    bundle = json.loads(assessment_bundle(iv.assessment(), iv.case(), interview=iv).model_dump_json(exclude_none=True))
    (qr,) = _resources(bundle, "QuestionnaireResponse")
    QuestionnaireResponse.model_validate(qr)
    assert [i["linkId"] for i in qr["item"]] == [qid for qid, _ in given]
    first = qr["item"][0]["answer"][0]["valueCoding"]
    assert first["code"] == "asked-unknown"  # "don't know" is never exported as a no
    for (_, value), item in zip(given, qr["item"], strict=True):
        if value == "no":
            assert item["answer"] == [{"valueBoolean": False}]
