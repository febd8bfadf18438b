"""Engine and sessions from a database URL; the URL from the environment or the data directory."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import threading
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Engine, Table, create_engine, event, insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL_ENV = "LUMBUS_DATABASE_URL"
SQLITE_FILE = "lumbus.sqlite3"
_log = logging.getLogger(__name__)


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
    # Copying the WAL back into the database (a checkpoint, with its fsyncs) is done by Store after a
    # write, outside the one-writer turn, rather than inside whichever commit crossed 1,000 pages.
    cur.execute("PRAGMA wal_autocheckpoint=0")
    cur.close()


class EncodedJSON(str):
    """JSON text already encoded, written to a JSON column as it is."""


def _json_text(value: Any) -> str:
    """JSON columns encoded by pydantic-core (Rust): an assessment is ~13 kB and ``json.dumps`` was a tenth of a write."""
    return value if isinstance(value, EncodedJSON) else to_json(value).decode()


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


CHECKPOINT_EVERY = 200
"""SQLite rows written per process between WAL checkpoints (an assessment is ~4 pages: ~800 pages, near SQLite's own 1,000)"""


class _SqliteWriter:
    """The one-writer-at-a-time turn for an SQLite file, across the threads of a process and across processes.

    Worker processes (``lumbus serve --workers``) writing one file would otherwise meet in SQLite's
    busy handler, which polls with sleeps of up to 100 ms; a blocking ``flock`` on a lock file next to
    the database wakes the next writer as soon as the last one commits.
    """

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self._path = f"{database}.lock" if database and database != ":memory:" else None
        self._fd: int | None = None

    def acquire(self, blocking: bool = True) -> bool:
        """Take the turn; without ``blocking``, say False at once if another thread or process has it."""
        if not self._threads.acquire(blocking=blocking):
            return False
        if self._path is None:
            return True
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._threads.release()
            return False
        except BaseException:
            self._threads.release()
            raise
        return True

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(self, *_exc: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        with self._threads:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


@dataclass(frozen=True)
class _PendingRow:
    table: Table
    row: dict[str, Any]
    done: asyncio.Future[None]


class Store:
    """One database: its engine and a session factory. Writes go through :meth:`transaction`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = 0
        self._loop_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
        """one queue per event loop (an asyncio lock belongs to the loop it first waited on)"""
        self._pending: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[_PendingRow]] = weakref.WeakKeyDictionary()
        """rows waiting for the loop's next group commit (see :meth:`insert_on_loop`)"""
        self._flushes: set[asyncio.Task[None]] = set()
        self._checkpointing = threading.Lock()
        self._writer: AbstractContextManager[object] = (
            _SqliteWriter(self.engine.url.database) if self.backend == "sqlite" else nullcontext()
        )
        """SQLite has one writer at a time: writers wait here, with no timeout, rather than in SQLite's busy wait (which gives up)"""

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        with self._writer, self._sessions() as session, session.begin():
            yield session
        self._after_write()

    @asynccontextmanager
    async def transaction_on_loop(self) -> AsyncIterator[Session]:
        """:meth:`transaction` for code on the event loop, in its turn (see :meth:`_loop_turn`)."""
        async with self._loop_turn():
            with self._sessions() as session, session.begin():
                yield session
        self._after_write()

    @asynccontextmanager
    async def _loop_turn(self) -> AsyncIterator[None]:
        """The writer's turn for code on the event loop. Waiting in ``flock`` while another worker process
        writes would stop the loop (a sixth of a worker's time with two workers under 50 clients), so the
        loop's writers queue in order on an asyncio lock and the one at the head polls for the turn while
        the loop goes on assessing the requests behind it."""
        loop = asyncio.get_running_loop()
        queue = self._loop_writers.get(loop)
        if queue is None:
            queue = self._loop_writers[loop] = asyncio.Lock()
        async with queue:
            writer = self._writer
            if not isinstance(writer, _SqliteWriter):
                yield
                return
            while not writer.acquire(blocking=False):
                await asyncio.sleep(0.0002)
            try:
                yield
            finally:
                writer.__exit__()

    async def insert_on_loop(self, table: Table, row: dict[str, Any]) -> None:
        """Insert ``row`` from code on the event loop, committed with the rows that other requests on this
        loop insert meanwhile: one transaction and one commit for the group (a group commit). Under 50
        clients the session, the commit and the writer's turn were a third of a stored request's time;
        shared by the requests that arrive together, they cost each a fraction. Returns once the row is
        committed; raises what its insert raised (a failed group is retried row by row)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = []
        pending.append(_PendingRow(table, row, done))
        if len(pending) == 1:  # the first row since the last group was taken: schedule the next group
            task = loop.create_task(self._commit_group(loop))
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)
        await done

    async def _commit_group(self, loop: asyncio.AbstractEventLoop) -> None:
        """Write every row pending when this loop's turn comes (rows keep coming while it waits)."""
        group: list[_PendingRow] = []
        try:
            async with self._loop_turn():
                group = self._pending.pop(loop, [])
                outcomes = self._insert_group(group)
        except BaseException as exc:  # the turn never came (the loop is closing): no row was written
            failure = exc if isinstance(exc, Exception) else RuntimeError("the store closed before the write")
            for item in group or self._pending.pop(loop, []):
                if not item.done.done():
                    item.done.set_exception(failure)
            raise
        self._after_write(len(group))
        for item, outcome in zip(group, outcomes, strict=True):
            if item.done.done():  # the request went away; its row is stored all the same
                continue
            if outcome is None:
                item.done.set_result(None)
            else:
                item.done.set_exception(outcome)

    def _insert_group(self, group: list[_PendingRow]) -> list[BaseException | None]:
        """Insert the group in one transaction; if that fails, each row in its own, so one bad row fails alone."""
        try:
            with self.engine.begin() as connection:
                for table in dict.fromkeys(item.table for item in group):
                    connection.execute(insert(table), [item.row for item in group if item.table is table])
            return [None] * len(group)
        except Exception as exc:
            if len(group) == 1:
                return [exc]
        outcomes: list[BaseException | None] = []
        for item in group:
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(item.table), [item.row])
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(exc)
        return outcomes

    def _after_write(self, rows: int = 1) -> None:
        if self.backend == "sqlite":
            before, self._writes = self._writes, self._writes + rows
            if self._writes // CHECKPOINT_EVERY > before // CHECKPOINT_EVERY and self._checkpointing.acquire(blocking=False):
                self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the database file after the writer's turn has been handed on, so the ~10 ms it
        takes never holds up another writer (run in a thread of its own, it cost more in GIL waits than it saved)."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except SQLAlchemyError as exc:
            _log.warning("WAL checkpoint skipped: %s", type(exc).__name__)
        finally:
            self._checkpointing.release()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def upgrade(self) -> None:
        from lumbus.store.migrate import upgrade

        upgrade(self.engine)

    def close(self) -> None:
        with self._checkpointing:  # let a checkpoint under way finish
            self.engine.dispose()
        if isinstance(self._writer, _SqliteWriter):
            self._writer.close()
