"""The adaptive interview over REST: full walks on both backends, refused answers that change nothing, undo, result."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import stored
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbus import start_interview
from lumbus.store import Store, get_interview, save_interview
from lumbus.web.interviews import load, save
from lumbus.web.problems import ProblemError

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg "
    "hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)
ACHE = "my lower back has been aching for a few days"
CONTRACT_KEYS = {"kb_version", "differential", "atrophy_type", "localization", "triage", "specialist", "workup", "care_plan"}
CONTRACT_KEYS |= {"evidence", "disclaimer"}
BASE = "/api/v1/interviews"


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    r = client.post(BASE, json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    assert r.headers["location"] == f"{BASE}/{out['id']}"
    return out


def _plain_answer(q: dict[str, Any]) -> Any:
    """A person with no red flags: no to yes/no questions, none of a list, 'don't know' otherwise."""
    return {"yes_no": "no", "multiple": [], "single": "dont_know", "number": "dont_know"}[q["kind"]]


def _walk(client: TestClient, interview_id: str, answers: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """Answer question after question (``answers`` by question id, else a plain answer) until the API says stop."""
    asked: list[tuple[dict[str, Any], Any]] = []
    for _ in range(40):
        nxt = client.get(f"{BASE}/{interview_id}/next").json()
        if nxt["should_stop"]:
            assert nxt["question"] is None and nxt["stop"]["code"] in ("urgency", "budget", "settled", "exhausted", "no_gain")
            return asked
        q = nxt["question"]
        value = answers.get(q["id"], _plain_answer(q))
        r = client.post(f"{BASE}/{interview_id}/answers", json={"question_id": q["id"], "value": value})
        assert r.status_code == 200, r.text
        assert r.json()["answered"]["question"] == q["id"] and r.json()["next"]["questions_asked"] == len(asked) + 1
        asked.append((q, value))
    raise AssertionError("the interview never stopped")


def _replayed(text: str, age: int, sex: Any, asked: list[tuple[dict[str, Any], Any]]) -> dict[str, Any]:
    """The same interview through the Python API, for comparison."""
    iv = start_interview(text, age=age, sex=sex)
    for q, value in asked:
        iv.answer(q["id"], value)
    return iv.assessment().model_dump(mode="json")


def test_origin_case_full_walk(any_client: TestClient) -> None:
    started = _start(any_client, text=ORIGIN, age=30, sex="female")
    iid = started["id"]
    assert started["status"] == "asking" and started["assessment_id"] is None
    assert {e["finding"] for e in started["understood"]} >= {"gluteal_atrophy"}
    first = started["next"]["question"]
    assert first["text"] and first["rationale"] and first["answer_keys"][-1] == {"value": "dont_know", "label": "I don't know"}

    asked = _walk(any_client, iid, {})
    assert len(asked) >= 3
    summary = any_client.get(f"{BASE}/{iid}").json()
    assert summary["status"] == "complete" and [a["question"] for a in summary["answers"]] == [q["id"] for q, _ in asked]
    assert stored(any_client) == 0  # nothing is assessed until the result is asked for

    r = any_client.get(f"{BASE}/{iid}/result")
    assert r.status_code == 200, r.text
    body = r.json()
    assessment_id = body.pop("id")
    assert set(body) >= CONTRACT_KEYS and body["triage"]["level"] != "emergency"
    assert body == _replayed(ORIGIN, 30, "female", asked)
    assert r.headers["location"] == f"/api/v1/assessments/{assessment_id}" and r.headers["cache-control"] == "no-store"
    assert any_client.get(f"/api/v1/assessments/{assessment_id}").json() == {"id": assessment_id, **body}
    # the interview has ended: the same result again, never a second record, and no more answers
    assert any_client.get(f"{BASE}/{iid}/result").json()["id"] == assessment_id and stored(any_client) == 1
    done = any_client.get(f"{BASE}/{iid}").json()
    assert done["status"] == "finished" and done["assessment_id"] == assessment_id and done["next"]["stop"]["code"] == "finished"
    late = any_client.post(f"{BASE}/{iid}/answers", json={"question_id": asked[0][0]["id"], "value": "no"})
    assert late.status_code == 409 and late.json()["code"] == "interview_finished"
    assert any_client.post(f"{BASE}/{iid}/undo").json()["code"] == "interview_finished"


def test_cauda_equina_red_flags_first_then_emergency(any_client: TestClient) -> None:
    iid = _start(any_client, text=ACHE, age=45, sex="male")["id"]
    answers = {"both_legs": [], "bladder_bowel_saddle": ["urinary_retention", "saddle_anaesthesia"]}
    asked = _walk(any_client, iid, answers)
    assert [q["id"] for q, _ in asked] == ["both_legs", "bladder_bowel_saddle"]
    assert all(q["red_flag"] for q, _ in asked)
    nxt = any_client.get(f"{BASE}/{iid}/next").json()
    assert nxt["should_stop"] and nxt["stop"]["code"] == "urgency" and "emergency" in nxt["stop"]["detail"]
    more = any_client.post(f"{BASE}/{iid}/answers", json={"question_id": "fever", "value": "no"})
    assert more.status_code == 409 and more.json()["code"] == "no_question"
    result = any_client.get(f"{BASE}/{iid}/result").json()
    assert result["triage"]["level"] == "emergency"
    assert "ces_sphincter_or_saddle" in {f["id"] for f in result["triage"]["red_flags"]}
    assert "cauda_equina_syndrome" in [d["condition"]["id"] for d in result["differential"][:3]]


def test_words_that_are_already_an_emergency_ask_nothing(client: TestClient) -> None:
    started = _start(client, text="I suddenly can't pee and the skin around my bottom is numb, my back is killing me")
    assert started["status"] == "complete" and started["next"]["question"] is None
    assert started["next"]["stop"]["code"] == "urgency"
    assert client.get(started["next"]["result"]).json()["triage"]["level"] == "emergency"


def test_without_words_the_case_questions_come_first(client: TestClient) -> None:
    started = _start(client)
    q = started["next"]["question"]
    assert q["id"] == "age" and q["kind"] == "number" and q["maximum"] == 120
    r = client.post(f"{BASE}/{started['id']}/answers", json={"question_id": "age", "value": 30})
    assert r.status_code == 200 and r.json()["next"]["question"]["id"] == "sex"
    assert {k["value"] for k in r.json()["next"]["question"]["answer_keys"]} == {"female", "male", "dont_know"}


def _state(client: TestClient, iid: str) -> dict[str, Any]:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.reader() as session:
        found = get_interview(session, iid)
    assert found is not None
    return found[0]


def _bad_answers(first: str, second: str) -> list[tuple[str, Any, int, str, str]]:
    """(why, body, status, code, words in the detail) after ``first`` was answered and ``second`` is current."""
    return [
        ("answered already", {"question_id": first, "value": "no"}, 409, "already_answered", "already answered"),
        ("not the current one", {"question_id": "fever", "value": "no"}, 409, "not_current_question", repr(second)),
        ("unknown question", {"question_id": "no_such_question", "value": "no"}, 422, "unknown_question", "no_such_question"),
        ("not an option", {"question_id": second, "value": ["maybe"]}, 422, "invalid_answer", "'maybe' is not one of the options"),
        ("a boolean", {"question_id": second, "value": True}, 422, "invalid_answer", "list of option ids"),
        ("no value", {"question_id": second}, 422, "invalid_request", "value"),
        ("an extra key", {"question_id": second, "value": "no", "note": "x"}, 422, "invalid_request", "note"),
        ("not an object", ["no"], 422, "invalid_request", "list"),
    ]


@pytest.mark.parametrize("case", range(8))
def test_a_refused_answer_leaves_the_stored_state_untouched(any_client: TestClient, case: int) -> None:
    started = _start(any_client, text=ACHE, age=45, sex="male")
    iid, first = started["id"], started["next"]["question"]
    r = any_client.post(f"{BASE}/{iid}/answers", json={"question_id": first["id"], "value": []})
    second = r.json()["next"]["question"]["id"]
    why, body, status, code, words = _bad_answers(first["id"], second)[case]
    before, summary = _state(any_client, iid), any_client.get(f"{BASE}/{iid}").json()
    r = any_client.post(f"{BASE}/{iid}/answers", json=body)
    assert r.status_code == status, (why, r.text)
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["code"] == code and words in problem["detail"], (why, problem)
    assert _state(any_client, iid) == before and any_client.get(f"{BASE}/{iid}").json() == summary


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (b'{"question_id": "age", ', "application/json", 400, "malformed_json"),
        (b"", "application/json", 400, "malformed_json"),
        (b"question_id=age&value=3", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_a_body_that_is_not_json_is_refused(client: TestClient, raw: bytes, content_type: str, status: int, code: str) -> None:
    iid = _start(client)["id"]
    before = _state(client, iid)
    r = client.post(f"{BASE}/{iid}/answers", content=raw, headers={"content-type": content_type})
    assert r.status_code == status and r.json()["code"] == code
    assert _state(client, iid) == before


def test_a_number_out_of_range_names_the_range(client: TestClient) -> None:
    iid = _start(client)["id"]
    r = client.post(f"{BASE}/{iid}/answers", json={"question_id": "age", "value": 300})
    assert r.status_code == 422 and "between 0 and 120" in r.json()["detail"]


def test_undo_takes_back_the_last_answer(any_client: TestClient) -> None:
    started = _start(any_client, text=ACHE, age=45, sex="male")
    iid, first = started["id"], started["next"]["question"]["id"]
    nothing = any_client.post(f"{BASE}/{iid}/undo")
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_undo"
    any_client.post(f"{BASE}/{iid}/answers", json={"question_id": first, "value": []})
    r = any_client.post(f"{BASE}/{iid}/undo")
    assert r.status_code == 200
    assert r.json()["undone"] == {"question": first, "value": [], "options": started["next"]["question"]["findings"]}
    assert r.json()["next"]["question"]["id"] == first and any_client.get(f"{BASE}/{iid}").json()["answers"] == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"age": 200}, "age"),
        ({"sex": "other"}, "sex"),
        ({"text": "   "}, "empty"),
        ({"text": "my back\x00"}, "NUL"),
        ({"words": "my back"}, "words"),
        ("my back", "object"),
    ],
)
def test_a_bad_start_is_refused(client: TestClient, body: Any, words: str) -> None:
    r = client.post(BASE, json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert words in r.json()["detail"]


@pytest.mark.parametrize(("method", "path"), [("GET", ""), ("GET", "/next"), ("POST", "/undo"), ("GET", "/result")])
def test_unknown_interview(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, f"{BASE}/00000000-0000-0000-0000-000000000000{path}")
    assert r.status_code == 404 and r.json()["code"] == "not_found" and "no interview" in r.json()["detail"]


def test_a_concurrent_change_is_refused(client: TestClient) -> None:
    """Two requests load the same state; the second write would overwrite the first's answer, so it is refused."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    iid = _start(client)["id"]
    one, two = load(store, iid), load(store, iid)
    for stored_iv, age in ((one, 30), (two, 40)):
        assert stored_iv.interview is not None
        stored_iv.interview.answer("age", age)
    save(store, one)
    with pytest.raises(ProblemError) as refused:
        save(store, two)
    assert refused.value.status == 409 and refused.value.code == "interview_changed"
    assert client.get(f"{BASE}/{iid}").json()["age"] == 30


def test_openapi_documents_the_interview(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in ("", "/{interview_id}", "/{interview_id}/next", "/{interview_id}/answers", "/{interview_id}/undo"):
        assert f"{BASE}{path}" in paths, path
    answers = paths[f"{BASE}/{{interview_id}}/answers"]["post"]
    assert answers["requestBody"]["content"]["application/json"]["schema"]["examples"]
    assert {"200", "404", "409", "422"} <= set(answers["responses"])
    assert "NextOut" in spec["components"]["schemas"]


def test_the_store_is_the_truth_when_another_replica_wrote(client: TestClient) -> None:
    """Each process keeps engines it last saved; a state written elsewhere (another replica) is replayed instead."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    iid = _start(client)["id"]
    fresh = _state(client, iid)
    assert client.post(f"{BASE}/{iid}/answers", json={"question_id": "age", "value": 30}).status_code == 200
    assert client.get(f"{BASE}/{iid}").json()["age"] == 30
    other = {**fresh, "answers": [{"question": "age", "value": 61}]}
    with store.transaction() as session:
        save_interview(session, other, iid)
    summary = client.get(f"{BASE}/{iid}").json()
    assert summary["age"] == 61 and summary["next"]["question"]["id"] == "sex"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=6,
)
KEYS = ["yes", "no", "left", "both", "dont_know", "female", "male", "bilateral_leg_weakness", "urinary_retention", 30, 0, 120.5]
ANSWERS = (
    JSON_VALUES
    | st.sampled_from(KEYS)
    | st.lists(st.sampled_from(KEYS), max_size=3)
    | st.dictionaries(st.sampled_from(KEYS[7:9]), st.sampled_from(KEYS[:5]))
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(0, 3), value=ANSWERS)
def test_any_json_answer_is_either_recorded_or_refused_leaving_the_state(client: TestClient, depth: int, value: Any) -> None:
    """Whatever JSON value arrives (at a number, a single-choice or a multiple-choice question), the answer is recorded
    as the engine accepts it, or refused with a 4xx and the stored state unchanged; never a server error."""
    iid = _start(client, text=ACHE)["id"]
    for _ in range(depth):
        q = client.get(f"{BASE}/{iid}/next").json()["question"]
        client.post(f"{BASE}/{iid}/answers", json={"question_id": q["id"], "value": _plain_answer(q)})
    q = client.get(f"{BASE}/{iid}/next").json()["question"]
    before = _state(client, iid)
    r = client.post(f"{BASE}/{iid}/answers", json={"question_id": q["id"], "value": value})
    assert r.status_code in (200, 422), r.text
    after = _state(client, iid)
    if r.status_code == 200:
        assert len(after["answers"]) == len(before["answers"]) + 1 and after["answers"][-1] == r.json()["answered"]
    else:
        assert after == before and r.json()["code"] == "invalid_answer"


def test_the_page_and_the_api_offer_the_same_answers(client: TestClient) -> None:
    """One interview, one store: the patient page at /interview/{id} asks what the API's next question says."""
    started = _start(client, text=ACHE, age=45, sex="male")
    iid = started["id"]
    for _ in range(12):  # up to a yes/no question whose yes names a side
        q = client.get(f"{BASE}/{iid}/next").json()["question"]
        page = client.get(f"/interview/{iid}").text
        offered = re.findall(r'name="value" value="([^"]+)"> ([^<]+)</label>', page)
        assert offered == [(k["value"], k["label"].replace("'", "&#39;")) for k in q["answer_keys"]]
        if q["lateral"]:
            break
        client.post(f"{BASE}/{iid}/answers", json={"question_id": q["id"], "value": _plain_answer(q)})
    assert q["lateral"] and ("left", "Yes, on the left") in offered
