"""Signing keys and tokens of a pretend EHR, for the CDS Hooks tests."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from lumbus.interop.cds_auth import CdsAuthConfig, Issuer

EHR = "https://ehr.example"


def make_signer(open_mode: bool = False) -> tuple[Any, CdsAuthConfig]:
    """An ES384 private key and the configuration that trusts its public half."""
    key = ec.generate_private_key(ec.SECP384R1())
    public = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    public.update(kid="k1", alg="ES384", use="sig")
    return key, CdsAuthConfig(issuers=(Issuer(iss=EHR, jwks={"keys": [public]}),), open_mode=open_mode)


def make_token(key: Any, aud: str, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": EHR, "aud": aud, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4()), **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm="ES384", headers={"kid": "k1"})
