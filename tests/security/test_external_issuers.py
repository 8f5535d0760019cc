"""Tokens from a configured external identity provider, whose JWKS the hub fetches over HTTP."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from joserfc.jwk import ECKey, RSAKey

import gateway.security
from auth.keys import KeyRing
from gateway.settings import ExternalIssuer, Settings
from resolvers.population import Population
from tests.security.support import (
    HubUnderTest,
    JwksServer,
    ask_me,
    assert_unauthenticated,
    claims,
    isolated_settings,
    me_of,
    new_ec_key,
    public_jwks,
    running_hub,
    sign,
)

IDP = "https://idp.partner.example"
IDP_AUDIENCE = "urn:simpul:partners"


@pytest.fixture(scope="module")
async def jwks_server() -> AsyncIterator[JwksServer]:
    server = JwksServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def idp_key(jwks_server: JwksServer) -> ECKey:
    """The provider's signing key, the only one its JWKS serves; no fetch counted yet."""
    key = new_ec_key("idp-2024-a")
    jwks_server.serve(public_jwks(key))
    jwks_server.hits = 0
    return key


async def hub_trusting(
    settings: Settings, folder: Path, jwks_url: str
) -> AsyncIterator[HubUnderTest]:
    KeyRing(folder / "keys").rotate()
    issuer = ExternalIssuer(IDP, jwks_url, IDP_AUDIENCE)
    async with running_hub(isolated_settings(settings, folder, issuer)) as running:
        yield running


@pytest.fixture
async def hub(
    settings: Settings, population: Population, tmp_path: Path, jwks_server: JwksServer
) -> AsyncIterator[HubUnderTest]:
    """A freshly started hub that trusts the provider (it has fetched nothing yet)."""
    async for running in hub_trusting(settings, tmp_path, jwks_server.url):
        yield running


def idp_claims(**changes: Any) -> dict[str, Any]:
    return claims(IDP, **{"aud": IDP_AUDIENCE, **changes})


def idp_token(key: ECKey | RSAKey, **changes: Any) -> str:
    alg = "RS256" if isinstance(key, RSAKey) else "ES256"
    return sign(key, idp_claims(**changes), kid=key.kid, alg=alg)


async def test_external_token_is_accepted_with_its_claims(
    hub: HubUnderTest, idp_key: ECKey, jwks_server: JwksServer
) -> None:
    token = idp_token(
        idp_key, sub="partner-app", scope="logistics:read", regions=["35.78"], purpose="relief"
    )
    assert await me_of(hub.http, token) == {
        "clientId": "partner-app",
        "authenticated": True,
        "scopes": ["logistics:read"],
        "regions": ["35.78"],
        "purpose": "relief",
    }
    assert jwks_server.hits == 1


async def test_external_rs256_token_is_accepted(hub: HubUnderTest, jwks_server: JwksServer) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "idp-rsa", "alg": "RS256"}, private=True)
    jwks_server.serve(public_jwks(key))
    assert (await me_of(hub.http, idp_token(key, sub="rsa-app")))["clientId"] == "rsa-app"


async def test_unknown_kid_triggers_one_refetch_after_the_provider_rotates(
    hub: HubUnderTest,
    idp_key: ECKey,
    jwks_server: JwksServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gateway.security, "KEY_REFRESH_INTERVAL", 0.0)
    await me_of(hub.http, idp_token(idp_key))
    assert jwks_server.hits == 1
    rotated = new_ec_key("idp-2024-b")
    jwks_server.serve(public_jwks(idp_key, rotated))
    assert (await me_of(hub.http, idp_token(rotated, sub="after")))["clientId"] == "after"
    assert jwks_server.hits == 2
    await me_of(hub.http, idp_token(rotated))
    await me_of(hub.http, idp_token(idp_key))
    assert jwks_server.hits == 2


async def test_unknown_kids_within_the_refresh_interval_do_not_refetch(
    hub: HubUnderTest, idp_key: ECKey, jwks_server: JwksServer
) -> None:
    await me_of(hub.http, idp_token(idp_key))
    for n in range(3):
        stranger = new_ec_key(f"made-up-{n}")
        assert_unauthenticated(await ask_me(hub.http, idp_token(stranger)))
    assert jwks_server.hits == 1


async def test_external_token_for_the_hubs_own_audience_is_refused(
    hub: HubUnderTest, idp_key: ECKey
) -> None:
    assert_unauthenticated(await ask_me(hub.http, idp_token(idp_key, aud="simpul")))


async def test_external_token_for_another_audience_is_refused(
    hub: HubUnderTest, idp_key: ECKey
) -> None:
    assert_unauthenticated(await ask_me(hub.http, idp_token(idp_key, aud="payroll-api")))


async def test_token_claiming_the_provider_but_signed_by_the_hub_key_is_refused(
    hub: HubUnderTest, idp_key: ECKey
) -> None:
    hub_key = hub.security.keyring.current()
    token = sign(hub_key.key, idp_claims(regions=["*"]), kid=hub_key.kid)
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_claiming_the_hub_but_signed_by_the_provider_key_is_refused(
    hub: HubUnderTest, idp_key: ECKey
) -> None:
    await me_of(hub.http, idp_token(idp_key))  # the provider's keys are loaded
    token = sign(idp_key, claims(hub.settings.issuer), kid=idp_key.kid)
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_external_token_is_refused_when_the_jwks_is_unreachable(
    settings: Settings, population: Population, tmp_path: Path, idp_key: ECKey
) -> None:
    closed = JwksServer()
    await closed.start()
    url = closed.url
    await closed.stop()
    async for unreachable in hub_trusting(settings, tmp_path, url):
        assert_unauthenticated(await ask_me(unreachable.http, idp_token(idp_key)))


@pytest.mark.parametrize(
    "document", [{}, {"error": "temporarily_unavailable"}, [], {"keys": None}], ids=repr
)
async def test_a_malformed_jwks_document_refuses_the_token_with_401_not_500(
    hub: HubUnderTest, idp_key: ECKey, jwks_server: JwksServer, document: Any
) -> None:
    jwks_server.serve(document)
    assert_unauthenticated(await ask_me(hub.http, idp_token(idp_key)))
