"""POST /oauth/token, the JWKS and the RFC 8414 metadata."""

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from auth.clients import NewClient
from auth.scopes import SCOPES
from auth.tokens import AUDIENCE
from gateway.oauth import MAX_FORM_BYTES
from tests.security.support import (
    TOKEN_PATH,
    HubUnderTest,
    header_of,
    me_of,
    request_token,
)

PARTNER_SCOPES = frozenset({"registry:read", "regional:read"})
PARTNER_REGIONS = ("32.04",)
PARTNER_PURPOSE = "bansos-verification"


@pytest.fixture(scope="module")
async def partner(hub: HubUnderTest) -> NewClient:
    return await hub.security.clients.add(
        "Dinsos Kabupaten Bandung", PARTNER_SCOPES, PARTNER_REGIONS, PARTNER_PURPOSE
    )


async def ask(hub: HubUnderTest, partner: NewClient, *, basic: bool = True, **form: str) -> Any:
    return await request_token(
        hub.http, partner.client.client_id, partner.secret, basic=basic, **form
    )


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert "access_token" not in body


# --- success --------------------------------------------------------------------------------


@pytest.mark.parametrize("basic", [True, False], ids=["client_secret_basic", "client_secret_post"])
async def test_client_credentials_grant_issues_a_bearer_token(
    hub: HubUnderTest, partner: NewClient, basic: bool
) -> None:
    response = await ask(hub, partner, basic=basic)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == hub.settings.token_ttl
    assert body["scope"] == "regional:read registry:read"
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2


async def test_token_response_is_not_cacheable(hub: HubUnderTest, partner: NewClient) -> None:
    response = await ask(hub, partner)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


@pytest.mark.parametrize("basic", [True, False], ids=["client_secret_basic", "client_secret_post"])
async def test_issued_token_carries_exactly_the_registered_grant(
    hub: HubUnderTest, partner: NewClient, basic: bool
) -> None:
    token = (await ask(hub, partner, basic=basic)).json()["access_token"]
    assert await me_of(hub.http, token) == {
        "clientId": partner.client.client_id,
        "authenticated": True,
        "scopes": sorted(PARTNER_SCOPES),
        "regions": list(PARTNER_REGIONS),
        "purpose": PARTNER_PURPOSE,
    }


async def test_issued_token_has_the_contract_claims_and_lifetime(
    hub: HubUnderTest, partner: NewClient
) -> None:
    token = (await ask(hub, partner)).json()["access_token"]
    keys = KeySet.import_key_set((await hub.http.get("/.well-known/jwks.json")).json())
    decoded = jwt.decode(token, keys, algorithms=["ES256"])
    claims = decoded.claims
    assert decoded.header["alg"] == "ES256"
    assert claims["iss"] == hub.settings.issuer
    assert claims["sub"] == partner.client.client_id
    assert claims["aud"] == AUDIENCE
    assert claims["exp"] - claims["iat"] == hub.settings.token_ttl
    assert claims["jti"]
    assert claims["scope"] == "regional:read registry:read"
    assert claims["regions"] == ["32.04"]
    assert claims["purpose"] == PARTNER_PURPOSE


async def test_asking_fewer_scopes_gives_a_token_with_only_those(
    hub: HubUnderTest, partner: NewClient
) -> None:
    response = await ask(hub, partner, scope="registry:read")
    assert response.json()["scope"] == "registry:read"
    me = await me_of(hub.http, response.json()["access_token"])
    assert me["scopes"] == ["registry:read"]


async def test_asking_a_narrower_region_gives_a_token_with_only_it(
    hub: HubUnderTest, partner: NewClient
) -> None:
    response = await ask(hub, partner, regions="32.04.05")
    assert response.status_code == 200, response.text
    me = await me_of(hub.http, response.json()["access_token"])
    assert me["regions"] == ["32.04.05"]


async def test_asking_the_registered_purpose_is_accepted(
    hub: HubUnderTest, partner: NewClient
) -> None:
    response = await ask(hub, partner, purpose=PARTNER_PURPOSE)
    assert response.status_code == 200, response.text


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("basic", [True, False], ids=["client_secret_basic", "client_secret_post"])
async def test_wrong_secret_is_invalid_client_401(
    hub: HubUnderTest, partner: NewClient, basic: bool
) -> None:
    response = await request_token(
        hub.http, partner.client.client_id, partner.secret + "x", basic=basic
    )
    assert_oauth_error(response, 401, "invalid_client")


@pytest.mark.parametrize("basic", [True, False], ids=["client_secret_basic", "client_secret_post"])
async def test_unknown_client_is_invalid_client(hub: HubUnderTest, basic: bool) -> None:
    response = await request_token(hub.http, "simpul-0000000000000000", "whatever", basic=basic)
    assert response.status_code in (400, 401)
    assert_oauth_error(response, response.status_code, "invalid_client")


async def test_basic_credentials_that_are_not_utf8_are_invalid_client(
    hub: HubUnderTest, partner: NewClient
) -> None:
    """As sent by clients that encode Basic credentials in Latin-1 (a mistyped secret)."""
    credentials = f"{partner.client.client_id}:".encode() + "s\xe9cret".encode("latin-1")
    response = await hub.http.post(
        TOKEN_PATH,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {base64.b64encode(credentials).decode()}"},
    )
    assert_oauth_error(response, 401, "invalid_client")


async def test_disabled_client_is_invalid_client(hub: HubUnderTest) -> None:
    created = await hub.security.clients.add(
        "Disabled partner", frozenset({"registry:read"}), ("32",), None
    )
    assert await hub.security.clients.disable(created.client.client_id)
    response = await request_token(hub.http, created.client.client_id, created.secret)
    assert_oauth_error(response, 401, "invalid_client")


async def test_asking_a_scope_not_registered_is_invalid_scope(
    hub: HubUnderTest, partner: NewClient
) -> None:
    response = await ask(hub, partner, scope="registry:read registry:pii")
    assert_oauth_error(response, 400, "invalid_scope")


async def test_asking_an_unknown_scope_is_invalid_scope(
    hub: HubUnderTest, partner: NewClient
) -> None:
    response = await ask(hub, partner, scope="registry:read root:admin")
    assert_oauth_error(response, 400, "invalid_scope")


@pytest.mark.parametrize("regions", ["32.05", "32", "*", "32.04 32.05", "32.040", "32.0"])
async def test_asking_a_region_outside_the_registered_ones_is_invalid_scope(
    hub: HubUnderTest, partner: NewClient, regions: str
) -> None:
    response = await ask(hub, partner, regions=regions)
    assert_oauth_error(response, 400, "invalid_scope")


async def test_asking_another_purpose_is_refused(hub: HubUnderTest, partner: NewClient) -> None:
    response = await ask(hub, partner, purpose="marketing")
    assert response.status_code == 400, response.text
    assert response.json()["error"] in {"invalid_request", "invalid_scope"}
    assert "access_token" not in response.json()


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", "refresh_token", ""])
async def test_unsupported_grant_type_is_refused(
    hub: HubUnderTest, partner: NewClient, grant_type: str
) -> None:
    response = await ask(hub, partner, grant_type=grant_type)
    assert_oauth_error(response, 400, "unsupported_grant_type")


async def test_oversized_body_is_413(hub: HubUnderTest, partner: NewClient) -> None:
    response = await ask(hub, partner, padding="x" * (MAX_FORM_BYTES + 1))
    assert response.status_code == 413
    assert "access_token" not in response.json()


async def test_oversized_body_is_refused_without_reading_it_all(hub: HubUnderTest) -> None:
    """The 413 exists to bound memory: the hub must stop reading once past the limit."""
    size, chunks = 16_384, 256  # 4 MiB offered
    pulled = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield b"grant_type=client_credentials&padding="
        for _ in range(chunks):
            pulled += 1
            yield b"x" * size

    response = await hub.http.post(
        TOKEN_PATH,
        content=body(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    read = pulled * size
    assert read <= 4 * MAX_FORM_BYTES + size, f"read {read} bytes before refusing"


# --- key publication ------------------------------------------------------------------------


async def test_jwks_lists_public_signing_keys_only(hub: HubUnderTest) -> None:
    response = await hub.http.get("/.well-known/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys
    for key in keys:
        assert "d" not in key
        assert key["kty"] == "EC" and key["crv"] == "P-256"
        assert key["alg"] == "ES256"
        assert key["kid"]
    assert hub.security.keyring.current().kid in {key["kid"] for key in keys}


async def test_jwks_verifies_the_tokens_the_hub_issues(
    hub: HubUnderTest, partner: NewClient
) -> None:
    token = (await ask(hub, partner)).json()["access_token"]
    keys = KeySet.import_key_set((await hub.http.get("/.well-known/jwks.json")).json())
    assert header_of(token)["kid"] in {key.kid for key in keys}
    assert jwt.decode(token, keys, algorithms=["ES256"]).claims["sub"] == partner.client.client_id


async def test_authorization_server_metadata_describes_the_token_endpoint(
    hub: HubUnderTest,
) -> None:
    response = await hub.http.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    metadata = response.json()
    issuer = hub.settings.issuer
    assert metadata["issuer"] == issuer
    assert metadata["token_endpoint"] == f"{issuer.rstrip('/')}/oauth/token"
    assert metadata["jwks_uri"] == f"{issuer.rstrip('/')}/.well-known/jwks.json"
    assert metadata["grant_types_supported"] == ["client_credentials"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }
    assert set(metadata["scopes_supported"]) == SCOPES


async def test_plain_http_to_a_public_host_is_a_typed_refusal(
    hub: HubUnderTest, partner: NewClient
) -> None:
    # A TLS proxy whose X-Forwarded-Proto the hub does not trust looks like plain HTTP.
    transport = httpx.ASGITransport(app=hub.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://simpul.test") as http:
        response = await request_token(http, partner.client.client_id, partner.secret)
    assert_oauth_error(response, 400, "invalid_request")
    assert response.json()["error_description"] == "HTTPS is required"
