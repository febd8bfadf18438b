"""Who is asking: the clinician's session cookie (pages) and bearer tokens (REST API).

The session cookie is signed (itsdangerous), HttpOnly, SameSite=Lax, Secure when configured,
and expires after a working day. It carries the account id and that session's CSRF token,
which every clinician form must send back. Passwords and tokens are never logged.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from lumbus.store import Store
from lumbus.store.accounts import AccountOut, account_for_token, app_secret, get_account
from lumbus.web.deps import get_settings, get_store
from lumbus.web.problems import ProblemError
from lumbus.web.settings import Settings

SESSION_COOKIE = "lumbus_session"
SESSION_SECONDS = 12 * 3600
LOGIN_PATH = "/clinic/login"
_SALT = "lumbus.clinic.session"


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


def start_session(request: Request, response: Response, settings: Settings, account: AccountOut) -> None:
    """Sign the account in on this response: a new session with its own CSRF token."""
    value = _serializer(request, settings).dumps({"a": account.id, "c": secrets.token_urlsafe(24)})
    response.set_cookie(
        SESSION_COOKIE, value, max_age=SESSION_SECONDS, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )


def end_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)


def _session(request: Request, settings: Settings) -> dict[str, Any] | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request, settings).loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("a"), str) and isinstance(data.get("c"), str) else None


class Clinician:
    """The signed-in account of a page request, with its session's CSRF token."""

    def __init__(self, account: AccountOut, csrf: str) -> None:
        self.account = account
        self.csrf = csrf

    def check_csrf(self, sent: str) -> bool:
        return bool(sent) and hmac.compare_digest(sent.encode(), self.csrf.encode())


def _lookup(store: Store, account_id: str) -> AccountOut | None:
    with store.reader() as session:
        return get_account(session, account_id)


async def current_clinician(
    request: Request, store: Annotated[Store, Depends(get_store)], settings: Annotated[Settings, Depends(get_settings)]
) -> Clinician:
    """The signed-in clinician or admin; otherwise off to the login page."""
    data = _session(request, settings)
    account = await run_in_threadpool(_lookup, store, data["a"]) if data else None
    if data is None or account is None:
        raise LoginRequired(request.url.path)
    return Clinician(account, data["c"])


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
