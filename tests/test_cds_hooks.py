"""CDS Hooks: discovery, patient-view and order-select cards, and the EHR's signed token."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from cds_tokens import make_signer, make_token
from lumbus.interop import codes as cs
from lumbus.interop.cds_auth import CdsAuthConfig, TokenError, verify
from lumbus.interop.cds_hooks import LUMBAR_IMAGING, PATIENT_VIEW, HookRequestError, discovery, handle

TODAY = dt.date.today()


def _obs(code: str, system: str = cs.FINDING_SYSTEM, **extra: Any) -> dict[str, Any]:
    return {"resource": {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": system, "code": code}]}, **extra}}


def _request(
    hook: str, observations: list[dict[str, Any]], *, birth: str, gender: str, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.example/fhir",
        "context": {"userId": "Practitioner/1", "patientId": "p1", **(context or {})},
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": "p1", "gender": gender, "birthDate": birth},
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": []},
            "observations": {"resourceType": "Bundle", "type": "searchset", "entry": observations},
        },
    }


def _years_ago(n: int) -> str:
    return TODAY.replace(year=TODAY.year - n, month=1, day=1).isoformat()


def test_discovery_lists_both_services_with_prefetch() -> None:
    services = {s["id"]: s for s in discovery()["services"]}
    assert services[PATIENT_VIEW]["hook"] == "patient-view"
    assert services[LUMBAR_IMAGING]["hook"] == "order-select"
    assert "{{context.patientId}}" in services[PATIENT_VIEW]["prefetch"]["patient"]


def test_cauda_equina_prefetch_gives_a_critical_card() -> None:
    obs = [_obs("saddle_anaesthesia"), _obs("267064002", cs.SNOMED, valueBoolean=True), _obs("bilateral_leg_weakness")]
    (card,) = handle(PATIENT_VIEW, _request("patient-view", obs, birth=_years_ago(45), gender="female"), link="https://lumbus.example/a/1")[
        "cards"
    ]
    assert card["indicator"] == "critical"
    assert len(card["summary"]) <= 140 and "Cauda equina" in card["summary"]
    assert "emergency" in card["detail"].lower()
    assert card["source"]["label"] and card["links"][0]["url"] == "https://lumbus.example/a/1"


def test_young_person_with_buttock_wasting_and_slr_gets_s1_and_emg() -> None:
    obs = [_obs("gluteal_atrophy", bodySite={"coding": [{"system": cs.SNOMED, "code": cs.LATERALITY["right"]}]}), _obs("positive_slr")]
    (card,) = handle(PATIENT_VIEW, _request("patient-view", obs, birth=_years_ago(30), gender="male"))["cards"]
    assert card["indicator"] in ("info", "warning")
    assert "S1 radiculopathy" in card["summary"] or "S1 radiculopathy" in card["detail"]
    labels = [s["label"] for s in card["suggestions"]]
    assert any("EMG" in label or "nerve conduction" in label.lower() for label in labels), labels
    action = card["suggestions"][0]["actions"][0]
    assert action["type"] == "create" and action["resource"]["intent"] == "proposal"


def _imaging(extra: list[dict[str, Any]], code: dict[str, Any]) -> dict[str, Any]:
    onset = (TODAY - dt.timedelta(days=14)).isoformat()
    lbp = {
        "resource": {
            "resourceType": "Condition",
            "id": "c1",
            "code": {"coding": [{"system": cs.SNOMED, "code": "279039007"}]},
            "subject": {"reference": "Patient/p1"},
            "onsetDateTime": onset,
        }
    }
    order = {
        "resourceType": "ServiceRequest",
        "id": "mri1",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "code": code,
    }
    req = _request(
        "order-select",
        extra,
        birth=_years_ago(40),
        gender="female",
        context={
            "selections": ["ServiceRequest/mri1"],
            "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": order}]},
        },
    )
    req["prefetch"]["conditions"]["entry"] = [lbp]
    return req


CPT_MRI = {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72148"}]}


def test_early_lumbar_mri_without_red_flags_gets_the_guideline_card() -> None:
    (card,) = handle(LUMBAR_IMAGING, _imaging([], CPT_MRI))["cards"]
    assert card["indicator"] == "warning" and "6 weeks" in card["summary"]
    assert "ACR" in card["detail"] and card["source"]["label"]
    # recognised by its words when coded another way
    assert handle(LUMBAR_IMAGING, _imaging([], {"text": "MRI lumbar spine without contrast"}))["cards"]
    assert not handle(LUMBAR_IMAGING, _imaging([], {"text": "MRI brain"}))["cards"]


@pytest.mark.parametrize("flag", ["history_of_cancer", "fever", "progressive_weakness", "saddle_anaesthesia"])
def test_a_red_flag_means_no_discouragement(flag: str) -> None:
    extra = [_obs(flag)] + ([_obs("leg_weakness")] if flag == "progressive_weakness" else [])
    assert handle(LUMBAR_IMAGING, _imaging(extra, CPT_MRI))["cards"] == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not an object", "JSON object"),
        ({"hook": "patient-view", "context": {"patientId": "p1"}, "prefetch": {}}, "hookInstance"),
        ({"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "p1"}, "prefetch": {}}, "answers the 'patient-view' hook"),
        ({"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p1"}}, "prefetch is required"),
        (
            {
                "hook": "patient-view",
                "hookInstance": "x",
                "context": {"patientId": "p1"},
                "prefetch": {"patient": {"resourceType": "Patient", "gender": "robot"}},
            },
            "prefetch: invalid FHIR Patient",
        ),
    ],
)
def test_bad_requests_are_named(body: Any, message: str) -> None:
    with pytest.raises(HookRequestError, match=message):
        handle(PATIENT_VIEW, body)


AUD = "https://lumbus.example/cds-services/lumbus-patient-view"


@pytest.fixture(scope="module")
def signer() -> tuple[Any, CdsAuthConfig]:
    return make_signer()


def _token(key: Any, **claims: Any) -> str:
    return make_token(key, claims.pop("aud", AUD), **claims)


def test_a_signed_token_is_accepted(signer: tuple[Any, CdsAuthConfig]) -> None:
    key, config = signer
    claims = verify(f"Bearer {_token(key)}", config, AUD)
    assert claims is not None and claims["iss"] == "https://ehr.example"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda key: None, "missing bearer token"),
        (lambda key: f"Bearer {_token(key, exp=int(time.time()) - 3600)}", "expired"),
        (lambda key: f"Bearer {_token(key, aud='https://other.example')}", "another audience"),
        (lambda key: f"Bearer {_token(key, iss='https://evil.example')}", "not trusted"),
        (lambda key: f"Bearer {_token(key, jti=None)}", "jti"),
        (lambda key: "Bearer " + jwt.encode({"iss": "https://ehr.example", "aud": AUD}, key=None, algorithm="none"), "algorithm 'none'"),
        (
            lambda key: (
                "Bearer " + jwt.encode({"iss": "https://ehr.example", "aud": AUD}, "a-shared-secret-of-32-bytes-long!", algorithm="HS256")
            ),
            "HS256",
        ),
        (lambda key: "Basic abc", "Bearer <JWT>"),
        (lambda key: "Bearer not.a.jwt", "malformed"),
    ],
)
def test_bad_tokens_are_refused(signer: tuple[Any, CdsAuthConfig], make: Any, message: str) -> None:
    key, config = signer
    with pytest.raises(TokenError, match=message):
        verify(make(key), config, AUD)


def test_a_token_signed_by_another_key_is_refused(signer: tuple[Any, CdsAuthConfig]) -> None:
    _, config = signer
    other = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(TokenError, match="rejected"):
        verify(f"Bearer {_token(other)}", config, AUD)


def test_open_mode_only_without_a_token(signer: tuple[Any, CdsAuthConfig]) -> None:
    key, config = signer
    dev = CdsAuthConfig(issuers=config.issuers, open_mode=True)
    assert verify(None, dev, AUD) is None
    with pytest.raises(TokenError):
        verify(f"Bearer {_token(key, aud='https://other.example')}", dev, AUD)


# The patient-view request example of the CDS Hooks 2.0 specification (its "patientToGreet" prefetch).
SPEC_PATIENT_VIEW = {
    "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "fhirServer": "http://hooks.smarthealthit.org:9080",
    "hook": "patient-view",
    "fhirAuthorization": {
        "access_token": "some-opaque-fhir-access-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "user/Patient.read user/Observation.read",
        "subject": "cds-service4",
    },
    "context": {"userId": "Practitioner/example", "patientId": "1288992", "encounterId": "89284"},
    "prefetch": {
        "patientToGreet": {"resourceType": "Patient", "gender": "male", "birthDate": "1925-12-23", "id": "1288992", "active": True}
    },
}


def test_the_specification_example_request_is_answered() -> None:
    """A chart with no findings yet: one card, nothing urgent, every required card field present."""
    (card,) = handle(PATIENT_VIEW, SPEC_PATIENT_VIEW)["cards"]
    assert {"uuid", "summary", "indicator", "source"} <= set(card)
    assert card["indicator"] in ("info", "warning", "critical") and len(card["summary"]) <= 140
    assert card["source"]["label"]
    uuid.UUID(card["uuid"])
    for suggestion in card["suggestions"]:
        assert suggestion["label"] and suggestion["actions"][0]["type"] == "create"


def test_discovery_matches_the_specification_shape() -> None:
    for service in discovery()["services"]:
        assert {"hook", "id", "title", "description", "prefetch"} <= set(service)
        assert all(isinstance(v, str) and "{{context.patientId}}" in v for v in service["prefetch"].values())
