"""Caller-context tokens: what the hub tells an agency's node about the caller behind a call.

The hub signs one per agency and request with its own keys, for the agency's audience only,
naming the end client (or the public), its purpose, its regions, its scopes of that agency
(and of oversight) and the request id, so that the agency can enforce its own rules and
keep its own log. They live a minute.
"""

import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from auth.keys import ALGORITHM, KeyRing
from auth.principal import Principal
from auth.tokens import InvalidToken, TokenVerifier, TrustedIssuer, principal_from

CALLER_CONTEXT_TTL = 60
TOKEN_TYPE = "simpul-caller+jwt"  # noqa: S105 - a media type, not a secret


# What a token for a write is good for: that operation, with input of that fingerprint.
Write = tuple[str, str]


@dataclass(frozen=True, slots=True)
class CallerContext:
    """A verified caller-context token: who asks, and under which request of the hub; for
    a write, which one (a token for a write is good for that write only)."""

    principal: Principal
    request_id: str
    write: Write | None = None


# The subject of a token for a caller without a client: the public (Cek Bansos, complaints).
PUBLIC_CALLER = "public"


def agency_scopes(principal: Principal, agency: str, also: Iterable[str] = ()) -> list[str]:
    """The caller's scopes of the agency, and of ``also`` the ones it holds (what the
    agency's reads and writes ask: ``oversight:read`` for its checks…)."""
    named = frozenset(also)
    return sorted(s for s in principal.scopes if s.startswith(f"{agency}:") or s in named)


def issue_caller_context(
    keyring: KeyRing,
    issuer: str,
    audience: str,
    agency: str,
    principal: Principal,
    request_id: str,
    also: Iterable[str] = (),
    write: Write | None = None,
) -> str:
    key = keyring.current()
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": principal.client_id or PUBLIC_CALLER,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + CALLER_CONTEXT_TTL,
        "jti": secrets.token_urlsafe(16),
        "scope": " ".join(agency_scopes(principal, agency, also)),
        "regions": list(principal.regions.prefixes),
        "purpose": principal.purpose,
        "request_id": request_id,
    }
    if write is not None:
        operation, fingerprint = write
        claims["write"] = {"operation": operation, "fingerprint": fingerprint}
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": TOKEN_TYPE}
    return jwt.encode(header, claims, key.key)


class CallerContextVerifier:
    """Checks caller-context tokens at an agency node against the hub's published keys."""

    def __init__(self, issuer: str, audience: str, keys: KeySet | None = None) -> None:
        self._issuer = issuer
        self._verifier = TokenVerifier([TrustedIssuer(issuer, keys or KeySet([]), audience)])

    def replace_keys(self, keys: KeySet) -> None:
        self._verifier.replace_keys(self._issuer, keys)

    def verify(self, token: str) -> CallerContext:
        claims = self._verifier.verified_claims(token)
        request_id = claims.get("request_id")
        if not isinstance(request_id, str) or not request_id:
            raise InvalidToken("no request id: not a caller-context token")
        if not claims.get("sub"):
            raise InvalidToken("no subject")
        return CallerContext(principal_from(claims), request_id, _write(claims.get("write")))


def _write(claim: Any) -> Write | None:
    if claim is None:
        return None
    operation = claim.get("operation") if isinstance(claim, dict) else None
    fingerprint = claim.get("fingerprint") if isinstance(claim, dict) else None
    if not isinstance(operation, str) or not isinstance(fingerprint, str):
        raise InvalidToken("a malformed write claim")
    return operation, fingerprint
