"""Helpers of the clinician tests: accounts, tokens, signing in, and counting stored rows."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from lumbus.store import Store
from lumbus.store.accounts import Role, create_account, issue_token
from lumbus.store.models import AssessmentRecord, AuditEntry, Measurement, Person

PASSWORD = "correct horse battery"


def store_of(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def account(client: TestClient, username: str = "dr_a", role: Role = "clinician") -> str:
    """Create an account and return a new API token for it."""
    with store_of(client).transaction() as session:
        create_account(session, username, PASSWORD, role)
        return issue_token(session, username)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, username: str = "dr_a", password: str = PASSWORD) -> str:
    """Sign in through the login form; returns the session's CSRF token."""
    page = client.get("/clinic/login")
    r = client.post(
        "/clinic/login", data={"username": username, "password": password, "csrf": csrf_of(page.text), "next": "/clinic/people"}
    )
    assert r.status_code == 200 and r.url.path == "/clinic/people", r.text[:300]
    return csrf_of(r.text)


def counts(client: TestClient) -> dict[str, int]:
    """Rows in each table a clinician's request may write."""
    with store_of(client).reader() as session:
        return {
            m.__tablename__: int(session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Person, Measurement, AssessmentRecord, AuditEntry)
        }
