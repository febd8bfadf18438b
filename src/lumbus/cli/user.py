"""``lumbus user add|token|revoke|disable|unlock NAME``: accounts for the clinician pages and the API.

``revoke`` and ``disable`` also end the account's sign-in sessions, so a browser signed in as it
is sent back to the login page on its next request.

The password is asked for twice without echo and never printed; a token is printed once, to be
copied into the calling system, and only its hash is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from lumbus.cli.serve import DataDir

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="Clinician and admin accounts and their API tokens.", no_args_is_help=True)
T = TypeVar("T")
Name = Annotated[str, typer.Argument(help="the account's username")]


def _in_store(data_dir: Path, change: Callable[[Session], T]) -> T:
    """Run ``change`` in one transaction on the (migrated) store; a refused change exits 2 with the reason."""
    from lumbus.store import Store, database_url
    from lumbus.store.accounts import AccountError

    store = Store(database_url(data_dir))
    try:
        store.upgrade()
        with store.transaction() as session:
            return change(session)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()


@app.command("add")
def add_command(
    name: Name,
    role: Annotated[str, typer.Option("--role", help="clinician or admin")] = "clinician",
    password: Annotated[
        str,
        typer.Option(
            "--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="LUMBUS_NEW_PASSWORD", help="asked when not given"
        ),
    ] = "",
    data_dir: DataDir = Path("data"),
) -> None:
    """Create an account (the password is asked for twice, without echo)."""
    from lumbus.store.accounts import ROLES, create_account

    if role not in ROLES:
        typer.echo(f"error: --role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    account = _in_store(data_dir, lambda session: create_account(session, name, password, role))
    typer.echo(f"created {account.role} account {account.username!r}")


@app.command("token")
def token_command(name: Name, data_dir: DataDir = Path("data")) -> None:
    """Issue an API token for an account and print it once (send it as 'Authorization: Bearer <token>')."""
    from lumbus.store.accounts import issue_token

    typer.echo(_in_store(data_dir, lambda session: issue_token(session, name)))


@app.command("revoke")
def revoke_command(name: Name, data_dir: DataDir = Path("data")) -> None:
    """Revoke every API token of an account and sign it out of every browser (it can sign in again)."""
    from lumbus.store.accounts import end_sessions, revoke_tokens

    n, ended = _in_store(data_dir, lambda session: (revoke_tokens(session, name), end_sessions(session, name)))
    typer.echo(f"revoked {n} token{'s' if n != 1 else ''} of {name!r} and ended {ended} session{'s' if ended != 1 else ''}")


@app.command("disable")
def disable_command(name: Name, data_dir: DataDir = Path("data")) -> None:
    """Disable an account: it can no longer sign in, its sessions end and its tokens stop working."""
    from lumbus.store.accounts import disable_account

    _in_store(data_dir, lambda session: disable_account(session, name))
    typer.echo(f"disabled {name!r}")


@app.command("unlock")
def unlock_command(name: Name, data_dir: DataDir = Path("data")) -> None:
    """Let a username sign in again at once after too many failed attempts (the lockout ends by itself after 15 minutes)."""
    from lumbus.store.accounts import unlock_sign_in

    cleared = _in_store(data_dir, lambda session: unlock_sign_in(session, name))
    typer.echo(f"unlocked {name!r}" if cleared else f"{name!r} had no failed sign-ins to clear")
