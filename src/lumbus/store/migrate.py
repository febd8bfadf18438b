"""Alembic, driven from code: the migration scripts live inside the package."""

from __future__ import annotations

import threading
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

MIGRATION_LOCK = 0x6C756D62  # "lumb": one PostgreSQL advisory lock key for every replica of the app
_IN_PROCESS = threading.Lock()
"""Alembic's context is process-global: one migration at a time in a process."""


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("lumbus.store") / "migrations"))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at ``engine`` to ``revision``, in one transaction where the database allows.

    On PostgreSQL, replicas starting together take turns (a transaction-scoped advisory lock), so
    only the first one migrates; within a process, a lock does the same.
    """
    cfg = alembic_config()
    with _IN_PROCESS, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
