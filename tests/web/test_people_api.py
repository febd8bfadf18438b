"""The people API under /api/v1 on SQLite and PostgreSQL: people, measurements, re-assessment, audit.

Every refused request is checked to leave every table as it was.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from clinic_support import account, bearer, counts
from fastapi.testclient import TestClient


def _person(client: TestClient, token: str, **body: Any) -> dict[str, Any]:
    r = client.post("/api/v1/people", json={"label": "P-0001", "birth_year": 1958, "sex": "male", **body}, headers=bearer(token))
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_people_measurements_and_reassessment_round_trip(any_client: TestClient) -> None:
    token = account(any_client)
    person = _person(any_client, token)
    person_url = f"/api/v1/people/{person['id']}"
    assert any_client.get(person_url, headers=bearer(token)).json()["assessments"] == []
    r = any_client.post(
        f"{person_url}/measurements",
        json=[
            {"date": "2026-01-10", "kind": "oswestry", "value": 46},
            {"date": "2026-01-10", "kind": "mrc", "site": "ankle_dorsiflexion", "side": "left", "value": 2},
            {"date": "2026-01-10", "kind": "grip_strength", "side": "right", "value": 31.5},
        ],
        headers=bearer(token),
    )
    assert r.status_code == 201, r.text
    assert [(m["kind"], m["unit"], m["recorded_by"]) for m in r.json()] == [
        ("oswestry", "%", "dr_a"),
        ("mrc", "{grade}", "dr_a"),
        ("grip_strength", "kg", "dr_a"),
    ]
    listed = any_client.get(f"{person_url}/measurements", headers=bearer(token)).json()
    assert [m["value"] for m in listed] == [46, 2, 31.5]

    r = any_client.post(f"{person_url}/assessments", json={"present": ["low_back_pain"]}, headers=bearer(token))
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["person_id"] == person["id"]
    evidence = {(e["finding"], e["present"], e.get("side")) for e in result["evidence"]}
    # the latest MRC grade of 2 is a weak ankle and a foot drop on the left (mrc_lower_limb.yaml's own rules)
    assert {("weak_ankle_dorsiflexion", True, "left"), ("foot_drop", True, "left"), ("low_back_pain", True, None)} <= evidence
    assert any_client.get(f"/api/v1/assessments/{result['id']}").status_code == 200
    people = any_client.get("/api/v1/people", headers=bearer(token)).json()
    assert [(p["label"], p["latest_urgency"]) for p in people] == [("P-0001", result["triage"]["level"])]
    detail = any_client.get(person_url, headers=bearer(token)).json()
    assert [a["id"] for a in detail["assessments"]] == [result["id"]]


def test_reassessment_uses_the_latest_values_and_keeps_the_earlier_case(any_client: TestClient) -> None:
    token = account(any_client)
    url = f"/api/v1/people/{_person(any_client, token)['id']}"
    grade = {"kind": "mrc", "site": "ankle_dorsiflexion"}
    any_client.post(f"{url}/measurements", json=[{**grade, "date": "2026-01-10", "side": "left", "value": 3}], headers=bearer(token))
    first = any_client.post(f"{url}/assessments", json={"present": ["radiating_leg_pain"]}, headers=bearer(token)).json()
    assert ("weak_ankle_dorsiflexion", True) in {(e["finding"], e["present"]) for e in first["evidence"]}
    recovered = [{**grade, "date": "2026-04-10", "side": s, "value": 5} for s in ("left", "right")]
    assert any_client.post(f"{url}/measurements", json=recovered, headers=bearer(token)).status_code == 201
    second = any_client.post(f"{url}/assessments", headers=bearer(token)).json()
    found = {e["finding"]: e["present"] for e in second["evidence"]}
    assert found["weak_ankle_dorsiflexion"] is False  # grade 5 on both sides rules the weakness out
    assert found["radiating_leg_pain"] is True  # carried from the earlier assessment's case


def test_exam_and_test_results_map_to_findings(any_client: TestClient) -> None:
    token = account(any_client)
    url = f"/api/v1/people/{_person(any_client, token)['id']}"
    body = {
        "instruments": [
            {
                "instrument": "neuro_exam",
                "answers": {"ankle_reflex_left": "absent", "ankle_reflex_right": "normal", "slr_left": "positive"},
            },
            {"instrument": "investigations", "answers": {"ck_uln_multiple": 0.8, "mri_spine": "root_compression", "emg": "radiculopathy"}},
        ]
    }
    r = any_client.post(f"{url}/assessments", json=body, headers=bearer(token))
    assert r.status_code == 201, r.text
    found = {(e["finding"], e["present"], e.get("side")) for e in r.json()["evidence"]}
    assert {
        ("reduced_ankle_reflex", True, "left"),
        ("positive_slr", True, "left"),
        ("ck_elevated", False, None),
        ("mri_root_compression", True, None),
        ("emg_radiculopathy", True, None),
    } <= found


D = "2026-01-01"
MRC = {"date": D, "kind": "mrc", "site": "hip_flexion"}
BAD: list[tuple[str, str, Any, int, str]] = [
    ("unknown person", "/api/v1/people/nobody/measurements", {"date": D, "kind": "oswestry", "value": 20}, 404, "no person"),
    ("unknown person re-assessed", "/api/v1/people/nobody/assessments", {}, 404, "no person"),
    ("unknown kind", "{person}/measurements", {"date": D, "kind": "odi_total", "value": 20}, 422, "unknown measurement kind 'odi_total'"),
    ("MRC grade 7", "{person}/measurements", {**MRC, "side": "left", "value": 7}, 422, "7 is not an MRC grade"),
    ("MRC without side", "{person}/measurements", {**MRC, "value": 4}, 422, "needs side"),
    ("unknown muscle", "{person}/measurements", {**MRC, "site": "neck", "side": "left", "value": 4}, 422, "muscle group"),
    ("score out of range", "{person}/measurements", {"date": D, "kind": "pain_nrs", "value": 11}, 422, "out of range"),
    ("future date", "{person}/measurements", {"date": "2999-01-01", "kind": "pain_nrs", "value": 3}, 422, "in the future"),
    (
        "one bad item spoils the list",
        "{person}/measurements",
        [{"date": D, "kind": "pain_nrs", "value": 3}, {"date": D, "kind": "sppb", "value": 13}],
        422,
        "measurements[1]",
    ),
    ("malformed JSON", "{person}/measurements", b'{"date": "2026-01-01", "kind":', 400, "malformed JSON"),
    ("malformed JSON re-assessed", "{person}/assessments", b"{nope", 400, "malformed JSON"),
    ("unknown finding", "{person}/assessments", {"present": ["not_a_finding"]}, 422, "not_a_finding"),
    ("present not a list", "{person}/assessments", {"present": "leg_weakness"}, 422, "present: must be a list"),
    (
        "bad exam answer",
        "{person}/assessments",
        {"instruments": [{"instrument": "neuro_exam", "answers": {"slr_left": "x"}}]},
        422,
        "slr_left",
    ),
    ("duplicate label", "/api/v1/people", {"label": "P-0001"}, 409, "already"),
    ("label with a newline", "/api/v1/people", {"label": "a\nb"}, 422, "label"),
    ("age and birth year", "/api/v1/people", {"label": "P-2", "age": 40, "birth_year": 1980}, 422, "not both"),
]


@pytest.mark.parametrize(("what", "path", "body", "status", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_precise_problem_and_stores_nothing(
    any_client: TestClient, what: str, path: str, body: Any, status: int, message: str
) -> None:
    token = account(any_client)
    url = f"/api/v1/people/{_person(any_client, token)['id']}"
    any_client.post(f"{url}/measurements", json={"date": "2026-01-01", "kind": "pain_nrs", "value": 6}, headers=bearer(token))
    before = counts(any_client)
    headers = {**bearer(token), "Content-Type": "application/json"}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    r = any_client.post(path.format(person=url), content=content, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert message in r.json()["detail"]
    assert counts(any_client) == before


@pytest.mark.parametrize("header", [None, "Bearer lmb_not-a-token", "Basic ZHI6cHc=", "Bearer "])
def test_the_api_refuses_a_missing_or_wrong_token(client: TestClient, header: str | None) -> None:
    account(client)
    before = counts(client)
    headers = {} if header is None else {"Authorization": header}
    for method, path in (("GET", "/api/v1/people"), ("POST", "/api/v1/people"), ("GET", "/api/v1/audit")):
        r = client.request(method, path, json={"label": "X"}, headers=headers)
        assert r.status_code == 401, (method, path, r.text)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.headers["content-type"] == "application/problem+json"
    assert counts(client) == before


def test_the_audit_log_is_for_admins_and_holds_no_health_data(client: TestClient) -> None:
    clinician, admin = account(client), account(client, "boss", "admin")
    person = _person(client, clinician, label="P-SECRET-LABEL")
    client.get(f"/api/v1/people/{person['id']}", headers=bearer(clinician))
    client.post(
        f"/api/v1/people/{person['id']}/measurements",
        json={"date": "2026-01-01", "kind": "pain_nrs", "value": 6},
        headers=bearer(clinician),
    )
    assert client.get("/api/v1/audit", headers=bearer(clinician)).status_code == 403
    r = client.get("/api/v1/audit", headers=bearer(admin))
    assert r.status_code == 200
    entries = r.json()
    assert [(e["actor"], e["action"], e["record_type"]) for e in entries] == [
        ("dr_a", "created", "measurement"),
        ("dr_a", "viewed", "person"),
        ("dr_a", "created", "person"),
    ]
    assert all(set(e) == {"at", "actor", "action", "record_type", "record_id"} for e in entries)
    assert "P-SECRET-LABEL" not in r.text and "pain" not in r.text


def test_openapi_documents_the_people_api(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/measurements",
        "/api/v1/people/{person_id}/assessments",
    } <= set(paths)
    add = paths["/api/v1/people/{person_id}/measurements"]["post"]
    assert {"401", "404", "422", "400"} <= set(add["responses"])
    assert "kind" in add["requestBody"]["content"]["application/json"]["schema"]["properties"]
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert add["security"] == [{"HTTPBearer": []}]
