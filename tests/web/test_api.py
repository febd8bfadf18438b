"""The REST API: the DESIGN.md contract plus an id, stored and read back; RFC 9457 problems for bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import stored

from lumbus import Case, Evidence, assess, assess_text
from lumbus.case import MAX_TEXT_CHARS

STORY = "My right buttock has shrunk over the last year and my leg hurts when I sit; my calf feels weak."
CONTRACT_KEYS = {"kb_version", "differential", "atrophy_type", "localization", "triage", "specialist", "workup", "care_plan"}
CONTRACT_KEYS |= {"evidence", "disclaimer"}


def test_text_case_is_assessed_stored_and_read_back(any_client: TestClient) -> None:
    r = any_client.post("/api/v1/assessments", json={"text": STORY, "age": 45, "sex": "male"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert next(iter(body)) == "id" and r.headers["content-type"] == "application/json"
    assessment_id = body.pop("id")
    assert r.headers["location"] == f"/api/v1/assessments/{assessment_id}"
    assert set(body) >= CONTRACT_KEYS
    assert body == assess_text(STORY, age=45, sex="male").model_dump(mode="json")
    again = any_client.get(f"/api/v1/assessments/{assessment_id}")
    assert again.status_code == 200
    assert again.json() == {"id": assessment_id, **body}
    assert r.headers["cache-control"] == again.headers["cache-control"] == "no-store"
    assert stored(any_client) == 1


def test_structured_case_as_in_case_files(any_client: TestClient) -> None:
    case = {"age": 62, "sex": "female", "present": ["leg_weakness", "muscle_atrophy"], "absent": ["low_back_pain"], "id": "clinic-7"}
    r = any_client.post("/api/v1/assessments", json=case)
    assert r.status_code == 201, r.text
    body = r.json()
    expected = assess(
        Case(
            id="clinic-7",
            age=62,
            sex="female",
            evidence=[
                Evidence(finding="leg_weakness"),
                Evidence(finding="muscle_atrophy"),
                Evidence(finding="low_back_pain", present=False),
            ],
        )
    )
    assert {k: v for k, v in body.items() if k != "id"} == expected.model_dump(mode="json")
    assert body["case_id"] == "clinic-7"


BAD: list[tuple[str, bytes, str, int, str, str]] = [
    ("malformed JSON", b'{"text": "my back', "application/json", 400, "malformed_json", "malformed JSON at line 1, column 10"),
    ("NaN", b'{"text": "my back hurts", "duration_days": NaN}', "application/json", 400, "malformed_json", "NaN is not a JSON value"),
    ("empty body", b"", "application/json", 400, "malformed_json", "empty"),
    ("not an object", b'["my back hurts"]', "application/json", 422, "invalid_case", "must be an object"),
    (
        "unknown finding",
        b'{"present": ["leg_weaknes"]}',
        "application/json",
        422,
        "unknown_finding",
        "unknown finding id 'leg_weaknes' (did you mean leg_weakness",
    ),
    (
        "contradictory answers",
        b'{"present": ["leg_weakness"], "absent": ["leg_weakness"]}',
        "application/json",
        422,
        "contradictory_evidence",
        "'leg_weakness' is given both as present and as absent",
    ),
    (
        "contradiction through an implied finding",
        b'{"present": ["foot_drop"], "absent": ["leg_weakness"]}',
        "application/json",
        422,
        "contradictory_evidence",
        "'foot_drop' is present, which implies 'leg_weakness'",
    ),
    (
        "oversized text",
        json.dumps({"text": "my back hurts " * 2000}).encode(),
        "application/json",
        422,
        "invalid_case",
        f"the limit is {MAX_TEXT_CHARS:,}",
    ),
    ("oversized body", json.dumps({"text": "x" * 300_000}).encode(), "application/json", 413, "body_too_large", "the limit is 262,144"),
    ("not JSON", b"text=my+back", "application/x-www-form-urlencoded", 415, "unsupported_media_type", "application/json"),
    ("nothing to assess", b'{"age": 40}', "application/json", 422, "invalid_case", "give the person's words"),
    ("age out of range", b'{"text": "my back hurts", "age": 130}', "application/json", 422, "invalid_case", "age: Input should be less"),
    ("unknown sex", b'{"text": "my back hurts", "sex": "x"}', "application/json", 422, "invalid_case", "sex: Input should be"),
    ("unknown key", b'{"text": "my back hurts", "weight": 80}', "application/json", 422, "invalid_case", "weight: Extra inputs"),
    ("blank text", b'{"text": "   "}', "application/json", 422, "invalid_case", "text: is empty"),
    ("NUL in text", b'{"text": "my back hurts\\u0000"}', "application/json", 422, "invalid_case", "text: contains a NUL character"),
]


@pytest.mark.parametrize(("body", "media", "status", "code", "detail"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_a_precise_problem_and_stores_nothing(
    client: TestClient, body: bytes, media: str, status: int, code: str, detail: str
) -> None:
    r = client.post("/api/v1/assessments", content=body, headers={"content-type": media})
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = r.json()
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["instance"] == "/api/v1/assessments"
    assert problem["type"] == "about:blank" and problem["title"]
    assert detail in problem["detail"]
    assert stored(client) == 0


def test_bad_input_leaves_earlier_records_untouched(any_client: TestClient) -> None:
    first = any_client.post("/api/v1/assessments", json={"text": STORY}).json()
    bad = any_client.post("/api/v1/assessments", json={"present": ["leg_weakness", "nope"]})
    assert bad.status_code == 422 and bad.json()["finding"] == "nope"
    nul = any_client.post("/api/v1/assessments", json={"text": STORY, "id": "a\u0000b"})
    assert nul.status_code == 422 and nul.json()["detail"] == "id: contains a NUL character (\\u0000) at position 1"
    assert stored(any_client) == 1
    assert any_client.get(f"/api/v1/assessments/{first['id']}").json() == first


def test_unknown_ids_and_routes_are_problems(client: TestClient) -> None:
    r = client.get("/api/v1/assessments/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "no assessment with id '00000000-0000-0000-0000-000000000000'"
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.delete("/api/v1/assessments")
    assert r.status_code == 405 and r.json()["detail"] == "DELETE is not allowed on /api/v1/assessments"


def test_openapi_documents_the_request_and_the_problems(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/assessments"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/AssessmentRequest"}
    schemas = spec["components"]["schemas"]
    assert {"AssessmentRequest", "Evidence", "StoredAssessment", "Problem"} <= set(schemas)
    assert {"text", "age", "sex", "present", "absent", "evidence"} <= set(schemas["AssessmentRequest"]["properties"])
    assert set(post["responses"]) >= {"201", "400", "413", "415", "422"}
    assert "application/problem+json" in post["responses"]["422"]["content"]
    refs = [v for v in _walk(spec) if isinstance(v, str) and v.startswith("#/components/schemas/")]
    assert all(r.rsplit("/", 1)[1] in schemas for r in refs), "every $ref resolves"


def test_health_names_the_backend(any_client: TestClient) -> None:
    r = any_client.get("/api/v1/health").json()
    assert r["status"] == "ok" and r["database"] in ("sqlite", "postgresql") and r["kb_version"]


def _walk(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _walk(v)]
    if isinstance(node, list):
        return [x for v in node for x in _walk(v)]
    return [node]


def test_a_store_failure_is_a_503_problem_without_health_data_in_the_log(any_client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy import text

    store = any_client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as session:
        session.execute(text("DROP TABLE assessments"))
    with caplog.at_level("DEBUG"):
        r = any_client.post("/api/v1/assessments", json={"text": STORY, "age": 45})
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "store_unavailable"
    assert "store error on POST /api/v1/assessments" in caplog.text
    assert "buttock" not in caplog.text and "buttock" not in r.text
