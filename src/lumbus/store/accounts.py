"""Clinician and admin accounts, their API tokens, sign-in sessions and failed sign-ins, and the audit log.

Passwords are kept only as Argon2id hashes (argon2-cffi); API tokens and sign-in session ids are
256 random bits shown once and kept only as their SHA-256, which is enough for a secret nobody chose.
The audit log holds who, when, what was done and to which record id: never health data, never a password.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lumbus.store.db import Store
from lumbus.store.models import Account, ApiToken, AppSecret, AuditEntry, LoginFailure, LoginSession

Role = Literal["clinician", "admin"]
ROLES: tuple[Role, ...] = ("clinician", "admin")
AuditAction = Literal["viewed", "created", "changed"]
SignInAction = Literal["sign-in failed", "sign-in refused"]
"""A wrong password (or unknown or disabled username), and an attempt refused unchecked during a lockout"""
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("an unknown user still costs one verification")


class AccountError(ValueError):
    """An account cannot be created or found; the message says why (never with the password)."""


@dataclass(frozen=True)
class AccountOut:
    id: str
    username: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class AuditOut:
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str


def _out(rec: Account) -> AccountOut:
    role: Role = "admin" if rec.role == "admin" else "clinician"
    return AccountOut(id=rec.id, username=rec.username, role=role)


def create_account(session: Session, username: str, password: str, role: Role) -> AccountOut:
    """Add an account inside the caller's transaction; usernames are unique."""
    username = username.strip()
    if not username or len(username) > 80 or not username.isprintable():
        raise AccountError("a username has 1 to 80 printable characters")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise AccountError("a password has at least 8 characters")
    if session.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise AccountError(f"there is already an account named {username!r}")
    rec = Account(
        id=str(uuid.uuid4()), username=username, password_hash=_HASHER.hash(password), role=role, active=True, created_at=datetime.now(UTC)
    )
    session.add(rec)
    session.flush()
    return _out(rec)


def authenticate(session: Session, username: str, password: str) -> AccountOut | None:
    """The active account with this username and password, or None (in about the same time either way)."""
    rec = session.scalar(select(Account).where(Account.username == username.strip()))
    try:
        _HASHER.verify(rec.password_hash if rec is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return _out(rec) if rec is not None and rec.active else None


def get_account(session: Session, account_id: str) -> AccountOut | None:
    rec = session.get(Account, account_id)
    return _out(rec) if rec is not None and rec.active else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, username: str) -> str:
    """A new API token for the account, returned once; only its hash is stored."""
    rec = session.scalar(select(Account).where(Account.username == username.strip()))
    if rec is None or not rec.active:
        raise AccountError(f"there is no active account named {username!r}")
    token = "lmb_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(id=str(uuid.uuid4()), account_id=rec.id, token_hash=_token_hash(token), created_at=datetime.now(UTC), revoked=False)
    )
    session.flush()
    return token


def revoke_tokens(session: Session, username: str) -> int:
    """Revoke every API token of an account; returns how many were live."""
    rec = _named(session, username)
    tokens = session.scalars(select(ApiToken).where(ApiToken.account_id == rec.id, ApiToken.revoked.is_(False))).all()
    for t in tokens:
        t.revoked = True
    session.flush()
    return len(tokens)


def disable_account(session: Session, username: str) -> None:
    """Stop an account signing in or using its tokens, and end its sessions (its audit trail stays)."""
    rec = _named(session, username)
    rec.active = False
    _end_sessions_of(session, rec.id)
    session.flush()


def end_sessions(session: Session, username: str) -> int:
    """Sign the account out of every browser; returns how many sessions were live or not yet cleared."""
    return _end_sessions_of(session, _named(session, username).id)


def _end_sessions_of(session: Session, account_id: str) -> int:
    ended = session.execute(delete(LoginSession).where(LoginSession.account_id == account_id))
    return int(getattr(ended, "rowcount", 0) or 0)


def _named(session: Session, username: str) -> Account:
    rec = session.scalar(select(Account).where(Account.username == username.strip()))
    if rec is None:
        raise AccountError(f"there is no account named {username!r}")
    return rec


def account_for_token(session: Session, token: str) -> AccountOut | None:
    """The active account a bearer token belongs to, or None for an unknown or revoked token."""
    found = session.execute(
        select(Account)
        .join(ApiToken, ApiToken.account_id == Account.id)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked.is_(False))
    ).scalar_one_or_none()
    return _out(found) if found is not None and found.active else None


def open_session(session: Session, account_id: str, now: datetime, lifetime: timedelta) -> str:
    """A new sign-in session of the account: its random id, returned once (only the hash is kept).

    Expired sessions of every account are deleted on the way, so the table does not grow without bound.
    """
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    session_id = secrets.token_urlsafe(32)
    session.add(LoginSession(id_hash=_token_hash(session_id), account_id=account_id, created_at=now, expires_at=now + lifetime))
    session.flush()
    return session_id


def session_account(session: Session, session_id: str, now: datetime) -> AccountOut | None:
    """The active account of a live session, or None for an unknown, ended or expired one."""
    found = session.execute(
        select(Account)
        .join(LoginSession, LoginSession.account_id == Account.id)
        .where(LoginSession.id_hash == _token_hash(session_id), LoginSession.expires_at > now)
    ).scalar_one_or_none()
    return _out(found) if found is not None and found.active else None


def close_session(session: Session, session_id: str) -> None:
    """End one session (signing out): its cookie, even a copy, no longer signs anyone in."""
    session.execute(delete(LoginSession).where(LoginSession.id_hash == _token_hash(session_id)))


def claim_sign_in(session: Session, username: str, now: datetime, limit: int, window: timedelta) -> timedelta | None:
    """Count a sign-in attempt for ``username`` before its password is checked; None lets it go ahead.

    When the username already has ``limit`` counted attempts in a window that began less than ``window``
    ago, the attempt is not counted and the time left in the window comes back instead. Counting before
    the check (and locking the row) means parallel guesses cannot all slip in under the limit; a
    successful sign-in clears the count (:func:`clear_sign_in_failures`). Usernames that do not exist
    are counted the same way, so the answers do not tell which ones do.
    """
    key = _token_hash(username.strip())
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(LoginFailure).values(username_hash=key, failures=0, window_start=now).on_conflict_do_nothing())
    row = session.scalars(select(LoginFailure).where(LoginFailure.username_hash == key).with_for_update()).one()
    started = _utc(row.window_start)
    if now - started >= window:
        row.failures, row.window_start = 0, now
    elif row.failures >= limit:
        return started + window - now
    row.failures += 1
    session.flush()
    return None


def clear_sign_in_failures(session: Session, username: str, now: datetime, window: timedelta) -> None:
    """After a successful sign-in: the username's count starts again, and counts whose window has passed go."""
    session.execute(
        delete(LoginFailure).where(
            (LoginFailure.username_hash == _token_hash(username.strip())) | (LoginFailure.window_start <= now - window)
        )
    )


def unlock_sign_in(session: Session, username: str) -> bool:
    """Clear the failed sign-in count of ``username`` (a known account or not); True when there was one."""
    result = session.execute(delete(LoginFailure).where(LoginFailure.username_hash == _token_hash(username.strip())))
    return bool(getattr(result, "rowcount", 0))


def _utc(at: datetime) -> datetime:
    """SQLite gives back naive datetimes; everything stored here is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


UNKNOWN_USERNAME = "(unknown username)"


def audit_sign_in(session: Session, username: str, action: SignInAction) -> None:
    """Record a failed or refused sign-in under the account's username, never the password. A username that
    names no account is recorded as ``(unknown username)``: what was typed may be a password in the wrong field."""
    known = session.scalar(select(Account.username).where(Account.username == username.strip()))
    actor = known if known is not None else UNKNOWN_USERNAME
    session.add(AuditEntry(at=datetime.now(UTC), actor=actor, action=action, record_type="sign-in", record_id="-"))


def audit(session: Session, actor: AccountOut, action: AuditAction, record_type: str, record_id: str) -> None:
    """Record one access inside the caller's transaction."""
    session.add(AuditEntry(at=datetime.now(UTC), actor=actor.username, action=action, record_type=record_type, record_id=record_id))


def audit_log(session: Session, limit: int = 200, offset: int = 0) -> list[AuditOut]:
    """The newest entries first."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
    return [AuditOut(at=r.at, actor=r.actor, action=r.action, record_type=r.record_type, record_id=r.record_id) for r in rows]


def count_audit(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def app_secret(store: Store, name: str) -> str:
    """The app's secret of this name, made at random the first time (the first replica to commit wins a race)."""
    with store.reader() as session:
        found = session.get(AppSecret, name)
    if found is not None:
        return found.value
    try:
        with store.transaction() as session:
            session.add(AppSecret(name=name, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process made it first
    with store.reader() as session:
        made = session.get(AppSecret, name)
    assert made is not None
    return made.value
