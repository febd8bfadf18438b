"""`lumbus user add` and `lumbus user token`: the password is asked for and never echoed; the token works once issued."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lumbus.cli.main import app
from lumbus.store import Store, database_url
from lumbus.store.accounts import account_for_token, authenticate


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMBUS_DATABASE_URL", raising=False)


def test_add_an_account_and_issue_a_token(tmp_path: Path) -> None:
    runner = CliRunner()
    data = str(tmp_path / "data")
    r = runner.invoke(app, ["user", "add", "dr_who", "--role", "admin", "--data-dir", data], input="tardis travels\ntardis travels\n")
    assert r.exit_code == 0, r.output
    assert "created admin account 'dr_who'" in r.output and "tardis travels" not in r.output
    r = runner.invoke(app, ["user", "token", "dr_who", "--data-dir", data])
    assert r.exit_code == 0, r.output
    token = r.output.strip()
    store = Store(database_url(Path(data)))
    try:
        with store.reader() as session:
            assert account_for_token(session, token) is not None
            found = authenticate(session, "dr_who", "tardis travels")
            assert found is not None and found.role == "admin"
    finally:
        store.close()
    revoked = runner.invoke(app, ["user", "revoke", "dr_who", "--data-dir", data]).output.strip()
    assert revoked == "revoked 1 token of 'dr_who' and ended 0 sessions"
    second = runner.invoke(app, ["user", "token", "dr_who", "--data-dir", data]).output.strip()
    assert runner.invoke(app, ["user", "disable", "dr_who", "--data-dir", data]).exit_code == 0
    store = Store(database_url(Path(data)))
    try:
        with store.reader() as session:
            assert account_for_token(session, token) is None and account_for_token(session, second) is None
            assert authenticate(session, "dr_who", "tardis travels") is None
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "x", "--role", "root"], "long enough\nlong enough\n", "--role must be one of"),
        (["user", "add", "x"], "short\nshort\n", "at least 8"),
        (["user", "token", "nobody"], "", "no active account"),
        (["user", "revoke", "nobody"], "", "no account named 'nobody'"),
        (["user", "disable", "nobody"], "", "no account named 'nobody'"),
    ],
)
def test_bad_requests_exit_2_with_the_reason(tmp_path: Path, args: list[str], stdin: str, message: str) -> None:
    r = CliRunner().invoke(app, [*args, "--data-dir", str(tmp_path / "data")], input=stdin)
    assert r.exit_code == 2 and message in r.output
