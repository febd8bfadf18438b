"""``lumbus user add NAME --role clinician`` and ``lumbus user token NAME``: accounts for the clinician pages and the API.

The password is asked for twice without echo and never printed; a token is printed once, to be
copied into the calling system, and only its hash is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lumbus.cli.serve import DataDir

if TYPE_CHECKING:
    from lumbus.store import Store

app = typer.Typer(help="Clinician and admin accounts and their API tokens.", no_args_is_help=True)


def _store(data_dir: Path) -> Store:
    from lumbus.store import Store, database_url

    store = Store(database_url(data_dir))
    store.upgrade()
    return store


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="the username to sign in with")],
    role: Annotated[str, typer.Option("--role", help="clinician or admin")] = "clinician",
    password: Annotated[
        str,
        typer.Option(
            "--password",
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="LUMBUS_NEW_PASSWORD",
            help="asked for when not given",
        ),
    ] = "",
    data_dir: DataDir = Path("data"),
) -> None:
    """Create an account (the password is asked for twice, without echo)."""
    from lumbus.store.accounts import ROLES, AccountError, create_account

    if role not in ROLES:
        typer.echo(f"error: --role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    store = _store(data_dir)
    try:
        with store.transaction() as session:
            account = create_account(session, name, password, role)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(f"created {account.role} account {account.username!r}")


@app.command("token")
def token_command(name: Annotated[str, typer.Argument(help="the account the token acts for")], data_dir: DataDir = Path("data")) -> None:
    """Issue an API token for an account and print it once (send it as 'Authorization: Bearer <token>')."""
    from lumbus.store.accounts import AccountError, issue_token

    store = _store(data_dir)
    try:
        with store.transaction() as session:
            token = issue_token(session, name)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(token)
