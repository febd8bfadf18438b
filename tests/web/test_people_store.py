"""The clinic's tables on SQLite and PostgreSQL: people, measurements, accounts, tokens, audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, select

from lumbus import Case, Evidence, assess
from lumbus.store import Store, new_assessment, save_assessment
from lumbus.store.accounts import AccountError, account_for_token, audit, audit_log, authenticate, create_account, issue_token
from lumbus.store.models import Account, ApiToken
from lumbus.store.people import PersonError, add_measurement, count_people, create_person, list_measurements, list_people


def test_migration_0004_adds_the_clinic_tables(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"people", "measurements", "accounts", "api_tokens", "audit_log"} <= tables
    assert "person_id" in {c["name"] for c in inspect(store.engine).get_columns("assessments")}


def test_people_measurements_and_their_latest_urgency(store: Store) -> None:
    with store.transaction() as session:
        a = create_person(session, "P-1", birth_year=1950, sex="female", created_by="dr")
        b = create_person(session, "P-2", birth_year=None, sex=None, created_by="dr")
        add_measurement(session, a.id, measured_on=date(2026, 3, 1), kind="pain_nrs", value=4, unit="{score}", recorded_by="dr")
        add_measurement(session, a.id, measured_on=date(2026, 1, 1), kind="pain_nrs", value=7, unit="{score}", recorded_by="dr")
        case = Case(evidence=[Evidence(finding="saddle_anaesthesia"), Evidence(finding="urinary_retention")])
        save_assessment(session, new_assessment(case, assess(case), channel="clinic", person_id=a.id))
    with store.reader() as session:
        assert [m.value for m in list_measurements(session, a.id)] == [7, 4]  # by date, oldest first
        summaries = list_people(session)
    assert [(s.person.label, s.latest_urgency, s.assessments) for s in summaries] == [("P-1", "emergency", 1), ("P-2", None, 0)]
    assert b.age() is None and a.age(date(2026, 6, 1)) == 76


def test_a_duplicate_label_or_a_failed_transaction_stores_nothing(store: Store) -> None:
    with store.transaction() as session:
        create_person(session, "P-1", birth_year=None, sex=None, created_by="dr")
    with pytest.raises(PersonError), store.transaction() as session:
        create_person(session, "P-1", birth_year=None, sex=None, created_by="dr")
    with pytest.raises(RuntimeError), store.transaction() as session:
        create_person(session, "P-3", birth_year=None, sex=None, created_by="dr")
        raise RuntimeError("fails after the write")
    with store.reader() as session:
        assert count_people(session) == 1


def test_passwords_and_tokens_are_kept_only_as_hashes(store: Store) -> None:
    with store.transaction() as session:
        account = create_account(session, "dr", "a long passphrase", "clinician")
        token = issue_token(session, "dr")
        audit(session, account, "viewed", "person", "abc")
    with store.reader() as session:
        stored = session.scalar(select(Account.password_hash))
        assert stored is not None and stored.startswith("$argon2id$") and "a long passphrase" not in stored
        assert token not in str(session.scalar(select(ApiToken.token_hash)))
        assert authenticate(session, "dr", "a long passphrase") == account
        assert authenticate(session, "dr", "a wrong passphrase") is None
        assert authenticate(session, "nobody", "a long passphrase") is None
        assert account_for_token(session, token) == account
        assert account_for_token(session, token + "x") is None
        assert [(e.actor, e.action, e.record_type, e.record_id) for e in audit_log(session)] == [("dr", "viewed", "person", "abc")]


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("dr", "short", "clinician", "at least 8"),
        ("", "a long passphrase", "clinician", "username"),
        ("x", "a long passphrase", "root", "role"),
    ],
)
def test_bad_accounts_are_refused(store: Store, username: str, password: str, role: str, message: str) -> None:
    with pytest.raises(AccountError, match=message), store.transaction() as session:
        create_account(session, username, password, role)  # type: ignore[arg-type]
