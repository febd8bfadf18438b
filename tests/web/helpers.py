"""Small helpers shared by the web tests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lumbus.store import Store, count_assessments


def stored(client: TestClient) -> int:
    """How many assessments the app's store holds."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.reader() as session:
        return count_assessments(session)
