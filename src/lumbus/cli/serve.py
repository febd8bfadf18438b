"""``lumbus serve`` (the web app and REST API) and ``lumbus db upgrade`` (the store's migrations)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

DataDir = Annotated[
    Path,
    typer.Option("--data-dir", envvar="LUMBUS_DATA_DIR", help="folder of the SQLite file (ignored when LUMBUS_DATABASE_URL is set)"),
]

db_app = typer.Typer(help="The store: SQLite by default, PostgreSQL with LUMBUS_DATABASE_URL.", no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", help="port to listen on", min=1, max=65535)] = DEFAULT_PORT,
    data_dir: DataDir = Path("data"),
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="log a line per request (paths only)")] = False,
    workers: Annotated[
        int, typer.Option("--workers", envvar="LUMBUS_WORKERS", min=1, max=64, help="worker processes (one per core serves most)")
    ] = 1,
) -> None:
    """Start the web app and the REST API (docs at /docs); migrates the store first."""
    import uvicorn

    from lumbus.store import Store
    from lumbus.web.app import create_app
    from lumbus.web.settings import DATA_DIR_ENV, Settings

    settings = Settings.from_env(data_dir)
    typer.echo(f"Lumbus on http://{host}:{port}/ (API docs at /docs), store: {_redacted(settings.database_url)}")
    common: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "access_log": access_log, "server_header": False}
    if workers == 1:
        uvicorn.run(create_app(settings), **common)
        return
    # Workers import the app themselves and read the data folder from the environment; migrating once here
    # keeps them from racing each other through the same migrations at startup.
    store = Store(settings.database_url)
    try:
        store.upgrade()
    finally:
        store.close()
    os.environ[DATA_DIR_ENV] = str(data_dir.resolve())
    uvicorn.run("lumbus.web.app:create_app", factory=True, workers=workers, **common)


@db_app.command("upgrade")
def upgrade_command(data_dir: DataDir = Path("data")) -> None:
    """Bring the store's schema up to date (the web app also does this when it starts)."""
    from lumbus.store import Store, database_url
    from lumbus.store.migrate import current

    store = Store(database_url(data_dir))
    try:
        store.upgrade()
        typer.echo(f"{_redacted(store.url)}: at revision {current(store.engine)}")
    finally:
        store.close()


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
