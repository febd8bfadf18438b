"""Small helpers shared by the web tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from lumbus.store import Store, count_assessments


def stored(client: TestClient) -> int:
    """How many assessments the app's store holds."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.reader() as session:
        return count_assessments(session)


def submit(client: TestClient, **form: str) -> str:
    """Post the start form as a browser without JavaScript does, skip the questions ("Show my result
    now"), and return the result page's address."""
    r = client.post("/assess", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    location: str = r.headers["location"]
    if location.startswith("/interview/"):
        r = client.post(location, data={"action": "finish"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        location = r.headers["location"]
    assert re.fullmatch(r"/assessments/[0-9a-f-]{36}", location)
    return location
