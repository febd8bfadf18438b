"""Questionnaires and scores over REST: the instruments as data and FHIR, scoring answers or a QuestionnaireResponse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lumbus.instruments.fhir import export_questionnaire
from lumbus.instruments.licensed import ENV_VAR
from lumbus.instruments.scoring import packaged_instruments, score

BASE = "/api/v1/questionnaires"
SARC_F = {"strength": "1", "assistance_walking": "0", "rise_from_chair": "1", "climb_stairs": "2", "falls": "0"}
ODI_ITEMS = [i.id for i in packaged_instruments()["oswestry"].items]


def _fhir_response(answers: dict[str, str], questionnaire: str = "https://lumbus.example/fhir/Questionnaire/sarc-f") -> dict[str, Any]:
    items = [{"linkId": k, "answer": [{"valueCoding": {"code": v}}]} for k, v in answers.items()]
    return {"resourceType": "QuestionnaireResponse", "id": "qr-1", "status": "completed", "questionnaire": questionnaire, "item": items}


def test_the_list_names_every_instrument_with_its_licensing(client: TestClient) -> None:
    r = client.get(BASE)
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.json()}
    assert set(rows) == set(packaged_instruments())
    assert "copyrighted" in rows["oswestry"]["licensing"] and "copyrighted" in rows["start_back"]["licensing"]
    assert rows["sarc_f"]["licensing"] is None and rows["oswestry"]["licensed_text"] is False
    assert rows["ewgsop2"]["needs_sex"] is True and rows["oswestry"]["item_count"] == 10
    assert rows["oswestry"]["measures"] == packaged_instruments()["oswestry"].description.text


def test_one_instrument_with_neutral_labels_codes_and_mcid(client: TestClient) -> None:
    body = client.get(f"{BASE}/oswestry").json()
    assert [i["id"] for i in body["items"]] == ODI_ITEMS
    first = body["items"][0]
    assert first["text"] == first["label"] == "Pain intensity"
    assert [o["code"] for o in first["options"]] == ["0", "1", "2", "3", "4", "5"]
    assert first["options"][0]["text"] == "statement 1 (least limitation)"
    index = body["scores"][0]
    assert index["method"] == "percent" and index["mcid"] == {"better": "lower", "absolute": 10.0, "relative": 0.3}
    grip = {i["id"]: i for i in client.get(f"{BASE}/ewgsop2").json()["items"]}["grip_kg"]
    assert grip["kind"] == "number" and grip["unit"] == "kg" and grip["allow_unable"] is True
    assert client.get(f"{BASE}/ODI").json()["id"] == "oswestry"  # short names work as in the CLI


def test_fhir_questionnaire(client: TestClient) -> None:
    r = client.get(f"{BASE}/oswestry", params={"format": "fhir"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/fhir+json")
    assert r.json() == export_questionnaire("oswestry").model_dump(mode="json", exclude_none=True)
    assert r.json()["resourceType"] == "Questionnaire" and "copyrighted" in r.json()["copyright"]
    bad = client.get(f"{BASE}/oswestry", params={"format": "xml"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"


def test_licensed_wording_is_shown_when_the_clinic_loads_it(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = tmp_path / "licensed.yaml"
    text.write_text("oswestry:\n  pain_intensity: Licensed pain wording\n  pain_intensity.0: Licensed first statement\n")
    monkeypatch.setenv(ENV_VAR, str(text))
    first = client.get(f"{BASE}/oswestry").json()["items"][0]
    assert first["label"] == "Pain intensity" and first["text"] == "Licensed pain wording"
    assert first["options"][0]["text"] == "Licensed first statement"
    assert client.get(f"{BASE}/oswestry", params={"format": "fhir"}).json()["item"][0]["text"] == "Licensed pain wording"
    assert {r["id"]: r for r in client.get(BASE).json()}["oswestry"]["licensed_text"] is True


def test_score_answers(client: TestClient) -> None:
    r = client.post(f"{BASE}/sarc_f/score", json=SARC_F)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body == score("sarc_f", SARC_F).model_dump(mode="json")
    assert body["scores"][0]["value"] == 4 and body["scores"][0]["band"] == "positive"
    assert {"finding": "sarc_f_positive", "present": True}.items() <= body["evidence"][0].items()


def test_score_a_fhir_response_and_get_an_observation(client: TestClient) -> None:
    as_json = client.post(f"{BASE}/sarc_f/score", json=_fhir_response(SARC_F))
    assert as_json.status_code == 200 and as_json.json() == score("sarc_f", SARC_F).model_dump(mode="json")
    obs = client.post(f"{BASE}/sarc_f/score", params={"format": "fhir"}, json=_fhir_response(SARC_F))
    assert obs.status_code == 200 and obs.headers["content-type"].startswith("application/fhir+json")
    body = obs.json()
    assert body["resourceType"] == "Observation" and body["valueQuantity"]["value"] == 4
    assert body["derivedFrom"] == [{"reference": "QuestionnaireResponse/qr-1"}]
    plain = client.post(f"{BASE}/sarc_f/score", params={"format": "fhir"}, json=SARC_F).json()
    assert plain["resourceType"] == "Observation" and "derivedFrom" not in plain


def test_sex_specific_cut_offs(client: TestClient) -> None:
    answers = {"grip_kg": 20}
    needs = client.post(f"{BASE}/ewgsop2/score", json=answers)
    assert needs.status_code == 422 and "give the sex" in needs.json()["detail"]
    women = client.post(f"{BASE}/ewgsop2/score", params={"sex": "female"}, json=answers).json()
    men = client.post(f"{BASE}/ewgsop2/score", params={"sex": "male"}, json=answers).json()
    assert women["criteria"]["low_grip"] is False and men["criteria"]["low_grip"] is True
    wrapped = client.post(f"{BASE}/ewgsop2/score", json={"answers": answers, "sex": "male"}).json()
    assert wrapped == men


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "words"),
    [
        ("sarcf_x", SARC_F, 404, "unknown_instrument", "did you mean sarc_f"),
        ("sarc_f", {**SARC_F, "strenght": "1"}, 422, "unknown_item", "'strenght' (did you mean strength?)"),
        ("sarc_f", {**SARC_F, "strength": "7"}, 422, "invalid_answer", "out of range"),
        ("ewgsop2", {"grip_kg": 250}, 422, "invalid_answer", "250 kg is out of range (0 to 100 kg)"),
        ("oswestry", dict.fromkeys(ODI_ITEMS[:7], "1"), 422, "invalid_answer", "3 of 10 items unanswered"),
        ("sarc_f", {}, 422, "invalid_answers", "no answers"),
        ("sarc_f", ["1", "0"], 422, "invalid_answers", "must be an object"),
        ("sarc_f", {"resourceType": "Patient"}, 422, "invalid_answers", "not a QuestionnaireResponse"),
        ("sarc_f", {"resourceType": "QuestionnaireResponse", "status": "completed", "item": 3}, 422, "invalid_answers", "item"),
        ("sarc_f", _fhir_response(SARC_F, "https://lumbus.example/fhir/Questionnaire/oswestry"), 422, "invalid_answers", "not SARC-F"),
    ],
)
def test_bad_answers_are_refused_precisely(client: TestClient, path: str, body: Any, status: int, code: str, words: str) -> None:
    r = client.post(f"{BASE}/{path}/score", json=body)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json", r.text
    assert r.json()["code"] == code and words in r.json()["detail"], r.json()
    if code in ("unknown_item", "invalid_answer") and path == "sarc_f":
        assert r.json()["item"] in ("strenght", "strength")


def test_malformed_json_and_other_media(client: TestClient) -> None:
    r = client.post(f"{BASE}/sarc_f/score", content=b'{"strength": ', headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "malformed_json" and "line 1" in r.json()["detail"]
    r = client.post(f"{BASE}/sarc_f/score", content=b"strength=1", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415


def test_openapi_examples_score(client: TestClient) -> None:
    """The documented request examples are real: each one scores."""
    spec = client.get("/api/v1/openapi.json").json()
    op = spec["paths"][f"{BASE}/{{instrument_id}}/score"]["post"]
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    assert set(examples) == {"answers", "fhir"}
    for example in examples.values():
        r = client.post(f"{BASE}/sarc_f/score", json=example["value"])
        assert r.status_code == 200 and r.json()["scores"][0]["value"] == 4
    assert "QuestionnaireOut" in spec["components"]["schemas"] and "InstrumentResult" in spec["components"]["schemas"]
