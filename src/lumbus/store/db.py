"""Engine and sessions from a database URL; the URL from the environment or the data directory."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL_ENV = "LUMBUS_DATABASE_URL"
SQLITE_FILE = "lumbus.sqlite3"


def database_url(data_dir: Path, environ: dict[str, str] | None = None) -> str:
    """``LUMBUS_DATABASE_URL`` if set, else an SQLite file under ``data_dir``."""
    env = os.environ if environ is None else environ
    url = env.get(DATABASE_URL_ENV, "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def normalise_url(url: str) -> str:
    """PostgreSQL URLs use psycopg 3 whatever driver they name (``postgres://``, ``postgresql://``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() in ("postgres", "postgresql") and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the file; a power cut (not a crash of the app) may lose the last commits.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _json_text(value: Any) -> str:
    """JSON columns encoded by pydantic-core (Rust): an assessment is ~13 kB and ``json.dumps`` was a tenth of a write."""
    return to_json(value).decode()


def make_engine(url: str) -> Engine:
    """An engine whose errors and logs never show the values of a statement (they are health data)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True, json_serializer=_json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, json_serializer=_json_text)


class Store:
    """One database: its engine and a session factory. Writes go through :meth:`transaction`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer: AbstractContextManager[object] = threading.Lock() if self.backend == "sqlite" else nullcontext()
        """SQLite has one writer at a time: threads wait here, with no timeout, rather than in SQLite's busy wait (which gives up)"""

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        with self._writer, self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def upgrade(self) -> None:
        from lumbus.store.migrate import upgrade

        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()
