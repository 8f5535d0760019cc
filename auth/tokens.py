"""Access tokens: JWTs signed by the hub (or a trusted external issuer) and what they grant."""

import json
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact
from joserfc.jwt import JWTClaimsRegistry

from auth.keys import ALGORITHM, KeyRing
from auth.principal import Principal
from auth.regions import RegionScope
from auth.scopes import UnknownScope, parse_scopes

AUDIENCE = "simpul"
ACCEPTED_ALGORITHMS = ["ES256", "RS256"]
DEFAULT_TTL = 3600
MAX_TTL = 24 * 3600
CLOCK_SKEW = 30
MAX_TOKEN_LENGTH = 8192


class InvalidToken(Exception):
    """A token that grants nothing; the reason is for the server log, not the caller."""


class UnknownKey(InvalidToken):
    """Signed with a key id the verifier does not hold (yet): worth refreshing the keys."""


@dataclass(frozen=True, slots=True)
class Grant:
    subject: str
    scopes: frozenset[str]
    regions: tuple[str, ...]
    purpose: str | None


class TokenIssuer:
    def __init__(self, keyring: KeyRing, issuer: str) -> None:
        self.keyring = keyring
        self.issuer = issuer

    def issue(self, grant: Grant, ttl: int = DEFAULT_TTL) -> str:
        if not 0 < ttl <= MAX_TTL:
            raise ValueError(f"a token lives between 1 and {MAX_TTL} seconds")
        key = self.keyring.current()
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": grant.subject,
            "aud": AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": secrets.token_urlsafe(16),
            "scope": " ".join(sorted(grant.scopes)),
            "regions": list(grant.regions),
            "purpose": grant.purpose,
        }
        return jwt.encode({"alg": ALGORITHM, "kid": key.kid, "typ": "JWT"}, claims, key.key)


@dataclass
class TrustedIssuer:
    """An issuer whose tokens are accepted: the hub itself or an external identity provider."""

    issuer: str
    keys: KeySet
    audience: str = AUDIENCE


@dataclass(frozen=True, slots=True)
class _Verified:
    principal: Principal
    not_before: float
    expires: float
    issuer: str


class TokenVerifier:
    """Checks tokens against the trusted issuers' keys.

    A token whose signature and claims were checked is remembered (by its exact text) until
    it expires, so a client that sends the same token on every request pays for the
    signature once; a remembered token is still refused outside its validity window, and
    every change of keys (a rotation, a retirement, a refreshed JWKS) forgets them all.
    """

    def __init__(self, issuers: Iterable[TrustedIssuer], remembered: int = 4096) -> None:
        self._issuers = {issuer.issuer: issuer for issuer in issuers}
        self._verified: dict[str, _Verified] = {}
        self._remembered = remembered

    def replace_keys(self, issuer: str, keys: KeySet) -> None:
        self._issuers[issuer].keys = keys
        self._verified.clear()

    def remembered_issuer(self, token: str) -> str | None:
        """The issuer of a token verified before and not forgotten since (``verify`` still
        checks its lifetime), else None."""
        known = self._verified.get(token)
        return None if known is None else known.issuer

    def issuer_of(self, token: str) -> TrustedIssuer:
        """The trusted issuer a token names; its signature is checked afterwards."""
        if len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken("token too long")
        try:
            claims = json.loads(extract_compact(token.encode("ascii")).payload)
        except (JoseError, ValueError, UnicodeError, RecursionError) as error:
            raise InvalidToken("malformed token") from error
        trusted = self._issuers.get(str(claims.get("iss"))) if isinstance(claims, dict) else None
        if trusted is None:
            raise InvalidToken("untrusted issuer")
        return trusted

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            now = time.time()
            if known.not_before - CLOCK_SKEW <= now <= known.expires + CLOCK_SKEW:
                return known.principal
            del self._verified[token]
        principal, claims = self._checked(token)
        if len(self._verified) >= self._remembered:
            self._verified.clear()
        not_before = claims.get("nbf", 0)
        self._verified[token] = _Verified(
            principal,
            float(not_before) if isinstance(not_before, int | float) else 0.0,
            float(claims["exp"]),
            str(claims["iss"]),
        )
        return principal

    def verified_claims(self, token: str) -> Mapping[str, Any]:
        """The claims of a token whose signature, issuer, audience and lifetime hold."""
        return self._checked(token)[1]

    def _checked(self, token: str) -> tuple[Principal, Mapping[str, Any]]:
        trusted = self.issuer_of(token)
        try:
            decoded = jwt.decode(token, trusted.keys, algorithms=ACCEPTED_ALGORITHMS)
        except InvalidKeyIdError as error:
            raise UnknownKey(str(error)) from error
        except (JoseError, ValueError) as error:
            raise InvalidToken(str(error)) from error
        try:
            _claims_rules(trusted).validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise InvalidToken(str(error)) from error
        return principal_from(decoded.claims), decoded.claims


def _claims_rules(trusted: TrustedIssuer) -> JWTClaimsRegistry:
    return JWTClaimsRegistry(
        leeway=CLOCK_SKEW,
        iss={"essential": True, "value": trusted.issuer},
        aud={"essential": True, "value": trusted.audience},
        exp={"essential": True},
        sub={"essential": True},
    )


def principal_from(claims: Mapping[str, Any]) -> Principal:
    regions = claims.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise InvalidToken("regions claim must be a list of region prefixes")
    try:
        scopes = parse_scopes(str(claims.get("scope", "")))
    except UnknownScope as error:
        raise InvalidToken(str(error)) from error
    purpose = claims.get("purpose")
    return Principal(
        client_id=str(claims["sub"]),
        scopes=scopes,
        regions=RegionScope.of(regions),
        purpose=purpose if isinstance(purpose, str) else None,
        token_id=str(claims.get("jti")) if claims.get("jti") else None,
    )


def regions_within(requested: Sequence[str], granted: Sequence[str]) -> bool:
    scope = RegionScope.of(granted)
    return all(scope.allows(code) or (scope.national and code == "*") for code in requested)
