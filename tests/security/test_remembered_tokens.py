"""A verified token is remembered to spare the signature check, never to stretch its validity:
it is refused once expired, and any change of keys forgets every remembered token."""

import time
from typing import Any

import pytest
from joserfc.jwk import KeySet

from auth.tokens import AUDIENCE, CLOCK_SKEW, InvalidToken, TokenVerifier, TrustedIssuer
from tests.security.support import claims, new_ec_key, sign

ISSUER = "https://hub.example"


def verifier_and_key() -> tuple[TokenVerifier, Any]:
    key = new_ec_key("k1")
    keys = KeySet([key])
    return TokenVerifier([TrustedIssuer(ISSUER, keys, AUDIENCE)]), key


def test_a_remembered_token_is_not_verified_again(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier, key = verifier_and_key()
    token = sign(key, claims(ISSUER), kid="k1")
    first = verifier.verify(token)
    checks: list[str] = []
    monkeypatch.setattr(verifier, "_checked", lambda t: checks.append(t))
    assert verifier.verify(token) == first
    assert checks == []


def test_a_remembered_token_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier, key = verifier_and_key()
    token = sign(key, claims(ISSUER), kid="k1")
    verifier.verify(token)
    later = time.time() + 300 + CLOCK_SKEW + 5
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(InvalidToken):
        verifier.verify(token)


def test_new_keys_forget_remembered_tokens() -> None:
    verifier, key = verifier_and_key()
    token = sign(key, claims(ISSUER), kid="k1")
    verifier.verify(token)
    verifier.replace_keys(ISSUER, KeySet([new_ec_key("k2")]))  # k1 retired
    with pytest.raises(InvalidToken):
        verifier.verify(token)


def test_a_forged_copy_of_a_remembered_token_is_still_checked() -> None:
    verifier, key = verifier_and_key()
    payload = claims(ISSUER)
    verifier.verify(sign(key, payload, kid="k1"))
    forged = sign(new_ec_key("k1"), payload | {"regions": ["*"]}, kid="k1")
    with pytest.raises(InvalidToken):
        verifier.verify(forged)


def test_the_memory_is_bounded() -> None:
    key = new_ec_key("k1")
    verifier = TokenVerifier([TrustedIssuer(ISSUER, KeySet([key]), AUDIENCE)], remembered=3)
    for _ in range(10):
        verifier.verify(sign(key, claims(ISSUER), kid="k1"))
    assert len(verifier._verified) <= 3
