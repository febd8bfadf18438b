"""The clinician pages under /clinic: sign-in, CSRF, people, exam entry, progress and the audit log."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from clinic_support import PASSWORD, account, counts, csrf_of, sign_in, store_of
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from lumbus.store.accounts import audit_log
from lumbus.store.people import person_assessments
from lumbus.web.app import create_app
from lumbus.web.settings import Settings

PROTECTED = ("/clinic", "/api/v1/people", "/api/v1/audit")
PUBLIC = {"/clinic/login"}


def _walk(routes: list[Any]) -> Iterator[Any]:
    """Every route, also inside included routers (FastAPI keeps those as their own objects)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _walk(inner.routes) if inner is not None else [route]


def _protected_routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in _walk(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.path.startswith(PROTECTED) and route.path not in PUBLIC:
            found += [(m, route.path) for m in sorted(route.methods)]
    return found


def test_every_clinician_and_admin_route_refuses_anonymous_and_forged_access(client: TestClient) -> None:
    routes = _protected_routes(client)
    assert len(routes) >= 15  # the enumeration sees the routes (a renamed prefix would make this test vacuous)
    account(client, "boss", "admin")
    before = counts(client)
    for cookies in ({}, {"lumbus_session": "eyJhIjoiYm9zcyJ9.forged.signature"}):
        client.cookies.clear()
        client.cookies.update(cookies)
        for method, path in routes:
            url = re.sub(r"\{[^}]+\}", "x", path)
            r = client.request(method, url, follow_redirects=False, data={"csrf": "x"})
            if path.startswith("/api/"):
                assert r.status_code == 401, (method, path, r.status_code)
            else:
                assert r.status_code == 303, (method, path, r.status_code)
                assert r.headers["location"].startswith("/clinic/login?next=")
    assert counts(client) == before


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(client: TestClient) -> None:
    account(client)
    page = client.get("/clinic/login")
    wrong = client.post(
        "/clinic/login", data={"username": "dr_a", "password": "nope nope", "csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert wrong.status_code == 401 and "not right" in wrong.text and "lumbus_session" not in wrong.headers.get("set-cookie", "")
    page = client.get("/clinic/login?next=//evil.example/x")
    assert 'name="next" value="/clinic/people"' in page.text  # never sent to another site
    r = client.post("/clinic/login", data={"username": "dr_a", "password": PASSWORD, "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/clinic/people"
    cookie = r.headers["set-cookie"].lower()
    assert "lumbus_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    csrf = csrf_of(client.get("/clinic/people").text)
    assert client.post("/clinic/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/clinic/people", follow_redirects=False).status_code == 303


def test_the_login_form_needs_its_own_token(client: TestClient) -> None:
    account(client)
    client.get("/clinic/login")
    r = client.post("/clinic/login", data={"username": "dr_a", "password": PASSWORD, "csrf": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and "lumbus_session" not in r.headers.get("set-cookie", "")


def test_secure_cookies_when_configured(sqlite_url: str) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url, warm_up=False, secure_cookies=True))) as c:
        account(c)
        page = c.get("/clinic/login")
        r = c.post("/clinic/login", data={"username": "dr_a", "password": PASSWORD, "csrf": csrf_of(page.text)}, follow_redirects=False)
        assert "secure" in r.headers["set-cookie"].lower()


def test_forms_without_the_session_csrf_token_change_nothing(client: TestClient) -> None:
    account(client)
    sign_in(client)
    before = counts(client)
    for data in ({"label": "P-9"}, {"label": "P-9", "csrf": "wrong"}):
        r = client.post("/clinic/people", data=data)
        assert r.status_code == 403 and "expired" in r.text
    assert counts(client) == before


def _add_person(client: TestClient, csrf: str, label: str = "P-0007") -> str:
    r = client.post("/clinic/people", data={"label": label, "birth_year": "1950", "sex": "female", "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).rsplit("/", 1)[1]


def test_a_clinician_records_an_exam_and_the_person_is_reassessed(any_client: TestClient) -> None:
    account(any_client)
    csrf = sign_in(any_client)
    pid = _add_person(any_client, csrf)
    page = any_client.get(f"/clinic/people/{pid}/exam")
    assert page.status_code == 200
    names = [
        "mrc_lower_limb.ankle_dorsiflexion_left",
        "neuro_exam.knee_reflex_right",
        "neuro_exam.sensation_l5_left",
        "neuro_exam.slr_right",
    ]
    names += ["investigations.ck_uln_multiple", "investigations.mri_spine", "investigations.emg"]
    for name in names:
        assert f'name="{name}"' in page.text and f'for="{name.replace(".", "-")}"' in page.text
    exam = {
        "csrf": csrf,
        "date": "2026-02-01",
        "mrc_lower_limb.ankle_dorsiflexion_left": "4-",
        "neuro_exam.sensation_l5_left": "reduced",
        "neuro_exam.sensation_l5_right": "normal",
        "neuro_exam.knee_reflex_left": "brisk",
        "investigations.mri_spine": "root_compression",
    }
    r = any_client.post(f"/clinic/people/{pid}/exam", data=exam, follow_redirects=False)
    assert r.status_code == 303, r.text
    with store_of(any_client).reader() as session:
        (stored,) = person_assessments(session, pid)
    assert stored.channel == "clinic" and stored.person_id == pid
    found = {(e["finding"], e["present"], e.get("side")) for e in stored.result["evidence"]}
    assert {("weak_ankle_dorsiflexion", True, "left"), ("numbness_l5_dermatome", True, "left"), ("upper_motor_neuron_signs", True, None),
            ("mri_root_compression", True, None)} <= found  # fmt: skip
    result_page = any_client.get(f"/assessments/{stored.id}")
    assert f'<a href="/clinic/people/{pid}">Back to the clinic record</a>' in result_page.text
    person_page = any_client.get(r.headers["location"])
    assert f"/assessments/{stored.id}" in person_page.text and "A new assessment was stored" in person_page.text
    assert "MRC grade, ankle dorsiflexion, left" in person_page.text  # the grade is kept as a measurement
    people = any_client.get("/clinic/people").text
    assert f"tag-{stored.result['triage']['level']}" in people


def test_bad_exam_answers_and_measurements_get_a_friendly_page_and_store_nothing(client: TestClient) -> None:
    account(client)
    csrf = sign_in(client)
    pid = _add_person(client, csrf)
    before = counts(client)
    r = client.post(f"/clinic/people/{pid}/exam", data={"csrf": csrf, "investigations.ck_uln_multiple": "lots"})
    assert r.status_code == 422 and "is not a number" in r.text and 'value="lots"' in r.text
    r = client.post(f"/clinic/people/{pid}/exam", data={"csrf": csrf})
    assert r.status_code == 422 and "Nothing was filled in" in r.text
    r = client.post(
        f"/clinic/people/{pid}/measurements", data={"csrf": csrf, "kind": "mrc", "site": "hip_flexion", "side": "left", "value": "7"}
    )
    assert r.status_code == 422 and "7 is not an MRC grade" in r.text
    r = client.post(f"/clinic/people/{pid}/measurements", data={"csrf": csrf, "kind": "thigh_girth", "side": "left", "value": "abc"})
    assert r.status_code == 422 and "enter a number" in r.text
    r = client.post("/clinic/people", data={"csrf": csrf, "label": "P-0007"})
    assert r.status_code == 409 and "already a person" in r.text
    after = counts(client)
    assert {k: after[k] - before[k] for k in after} == {"people": 0, "measurements": 0, "assessments": 0, "audit_log": 4}
    with store_of(client).reader() as session:
        assert {e.action for e in audit_log(session, 4)} == {"viewed"}  # the forms shown again with the record: views only
    assert client.get("/clinic/people/no-such-id").status_code == 404


def test_user_text_is_escaped(client: TestClient) -> None:
    account(client)
    csrf = sign_in(client)
    pid = _add_person(client, csrf, label='<script>alert("x")</script>')
    for url in ("/clinic/people", f"/clinic/people/{pid}", f"/clinic/people/{pid}/progress", f"/clinic/people/{pid}/exam"):
        text = client.get(url).text
        assert '<script>alert("x")</script>' not in text and "&lt;script&gt;" in text


def test_progress_marks_changes_that_pass_the_mcid(client: TestClient) -> None:
    account(client)
    csrf = sign_in(client)
    pid = _add_person(client, csrf)
    for when, value in (("2026-01-05", "50"), ("2026-02-05", "44"), ("2026-04-05", "30")):
        client.post(f"/clinic/people/{pid}/measurements", data={"csrf": csrf, "date": when, "kind": "oswestry", "value": value})
    client.post(
        f"/clinic/people/{pid}/measurements",
        data={"csrf": csrf, "date": "2026-01-05", "kind": "calf_girth", "side": "right", "value": "33.5"},
    )
    client.post(
        f"/clinic/people/{pid}/measurements",
        data={"csrf": csrf, "date": "2026-04-05", "kind": "calf_girth", "side": "right", "value": "35"},
    )
    page = client.get(f"/clinic/people/{pid}/progress")
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td>(\d{4}-\d\d-\d\d)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>", page.text, re.S)
    odi = [(d, v.strip(), c, re.sub(r"<[^>]+>", " ", m).split()[:3]) for d, v, c, m in rows[:3]]
    assert odi[0][:3] == ("2026-01-05", "50 %", "baseline")
    assert odi[1][2] == "-6" and odi[1][3] == ["no", "important", "change"]  # 6 points, 12%: below 10 points and 30%
    assert odi[2][2] == "-20" and odi[2][3][0] == "improvement"  # 20 points, 40%: Ostelo 2008's MIC met
    assert "none published for this measurement" in page.text  # calf girth has no MCID in the knowledge base
    assert f'<img src="/clinic/people/{pid}/progress.svg"' in page.text and "alt=" in page.text
    svg = client.get(f"/clinic/people/{pid}/progress.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.lstrip().startswith("<?xml") and "<svg" in svg.text
    assert "improvement (passes the MCID)" in svg.text and "Calf girth, right" in svg.text
    assert "worsening (passes the MCID)" not in svg.text


def test_reassess_with_the_latest_measurements(client: TestClient) -> None:
    account(client)
    csrf = sign_in(client)
    pid = _add_person(client, csrf)
    client.post(f"/clinic/people/{pid}/measurements", data={"csrf": csrf, "date": "2026-01-05", "kind": "sarc_f", "value": "6"})
    r = client.post(f"/clinic/people/{pid}/reassess", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    with store_of(client).reader() as session:
        (stored,) = person_assessments(session, pid)
    # SARC-F 6 feeds EWGSOP2's case finding (4 or more, ewgsop2.yaml)
    assert ("sarc_f_positive", True) in {(e["finding"], e["present"]) for e in stored.result["evidence"]}
    assert stored.case["age"] >= 75 and stored.case["sex"] == "female"


def test_the_audit_log_page_is_for_admins_and_records_each_view(client: TestClient) -> None:
    account(client)
    account(client, "boss", "admin")
    csrf = sign_in(client)
    pid = _add_person(client, csrf)
    before = counts(client)["audit_log"]
    client.get(f"/clinic/people/{pid}")
    client.get(f"/clinic/people/{pid}/progress")
    assert counts(client)["audit_log"] == before + 2
    assert client.get("/clinic/admin/audit").status_code == 403
    client.cookies.clear()
    sign_in(client, "boss")
    page = client.get("/clinic/admin/audit")
    assert page.status_code == 200
    assert page.text.count(f"person <code>{pid}</code>") == 3  # created, viewed, viewed
    assert "P-0007" not in page.text


@pytest.mark.parametrize("path", ["/clinic/people", "/clinic/login"])
def test_clinic_pages_are_never_cached(client: TestClient, path: str) -> None:
    account(client)
    sign_in(client)
    assert client.get(path).headers["cache-control"] == "no-store"


def test_replicas_on_one_store_accept_each_others_sessions(sqlite_url: str) -> None:
    """Without LUMBUS_SECRET_KEY the signing key is made once and kept in the store, so a second replica reads it."""
    with TestClient(create_app(Settings(database_url=sqlite_url, warm_up=False))) as first:
        account(first)
        sign_in(first)
        cookie = first.cookies["lumbus_session"]
    with TestClient(create_app(Settings(database_url=sqlite_url, warm_up=False))) as second:
        second.cookies.set("lumbus_session", cookie)
        assert second.get("/clinic/people", follow_redirects=False).status_code == 200
    with TestClient(create_app(Settings(database_url=sqlite_url, warm_up=False, secret_key="another key, given by the operator"))) as third:
        third.cookies.set("lumbus_session", cookie)
        assert third.get("/clinic/people", follow_redirects=False).status_code == 303


def test_passwords_tokens_and_records_stay_out_of_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        token = account(client)
        csrf = sign_in(client)
        client.post("/clinic/login", data={"username": "dr_a", "password": "a wrong guess", "csrf": "x"})
        pid = _add_person(client, csrf, label="P-LOGGED?")
        client.post(f"/clinic/people/{pid}/measurements", data={"csrf": csrf, "kind": "pain_nrs", "value": "9"})
        client.get("/api/v1/people", headers={"Authorization": f"Bearer {token}"})
        client.get("/api/v1/people", headers={"Authorization": "Bearer lmb_wrong"})
    assert caplog.records  # the app and its libraries did log
    for secret in (PASSWORD, "a wrong guess", token, "lmb_wrong", "P-LOGGED?"):
        assert secret not in caplog.text


def test_a_patients_own_result_has_no_clinic_link(client: TestClient) -> None:
    r = client.post("/api/v1/assessments", json={"present": ["leg_weakness"]})
    assert r.status_code == 201
    page = client.get(f"/assessments/{r.json()['id']}")
    assert page.status_code == 200 and "Back to the clinic record" not in page.text
