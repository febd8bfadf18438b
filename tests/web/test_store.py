"""The store on SQLite and on a real PostgreSQL server: migrations, round trips, transactions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from lumbus import Case, Evidence, assess, assess_text
from lumbus.store import (
    DATABASE_URL_ENV,
    Store,
    count_assessments,
    database_url,
    get_assessment,
    new_assessment,
    save_assessment,
    store_assessment,
)
from lumbus.store.migrate import current, head
from lumbus.web.app import create_app
from lumbus.web.settings import Settings


def test_migrations_reach_head_and_are_idempotent(store: Store) -> None:
    assert current(store.engine) == head() == "0006"
    store.upgrade()
    assert current(store.engine) == "0006"
    table = {c["name"] for c in inspect(store.engine).get_columns("assessments")}
    assert {"id", "created_at", "kb_version", "channel", "urgency", "top_condition", "case_input", "result"} <= table
    indexed = {tuple(ix["column_names"]) for ix in inspect(store.engine).get_indexes("interviews")}
    assert ("assessment_id",) in indexed, "the report finds an assessment's interview by its id"


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from lumbus.store.models import Base

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_round_trip_keeps_the_assessment_exactly(store: Store) -> None:
    case = Case(age=30, sex="female", text="my right buttock has shrunk and my leg hurts")
    result = assess_text(case.text or "", age=30, sex="female")
    with store.transaction() as session:
        saved = save_assessment(session, new_assessment(case, result, channel="api"))
    with store.reader() as session:
        got = get_assessment(session, saved.id)
    assert got is not None
    assert got.assessment() == result
    assert got.result == result.model_dump(mode="json")
    assert got.case == {"age": 30, "sex": "female", "text": case.text, "evidence": []}
    assert got.channel == "api"
    assert got.created_at.tzinfo is not None or store.backend == "sqlite"


def test_a_failed_transaction_stores_nothing(store: Store) -> None:
    case = Case(evidence=[Evidence(finding="leg_weakness")])
    result = assess(case)
    with pytest.raises(RuntimeError), store.transaction() as session:
        save_assessment(session, new_assessment(case, result, channel="web"))
        raise RuntimeError("fails after the write")
    with store.reader() as session:
        assert count_assessments(session) == 0
        assert get_assessment(session, "no-such-id") is None


def test_the_database_url_comes_from_the_environment_or_the_data_dir(tmp_path: Path) -> None:
    assert database_url(tmp_path, {}) == f"sqlite:///{tmp_path.resolve() / 'lumbus.sqlite3'}"
    for given in ("postgres://u:secret@db.example:5433/lumbus", "postgresql://u:secret@db.example:5433/lumbus"):
        assert database_url(tmp_path, {DATABASE_URL_ENV: given}) == "postgresql+psycopg://u:secret@db.example:5433/lumbus"


def test_lumbus_database_url_points_the_app_at_postgresql(pg_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, pg_database_url.replace("postgresql+psycopg://", "postgresql://"))
    settings = Settings.from_env(tmp_path / "unused", warm_up=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/health").json()["database"] == "postgresql"
    assert not (tmp_path / "unused").exists()


def test_replicas_starting_together_migrate_once(db_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    stores = [Store(db_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda s: s.upgrade(), stores))
        assert {current(s.engine) for s in stores} == {"0006"}
    finally:
        for s in stores:
            s.close()


def test_replica_processes_starting_together_on_postgresql_all_come_up(pg_database_url: str) -> None:
    """Without the advisory lock, two of four processes failed here with a duplicate table."""
    import subprocess
    import sys

    code = f"from lumbus.store import Store; Store({pg_database_url!r}).upgrade()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    store = Store(pg_database_url)
    assert current(store.engine) == "0006"
    store.close()


def test_sqlite_wal_is_copied_back_every_so_many_writes_outside_the_writer_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own checkpoint is off (it ran inside whichever commit crossed the limit); Store runs one
    after every ``CHECKPOINT_EVERY`` writes, so the database file grows only then."""
    from lumbus.store import db

    monkeypatch.setattr(db, "CHECKPOINT_EVERY", 3)
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    store.upgrade()
    case = Case(age=40, evidence=[Evidence(finding="low_back_pain")])
    result = assess(case)
    main_file = tmp_path / "x.sqlite3"
    try:
        with store.reader() as session:
            assert session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        sizes = []
        for _ in range(3):
            before = main_file.stat().st_size
            with store.transaction() as session:
                save_assessment(session, new_assessment(case, result, channel="api"))
            sizes.append(main_file.stat().st_size - before)
        assert sizes[:2] == [0, 0] and sizes[2] > 0
        with store.reader() as session:
            assert count_assessments(session) == 3
    finally:
        store.close()


def test_a_write_on_the_event_loop_waits_for_another_process_without_stopping_the_loop(tmp_path: Path) -> None:
    """While another process holds SQLite's writer turn (its flock), an on-loop write waits for it and the
    loop keeps running other work; the write lands once the turn is free, and writers queue in order."""
    import asyncio
    import fcntl
    import os

    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    store.upgrade()
    case = Case(age=40, evidence=[Evidence(finding="low_back_pain")])
    result = assess(case)
    other = os.open(f"{tmp_path / 'x.sqlite3'}.lock", os.O_RDWR | os.O_CREAT)  # another process's hold
    fcntl.flock(other, fcntl.LOCK_EX)
    order: list[str] = []

    async def write(name: str) -> None:
        async with store.transaction_on_loop() as session:
            save_assessment(session, new_assessment(case, result, channel="api"))
        order.append(name)

    async def meanwhile() -> int:
        ticks = 0
        for _ in range(20):
            await asyncio.sleep(0.001)
            ticks += 1
        order.append("loop ran")
        fcntl.flock(other, fcntl.LOCK_UN)
        return ticks

    async def main() -> int:
        results = await asyncio.gather(write("first"), write("second"), meanwhile())
        return results[2]

    try:
        # a thread of its own: the browser tests' sync Playwright leaves an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(asyncio.run, main()).result() == 20
        assert order == ["loop ran", "first", "second"]
        with store.reader() as session:
            assert count_assessments(session) == 2
    finally:
        os.close(other)
        store.close()


def _on_own_loop(coro: Any) -> Any:
    """Run ``coro`` on a fresh loop in a thread of its own (the browser tests leave a loop running in this one)."""
    import asyncio

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_rows_written_together_on_the_loop_share_one_commit(store: Store) -> None:
    """Twenty requests storing at once on one loop: every row is stored, in one transaction (a group commit),
    and each caller gets its own record back only once it is committed."""
    import asyncio

    from sqlalchemy import event

    case = Case(age=40, evidence=[Evidence(finding="low_back_pain")])
    result = assess(case)
    commits: list[int] = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    records = [new_assessment(case, result, channel="api") for _ in range(20)]

    async def main() -> list[str]:
        stored = await asyncio.gather(*(store_assessment(store, r) for r in records))
        return [r.id for r in stored]

    assert _on_own_loop(main()) == [r.id for r in records]
    assert len(commits) == 1
    with store.reader() as session:
        assert count_assessments(session) == 20
        assert get_assessment(session, records[7].id) is not None


def test_a_bad_row_in_a_group_fails_alone(store: Store) -> None:
    """A row the database refuses (here an id already taken) fails its own request; the others in its group are stored."""
    import asyncio

    from sqlalchemy.exc import IntegrityError

    case = Case(age=40, evidence=[Evidence(finding="low_back_pain")])
    result = assess(case)
    taken = new_assessment(case, result, channel="api")
    with store.transaction() as session:
        save_assessment(session, taken)
    good = [new_assessment(case, result, channel="api") for _ in range(2)]

    async def main() -> list[Any]:
        return await asyncio.gather(
            store_assessment(store, good[0]), store_assessment(store, taken), store_assessment(store, good[1]), return_exceptions=True
        )

    outcomes = _on_own_loop(main())
    assert [type(o) for o in outcomes] == [type(good[0]), IntegrityError, type(good[1])]
    with store.reader() as session:
        assert count_assessments(session) == 3
        assert all(get_assessment(session, r.id) is not None for r in good)
