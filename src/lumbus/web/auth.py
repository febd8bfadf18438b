"""Who is asking: the clinician's session (pages) and bearer tokens (REST API).

The session cookie is signed (itsdangerous), HttpOnly, SameSite=Lax, Secure when configured,
and expires after a working day. It carries a random session id and that session's CSRF token,
which every clinician form must send back. The session itself lives in the store (only the id's
SHA-256): signing out deletes it, so a copied cookie stops working at once, and disabling an
account ends all of its sessions. Failed sign-ins are limited per username (below). Passwords
and tokens are never logged.
"""

from __future__ import annotations

import hmac
import math
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from lumbus.store import Store
from lumbus.store.accounts import (
    AccountOut,
    account_for_token,
    app_secret,
    audit_sign_in,
    authenticate,
    claim_sign_in,
    clear_sign_in_failures,
    close_session,
    open_session,
    session_account,
)
from lumbus.web.deps import get_settings, get_store
from lumbus.web.problems import ProblemError
from lumbus.web.settings import Settings

SESSION_COOKIE = "lumbus_session"
SESSION_SECONDS = 12 * 3600
LOGIN_PATH = "/clinic/login"
_SALT = "lumbus.clinic.session"

SIGN_IN_FAILURES = 5
SIGN_IN_WINDOW = timedelta(minutes=15)
"""After SIGN_IN_FAILURES failed sign-ins for one username within SIGN_IN_WINDOW (counted from the first),
further attempts for that username are refused, unchecked, until the window ends; a success clears the count.

NIST SP 800-63B (rev. 3) section 5.2.2, "Rate Limiting (Throttling)", requires limiting consecutive failed
attempts on an account (to no more than 100) and suggests waiting periods; the OWASP Authentication Cheat
Sheet ("Account Lockout") counts failures per account, not per address, over an observation window with a
lockout duration, and warns that lockouts let others lock an account out. Five in fifteen minutes leaves
room for a few typing mistakes and makes online guessing slow (at most 480 guesses a day per username), and
a lockout lifts by itself within fifteen minutes, with no administrator needed. The costs: anyone who knows
a username can keep it locked by failing five times every fifteen minutes, and guesses spread across
windows can pass 100 in a day (NIST's cap on consecutive failures is not enforced by this window alone).
"""


def utcnow() -> datetime:
    """The app's clock (``app.state.clock``, which tests may replace)."""
    return datetime.now(UTC)


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


class LoginRequired(Exception):
    """A page needs a signed-in clinician (or an admin): the handler sends the browser to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _serializer(request: Request, settings: Settings) -> URLSafeTimedSerializer:
    """Signs with ``LUMBUS_SECRET_KEY``, else with the key kept in the store (read once per process)."""
    key: str | None = getattr(request.app.state, "session_key", None)
    if key is None:
        key = settings.secret_key or app_secret(request.app.state.store, "session")
        request.app.state.session_key = key
    return URLSafeTimedSerializer(key, salt=_SALT)


class SignInLocked(Exception):
    """Too many failed sign-ins for this username lately: refused without checking the password."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__("sign-in locked")
        self.wait = wait

    @property
    def minutes(self) -> int:
        """The wait, in whole minutes rounded up (at least one)."""
        return max(1, math.ceil(self.wait.total_seconds() / 60))

    @property
    def seconds(self) -> int:
        """The wait in whole seconds rounded up (for ``Retry-After``)."""
        return max(1, math.ceil(self.wait.total_seconds()))


def _sign_in(store: Store, username: str, password: str, now: datetime) -> str | None:
    """The new session id of a right username and password, None for a wrong one; :class:`SignInLocked` during a lockout.

    Three short transactions: count the attempt (or refuse it), check the password outside any
    transaction (Argon2 takes a while and SQLite has one writer), then open the session or audit the failure.
    """
    with store.transaction() as session:
        wait = claim_sign_in(session, username, now, SIGN_IN_FAILURES, SIGN_IN_WINDOW)
        if wait is not None:
            audit_sign_in(session, username, "sign-in refused")
    if wait is not None:
        raise SignInLocked(wait)
    with store.reader() as session:
        account = authenticate(session, username, password)
    with store.transaction() as session:
        if account is None:
            audit_sign_in(session, username, "sign-in failed")
            return None
        clear_sign_in_failures(session, username, now, SIGN_IN_WINDOW)
        return open_session(session, account.id, now, timedelta(seconds=SESSION_SECONDS))


async def sign_in(request: Request, store: Store, username: str, password: str) -> str | None:
    """Check a username and password against the failed sign-in limit; the new session's id, or None (see :func:`_sign_in`)."""
    return await run_in_threadpool(_sign_in, store, username, password, _now(request))


def start_session(request: Request, response: Response, settings: Settings, session_id: str) -> None:
    """Put a new session on this response: its id and its own CSRF token, in the signed cookie."""
    value = _serializer(request, settings).dumps({"s": session_id, "c": secrets.token_urlsafe(24)})
    response.set_cookie(
        SESSION_COOKIE, value, max_age=SESSION_SECONDS, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )


def _close(store: Store, session_id: str) -> None:
    with store.transaction() as session:
        close_session(session, session_id)


async def end_session(store: Store, response: Response, settings: Settings, session_id: str) -> None:
    """Sign out: the session is deleted from the store (a copy of the cookie stops working too) and the cookie cleared."""
    await run_in_threadpool(_close, store, session_id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)


def _session(request: Request, settings: Settings) -> dict[str, Any] | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request, settings).loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("s"), str) and isinstance(data.get("c"), str) else None


class Clinician:
    """The signed-in account of a page request, with its session's id and CSRF token."""

    def __init__(self, account: AccountOut, csrf: str, session_id: str) -> None:
        self.account = account
        self.csrf = csrf
        self.session_id = session_id

    def check_csrf(self, sent: str) -> bool:
        return bool(sent) and hmac.compare_digest(sent.encode(), self.csrf.encode())


def _lookup(store: Store, session_id: str, now: datetime) -> AccountOut | None:
    with store.reader() as session:
        return session_account(session, session_id, now)


async def current_clinician(
    request: Request, store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> Clinician:
    """The signed-in clinician or admin of a live session; otherwise (no, ended or expired session) off to the login page."""
    data = _session(request, settings)
    account = await run_in_threadpool(_lookup, store, data["s"], _now(request)) if data else None
    if data is None or account is None:
        raise LoginRequired(request.url.path)
    return Clinician(account, data["c"], data["s"])


async def current_admin(clinician: Annotated[Clinician, Depends(current_clinician)]) -> Clinician:
    if not clinician.account.is_admin:
        raise HTTPException(403, "This page is for administrators.")
    return clinician


def safe_next(path: str) -> str:
    """Where to go after signing in: a path on this site only (never another site's address)."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/clinic/people"


def login_redirect(next_path: str) -> str:
    """The login page's address, coming back to ``next_path``."""
    return f"{LOGIN_PATH}?next={quote(safe_next(next_path), safe='/')}"


def _token_account(store: Store, token: str) -> AccountOut | None:
    with store.reader() as session:
        return account_for_token(session, token)


_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lumbus"'}


_BEARER = HTTPBearer(auto_error=False, description="an API token from `lumbus user token NAME`")


async def api_account(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    _documented: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> AccountOut:
    """The account of an ``Authorization: Bearer <token>`` header (401 problem otherwise).

    ``HTTPBearer`` only puts the scheme in the OpenAPI document; the header is read here for precise errors.
    """
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise ProblemError(401, "unauthorized", "send an API token as 'Authorization: Bearer <token>'", headers=_CHALLENGE)
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(401, "unauthorized", "the Authorization header must be 'Bearer <token>'", headers=_CHALLENGE)
    account = await run_in_threadpool(_token_account, store, token.strip())
    if account is None:
        raise ProblemError(401, "invalid_token", "the API token is unknown or revoked", headers=_CHALLENGE)
    return account


async def api_admin(account: Annotated[AccountOut, Depends(api_account)]) -> AccountOut:
    if not account.is_admin:
        raise ProblemError(403, "forbidden", "this needs an administrator's token")
    return account
