"""Fixtures of the web and store tests: one database per test, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from pg_cluster import postgres_server

from lumbus.store import Store
from lumbus.web.app import create_app
from lumbus.web.settings import Settings

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_database_url(postgres_url: str) -> Iterator[str]:
    """A new, empty database on the session's PostgreSQL server, dropped after the test."""
    yield from _postgres_database(postgres_url)


def _postgres_database(server: str) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: an SQLite file, or a new database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'lumbus.sqlite3'}"
    else:
        yield request.getfixturevalue("pg_database_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'lumbus.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The store on each backend, migrated, without the app."""
    s = Store(db_url)
    s.upgrade()
    yield s
    s.close()


def _client(url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=url, warm_up=False))
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    """The app on an SQLite file, started (migrations run) and stopped around the test."""
    yield from _client(sqlite_url)


@pytest.fixture
def any_client(db_url: str) -> Iterator[TestClient]:
    """The app on each backend in turn."""
    yield from _client(db_url)
