"""The EHR's signed JWT on a CDS Hooks call (CDS Hooks 2.0, "Trusting CDS Clients").

Each trusted client is an issuer with its public keys (a JWK Set, kept in configuration:
Lumbus fetches nothing at run time). A token is accepted only when it is signed with one of
those keys by an asymmetric algorithm, names this service as its audience, is unexpired and
carries a ``jti``. Open mode accepts calls without a token and exists for local development only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

#: asymmetric algorithms only: "none" and shared-secret HMAC are refused
ALGORITHMS = ["ES384", "RS384", "ES256", "RS256", "ES512", "RS512"]


class TokenError(ValueError):
    """Why a bearer token was refused (becomes a 401 with this message)."""


@dataclass(frozen=True)
class Issuer:
    iss: str
    jwks: Mapping[str, Any]


@dataclass(frozen=True)
class CdsAuthConfig:
    audience: str | None = None
    """this service's URL as the client calls it; None means the request URL is used"""
    issuers: tuple[Issuer, ...] = ()
    open_mode: bool = False
    leeway_seconds: int = field(default=30)

    @classmethod
    def from_env(cls) -> CdsAuthConfig:
        """``LUMBUS_CDS_ISSUERS`` (a JSON file: [{"iss": ..., "jwks": {"keys": [...]}}]),
        ``LUMBUS_CDS_AUDIENCE`` and ``LUMBUS_CDS_OPEN=1`` (development only)."""
        path = os.environ.get("LUMBUS_CDS_ISSUERS")
        issuers: tuple[Issuer, ...] = ()
        if path:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            issuers = tuple(Issuer(iss=i["iss"], jwks=i["jwks"]) for i in raw)
        return cls(
            audience=os.environ.get("LUMBUS_CDS_AUDIENCE") or None,
            issuers=issuers,
            open_mode=os.environ.get("LUMBUS_CDS_OPEN") == "1",
        )


def verify(authorization: str | None, config: CdsAuthConfig, audience: str) -> dict[str, Any] | None:
    """The token's claims, or None in open mode without a token. Raises :class:`TokenError`."""
    if not authorization:
        if config.open_mode:
            return None
        raise TokenError("missing bearer token")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise TokenError("the Authorization header must be 'Bearer <JWT>'")
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise TokenError(f"malformed token: {exc}") from exc
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise TokenError(f"token algorithm {alg!r} is not accepted (use one of {', '.join(ALGORITHMS)})")
    issuer = next((i for i in config.issuers if i.iss == unverified.get("iss")), None)
    if issuer is None:
        raise TokenError(f"issuer {unverified.get('iss')!r} is not trusted")
    key = _key(issuer, header.get("kid"))
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=config.audience or audience,
            issuer=issuer.iss,
            leeway=config.leeway_seconds,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token has expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise TokenError("token is for another audience") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise TokenError(f"token lacks the {exc.claim!r} claim") from exc
    except jwt.PyJWTError as exc:
        raise TokenError(f"token rejected: {exc}") from exc
    return claims


def _key(issuer: Issuer, kid: str | None) -> Any:
    try:
        keys = jwt.PyJWKSet.from_dict(dict(issuer.jwks)).keys
    except jwt.PyJWTError as exc:
        raise TokenError(f"the configured keys of {issuer.iss!r} are unusable: {exc}") from exc
    for k in keys:
        if kid is None or k.key_id == kid:
            return k.key
    raise TokenError(f"no key {kid!r} configured for issuer {issuer.iss!r}")
