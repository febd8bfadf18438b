"""``lumbus serve`` (the web app and REST API) and ``lumbus db upgrade`` (the store's migrations)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
) -> None:
    """Start the web app and the REST API (docs at /docs); migrates the store first."""
    import uvicorn

    from lumbus.web.app import create_app
    from lumbus.web.settings import Settings

    settings = Settings.from_env(data_dir)
    typer.echo(f"Lumbus on http://{host}:{port}/ (API docs at /docs), store: {_redacted(settings.database_url)}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", server_header=False)


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
