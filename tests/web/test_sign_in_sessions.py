"""Sign-in sessions kept in the store, and the limit on failed sign-ins, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clinic_support import PASSWORD, account, csrf_of, sign_in, store_of
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, insert, select, text
from typer.testing import CliRunner

from lumbus.cli.main import app as cli
from lumbus.store import Store
from lumbus.store.accounts import (
    UNKNOWN_USERNAME,
    account_for_token,
    audit_log,
    authenticate,
    claim_sign_in,
    disable_account,
    open_session,
    session_account,
)
from lumbus.store.migrate import current, upgrade
from lumbus.store.models import LoginFailure, LoginSession
from lumbus.web.auth import SESSION_COOKIE, SESSION_SECONDS, SIGN_IN_FAILURES, SIGN_IN_WINDOW, SignInLocked, _sign_in

LOCKED = "Too many failed sign-ins for this username; try again in"


class Clock:
    """The app's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _clock(client: TestClient) -> Clock:
    clock = Clock()
    client.app.state.clock = clock  # type: ignore[attr-defined]
    return clock


def _attempt(client: TestClient, username: str = "dr_a", password: str = PASSWORD) -> Response:
    page = client.get("/clinic/login")
    return client.post(
        "/clinic/login",
        data={"username": username, "password": password, "csrf": csrf_of(page.text), "next": "/clinic/people"},
        follow_redirects=False,
    )


def _rows(client: TestClient, model: type[LoginSession] | type[LoginFailure]) -> int:
    with store_of(client).reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _use(client: TestClient, cookie: str) -> None:
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)


def _signed_in(client: TestClient) -> bool:
    r = client.get("/clinic/people", follow_redirects=False)
    assert r.status_code in (200, 303), r.status_code
    if r.status_code == 303:
        assert r.headers["location"].startswith("/clinic/login?next=")
    return r.status_code == 200


# --- sessions ---


def test_signing_out_ends_the_session_even_for_a_copied_cookie(any_client: TestClient) -> None:
    account(any_client)
    csrf = sign_in(any_client)
    copied = any_client.cookies[SESSION_COOKIE]
    assert _rows(any_client, LoginSession) == 1
    assert any_client.post("/clinic/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert _rows(any_client, LoginSession) == 0
    _use(any_client, copied)  # replayed after signing out
    assert not _signed_in(any_client)
    r = any_client.post("/clinic/people", data={"label": "P-1", "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/clinic/login?next=")


def test_the_cookie_carries_no_account_id_and_the_store_no_session_id(client: TestClient) -> None:
    account(client)
    sign_in(client)
    cookie = client.cookies[SESSION_COOKIE]
    with store_of(client).reader() as session:
        stored = session.scalars(select(LoginSession)).one()
    assert stored.id_hash not in cookie and stored.account_id not in cookie


def test_disabling_an_account_ends_its_live_sessions_only(any_client: TestClient) -> None:
    account(any_client, "dr_a")
    account(any_client, "dr_b")
    sign_in(any_client, "dr_a")
    first = any_client.cookies[SESSION_COOKIE]
    any_client.cookies.clear()
    sign_in(any_client, "dr_b")
    second = any_client.cookies[SESSION_COOKIE]
    with store_of(any_client).transaction() as session:
        disable_account(session, "dr_a")
    _use(any_client, first)
    assert not _signed_in(any_client)
    _use(any_client, second)
    assert _signed_in(any_client)
    with store_of(any_client).reader() as session:
        assert session.scalar(select(func.count()).select_from(LoginSession)) == 1


@pytest.fixture
def _no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMBUS_DATABASE_URL", raising=False)


@pytest.mark.usefixtures("_no_database_url")
def test_lumbus_user_disable_and_revoke_sign_the_account_out(client: TestClient, tmp_path: Path) -> None:
    """The `client` fixture's SQLite file is the one `--data-dir tmp_path/data` names."""
    account(client)
    sign_in(client)
    r = CliRunner().invoke(cli, ["user", "revoke", "dr_a", "--data-dir", str(tmp_path / "data")])
    assert r.exit_code == 0 and r.output.strip() == "revoked 1 token of 'dr_a' and ended 1 session", r.output
    assert not _signed_in(client)
    sign_in(client)  # revoking does not stop the account signing in again
    r = CliRunner().invoke(cli, ["user", "disable", "dr_a", "--data-dir", str(tmp_path / "data")])
    assert r.exit_code == 0, r.output
    assert not _signed_in(client)
    assert _attempt(client).status_code == 401


@pytest.mark.usefixtures("_no_database_url")
def test_lumbus_user_unlock_ends_a_lockout_at_once(client: TestClient, tmp_path: Path) -> None:
    _clock(client)  # stands still: only the command can lift the lockout
    account(client)
    for _ in range(SIGN_IN_FAILURES):
        assert _attempt(client, password="a wrong guess").status_code == 401
    assert _attempt(client).status_code == 429
    r = CliRunner().invoke(cli, ["user", "unlock", "dr_a", "--data-dir", str(tmp_path / "data")])
    assert r.exit_code == 0 and r.output.strip() == "unlocked 'dr_a'", r.output
    assert _attempt(client).status_code == 303
    r = CliRunner().invoke(cli, ["user", "unlock", "dr_a", "--data-dir", str(tmp_path / "data")])
    assert r.output.strip() == "'dr_a' had no failed sign-ins to clear", r.output


def test_an_expired_session_means_signed_out_and_is_cleared_by_the_next_sign_in(client: TestClient) -> None:
    clock = _clock(client)
    account(client)
    sign_in(client)
    clock.now += timedelta(seconds=SESSION_SECONDS - 1)
    assert _signed_in(client)
    clock.now += timedelta(seconds=1)
    assert not _signed_in(client)
    assert _rows(client, LoginSession) == 1
    sign_in(client)
    assert _rows(client, LoginSession) == 1  # the expired one went when the new one began
    assert _signed_in(client)


def test_an_unknown_session_id_in_a_validly_signed_cookie_is_not_signed_in(client: TestClient) -> None:
    from itsdangerous import URLSafeTimedSerializer

    from lumbus.web.auth import _SALT

    account(client)
    sign_in(client)
    key = client.app.state.session_key  # type: ignore[attr-defined]
    _use(client, URLSafeTimedSerializer(key, salt=_SALT).dumps({"s": "made-up", "c": "x"}))
    assert not _signed_in(client)


# --- the failed sign-in limit ---


def test_five_failures_lock_the_username_even_against_the_right_password(any_client: TestClient) -> None:
    _clock(any_client)  # stands still
    account(any_client)
    account(any_client, "dr_b")
    for _ in range(SIGN_IN_FAILURES):
        r = _attempt(any_client, password="a wrong guess")
        assert r.status_code == 401 and "not right" in r.text
    r = _attempt(any_client)
    assert r.status_code == 429, r.status_code
    assert f"{LOCKED} 15 minutes." in r.text
    assert r.headers["retry-after"] == str(int(SIGN_IN_WINDOW.total_seconds()))
    assert SESSION_COOKIE not in r.headers.get("set-cookie", "")
    assert not _signed_in(any_client)
    assert _attempt(any_client, "dr_b").status_code == 303  # other usernames are not affected
    with store_of(any_client).reader() as session:
        entries = [(e.actor, e.action, e.record_type) for e in audit_log(session)]
    assert entries == [("dr_a", "sign-in refused", "sign-in")] + [("dr_a", "sign-in failed", "sign-in")] * SIGN_IN_FAILURES
    assert all(PASSWORD not in str(e) and "a wrong guess" not in str(e) for e in entries)


def test_an_unknown_username_is_locked_the_same_way(client: TestClient) -> None:
    """The answers do not tell which usernames exist."""
    account(client)
    for username in ("dr_a", "nobody"):
        codes = [_attempt(client, username, "a wrong guess").status_code for _ in range(SIGN_IN_FAILURES + 1)]
        assert codes == [401] * SIGN_IN_FAILURES + [429], (username, codes)
    assert _rows(client, LoginFailure) == 2
    with store_of(client).reader() as session:
        actors = {e.actor for e in audit_log(session)}
    assert actors == {"dr_a", UNKNOWN_USERNAME}  # what was typed for no account may be a password: not kept


def test_the_lockout_lasts_the_rest_of_the_window_then_sign_in_works(any_client: TestClient) -> None:
    clock = _clock(any_client)
    account(any_client)
    for _ in range(SIGN_IN_FAILURES):
        assert _attempt(any_client, password="a wrong guess").status_code == 401
        clock.now += timedelta(minutes=1)  # five failures over five minutes, all in one window
    r = _attempt(any_client)
    assert r.status_code == 429 and f"{LOCKED} 10 minutes." in r.text
    clock.now += timedelta(minutes=9, seconds=30)
    r = _attempt(any_client)
    assert r.status_code == 429 and f"{LOCKED} 1 minute." in r.text
    clock.now += timedelta(seconds=30)  # the window has ended
    assert _attempt(any_client).status_code == 303
    assert _signed_in(any_client)


def test_a_successful_sign_in_clears_the_count(client: TestClient) -> None:
    account(client)
    for _ in range(SIGN_IN_FAILURES - 1):
        assert _attempt(client, password="a wrong guess").status_code == 401
    assert _attempt(client).status_code == 303
    assert _rows(client, LoginFailure) == 0
    codes = [_attempt(client, password="a wrong guess").status_code for _ in range(SIGN_IN_FAILURES + 1)]
    assert codes == [401] * SIGN_IN_FAILURES + [429]


def test_failures_outside_the_window_do_not_add_up(client: TestClient) -> None:
    clock = _clock(client)
    account(client)
    for _ in range(2 * SIGN_IN_FAILURES):
        assert _attempt(client, password="a wrong guess").status_code == 401
        clock.now += SIGN_IN_WINDOW / (SIGN_IN_FAILURES - 1)  # the fifth falls just outside the first's window
    assert _attempt(client).status_code == 303


def test_parallel_guesses_cannot_slip_past_the_limit(store: Store) -> None:
    """Each attempt is counted before its password is checked, under a row lock (PostgreSQL) or the writer's turn (SQLite)."""
    with store.transaction() as session:
        from lumbus.store.accounts import create_account

        create_account(session, "dr_a", PASSWORD, "clinician")
    now = datetime.now(UTC)

    def guess(_: int) -> str:
        try:
            return "checked" if _sign_in(store, "dr_a", "a wrong guess", now) is None else "signed in"
        except SignInLocked:
            return "refused"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(guess, range(16)))
    assert sorted(outcomes) == ["checked"] * SIGN_IN_FAILURES + ["refused"] * (16 - SIGN_IN_FAILURES)
    with store.transaction() as session:
        wait = claim_sign_in(session, "dr_a", now + timedelta(minutes=5), SIGN_IN_FAILURES, SIGN_IN_WINDOW)
    assert wait == timedelta(minutes=10)


# --- the migration ---


def test_migration_0006_keeps_existing_data_and_its_accounts_can_sign_in(db_url: str) -> None:
    """A database at 0005 with an account, a token, a person and an audit entry is upgraded in place."""
    from lumbus.store.accounts import _HASHER, _token_hash

    store = Store(db_url)
    try:
        upgrade(store.engine, "0005")
        assert current(store.engine) == "0005"
        now = datetime.now(UTC)
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO accounts (id, username, password_hash, role, active, created_at)"
                    " VALUES ('acc-1', 'dr_old', :pw, 'clinician', :yes, :now)"
                ),
                {"pw": _HASHER.hash(PASSWORD), "yes": True, "now": now},
            )
            conn.execute(
                text("INSERT INTO api_tokens (id, account_id, token_hash, created_at, revoked) VALUES ('t-1', 'acc-1', :h, :now, :no)"),
                {"h": _token_hash("lmb_old"), "now": now, "no": False},
            )
            conn.execute(
                text("INSERT INTO people (id, label, created_at, created_by) VALUES ('p-1', 'P-OLD', :now, 'dr_old')"), {"now": now}
            )
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, record_type, record_id) VALUES (:now, 'dr_old', 'created', 'person', 'p-1')"
                ),
                {"now": now},
            )
        store.upgrade()
        assert current(store.engine) == "0006"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT label FROM people")).scalar_one() == "P-OLD"
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 1
        with store.transaction() as session:
            found = authenticate(session, "dr_old", PASSWORD)
            assert found is not None and account_for_token(session, "lmb_old") == found
            session_id = open_session(session, found.id, now, timedelta(hours=1))
            session.execute(insert(LoginFailure).values(username_hash="x" * 64, failures=1, window_start=now))
        with store.reader() as session:
            assert session_account(session, session_id, now) == found
    finally:
        store.close()
