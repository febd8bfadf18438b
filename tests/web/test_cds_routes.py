"""CDS Hooks over HTTP: discovery, signed calls, cards, feedback, and precise errors (never a 500)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import stored

from cds_tokens import make_signer, make_token
from lumbus.interop import codes as cs
from lumbus.interop.cds_hooks import LUMBAR_IMAGING, PATIENT_VIEW
from lumbus.store import Store, count_cds_feedback

BASE = "http://testserver/cds-services/"


def _obs(code: str, system: str = cs.FINDING_SYSTEM) -> dict[str, Any]:
    return {"resource": {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": system, "code": code}]}}}


def _call(hook: str, observations: list[dict[str, Any]], **context: Any) -> dict[str, Any]:
    birth = dt.date.today().replace(year=dt.date.today().year - 45, month=1, day=1).isoformat()
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/1", "patientId": "p1", **context},
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": birth},
            "observations": {"resourceType": "Bundle", "type": "searchset", "entry": observations},
        },
    }


def _raw(hook: str, prefetch: dict[str, Any]) -> bytes:
    return json.dumps({"hook": hook, "hookInstance": "x", "context": {"patientId": "p"}, "prefetch": prefetch}).encode()


CES = [_obs("saddle_anaesthesia"), _obs("urinary_retention"), _obs("bilateral_leg_weakness")]


@pytest.fixture
def signed(client: TestClient) -> tuple[TestClient, Any]:
    key, config = make_signer()
    client.app.state.cds_auth = config  # type: ignore[attr-defined]
    return client, key


def _headers(key: Any, service: str, **claims: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(key, BASE + service, **claims)}"}


def test_discovery(client: TestClient) -> None:
    r = client.get("/cds-services")
    assert r.status_code == 200
    assert {s["id"] for s in r.json()["services"]} == {PATIENT_VIEW, LUMBAR_IMAGING}


def test_patient_view_card_links_to_the_stored_assessment(signed: tuple[TestClient, Any]) -> None:
    client, key = signed
    r = client.post(f"/cds-services/{PATIENT_VIEW}", json=_call("patient-view", CES), headers=_headers(key, PATIENT_VIEW))
    assert r.status_code == 200, r.text
    (card,) = r.json()["cards"]
    assert card["indicator"] == "critical" and "emergency" in card["summary"].lower()
    page = card["links"][0]["url"]
    assert page.startswith("http://testserver/assessments/") and stored(client) == 1
    assert client.get(page.removeprefix("http://testserver")).status_code == 200
    assert r.headers["cache-control"] == "no-store"


def test_order_select_guideline_card(signed: tuple[TestClient, Any]) -> None:
    client, key = signed
    onset = (dt.date.today() - dt.timedelta(days=14)).isoformat()
    body = _call(
        "order-select",
        [],
        selections=["ServiceRequest/mri1"],
        draftOrders={
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {
                    "resource": {
                        "resourceType": "ServiceRequest",
                        "id": "mri1",
                        "status": "draft",
                        "intent": "order",
                        "subject": {"reference": "Patient/p1"},
                        "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72148"}]},
                    }
                }
            ],
        },
    )
    body["prefetch"]["conditions"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {
                "resource": {
                    "resourceType": "Condition",
                    "code": {"coding": [{"system": cs.SNOMED, "code": "279039007"}]},
                    "subject": {"reference": "Patient/p1"},
                    "onsetDateTime": onset,
                }
            }
        ],
    }
    r = client.post(f"/cds-services/{LUMBAR_IMAGING}", json=body, headers=_headers(key, LUMBAR_IMAGING))
    assert r.status_code == 200, r.text
    assert [c["indicator"] for c in r.json()["cards"]] == ["warning"]
    assert stored(client) == 0  # order-select stores nothing


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "invalid_token"),
        ({"Authorization": "Bearer nonsense"}, 401, "invalid_token"),
    ],
)
def test_calls_without_a_valid_token_are_refused(signed: tuple[TestClient, Any], headers: dict[str, str], status: int, code: str) -> None:
    client, _ = signed
    r = client.post(f"/cds-services/{PATIENT_VIEW}", json=_call("patient-view", CES), headers=headers)
    assert r.status_code == status and r.json()["code"] == code
    assert r.headers["content-type"].startswith("application/problem+json")
    assert stored(client) == 0


def test_expired_or_wrong_audience_tokens_are_refused(signed: tuple[TestClient, Any]) -> None:
    client, key = signed
    for headers in (_headers(key, PATIENT_VIEW, exp=1), _headers(key, LUMBAR_IMAGING)):
        r = client.post(f"/cds-services/{PATIENT_VIEW}", json=_call("patient-view", CES), headers=headers)
        assert r.status_code == 401, r.text


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        (PATIENT_VIEW, b"{not json", 400, "malformed_json"),
        (PATIENT_VIEW, b'{"hook": "patient-view"}', 400, "invalid_hook_request"),
        (PATIENT_VIEW, _raw("order-select", {}), 400, "invalid_hook_request"),
        (PATIENT_VIEW, _raw("patient-view", {"patient": {"resourceType": "Patient", "birthDate": "soon"}}), 400, "invalid_hook_request"),
        ("no-such-service", b"{}", 404, "unknown_service"),
    ],
)
def test_bad_hook_requests_get_precise_errors(signed: tuple[TestClient, Any], path: str, body: bytes, status: int, code: str) -> None:
    client, key = signed
    r = client.post(f"/cds-services/{path}", content=body, headers={**_headers(key, path), "Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["code"] == code
    assert stored(client) == 0


def test_feedback_is_recorded_and_checked(signed: tuple[TestClient, Any]) -> None:
    client, key = signed
    good = {
        "feedback": [
            {
                "card": str(uuid.uuid4()),
                "outcome": "overridden",
                "overrideReason": {"userComment": "seen today"},
                "outcomeTimestamp": "2026-11-22T10:00:00Z",
            }
        ]
    }
    r = client.post(f"/cds-services/{PATIENT_VIEW}/feedback", json=good, headers=_headers(key, f"{PATIENT_VIEW}/feedback"))
    assert r.status_code == 200 and r.json() == {"recorded": 1}
    bad = client.post(
        f"/cds-services/{PATIENT_VIEW}/feedback",
        json={"feedback": [{"outcome": "maybe"}]},
        headers=_headers(key, f"{PATIENT_VIEW}/feedback"),
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_feedback"
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.reader() as session:
        assert count_cds_feedback(session) == 1


def test_open_mode_is_for_development_only(client: TestClient) -> None:
    _, config = make_signer(open_mode=True)
    client.app.state.cds_auth = config  # type: ignore[attr-defined]
    r = client.post(f"/cds-services/{PATIENT_VIEW}", json=_call("patient-view", CES))
    assert r.status_code == 200 and r.json()["cards"][0]["indicator"] == "critical"
