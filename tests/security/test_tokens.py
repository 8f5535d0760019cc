"""Bearer tokens on /graphql: only an intact, current hub token for this audience is honoured.

Every refusal is the whole request: HTTP 401, ``data: null``, code ``UNAUTHENTICATED``.
"""

import json
from typing import Any

import pytest

from auth.keys import SigningKey
from auth.tokens import CLOCK_SKEW
from tests.conftest import mint
from tests.security.support import (
    ME,
    HubUnderTest,
    ask_me,
    assert_unauthenticated,
    b64json,
    b64url,
    claims,
    me_of,
    new_ec_key,
    request_token,
    sign,
    sign_hs256,
    unsigned,
    with_payload,
)

PUBLIC_REGIONS = "{ regions { code level } }"
PUBLIC_REGION = '{ region(code: "32.04") { code name } }'
HOUSEHOLDS = "{ households(first: 1) { totalCount } }"
REGIONS_AND_HOUSEHOLDS = "{ regions { code } households(first: 1) { totalCount } }"


def hub_key(hub: HubUnderTest) -> SigningKey:
    return hub.security.keyring.current()


def hub_claims(hub: HubUnderTest, **changes: Any) -> dict[str, Any]:
    return claims(hub.settings.issuer, **changes)


def signed_by_hub(hub: HubUnderTest, payload: dict[str, Any]) -> str:
    key = hub_key(hub)
    return sign(key.key, payload, kid=key.kid)


async def test_hand_built_hub_token_is_accepted(hub: HubUnderTest) -> None:
    """The control for every refusal below: the same construction, untampered, works."""
    me = await me_of(hub.http, signed_by_hub(hub, hub_claims(hub)))
    assert me == {
        "clientId": "forger-client",
        "authenticated": True,
        "scopes": ["registry:read"],
        "regions": ["32.04"],
        "purpose": "testing",
    }


async def test_unsigned_alg_none_token_is_refused_with_401(hub: HubUnderTest) -> None:
    token = unsigned(hub_claims(hub, regions=["*"]), kid=hub_key(hub).kid)
    assert_unauthenticated(await ask_me(hub.http, token))


@pytest.mark.parametrize("material", ["pem", "jwk-json", "x-coordinate"])
async def test_hs256_token_keyed_with_the_hubs_public_key_is_refused_with_401(
    hub: HubUnderTest, material: str
) -> None:
    key = hub_key(hub)
    public = key.public()
    secret = {
        "pem": key.key.as_pem(private=False),
        "jwk-json": json.dumps(public).encode(),
        "x-coordinate": str(public["x"]).encode(),
    }[material]
    token = sign_hs256(hub_claims(hub, regions=["*"]), secret, kid=key.kid)
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_with_modified_payload_is_refused_with_401(hub: HubUnderTest) -> None:
    genuine = signed_by_hub(hub, hub_claims(hub))
    escalated = with_payload(genuine, hub_claims(hub, regions=["*"], scope="registry:pii"))
    assert_unauthenticated(await ask_me(hub.http, escalated))


async def test_token_signed_by_an_unknown_key_with_unknown_kid_is_refused_with_401(
    hub: HubUnderTest,
) -> None:
    stranger = new_ec_key("stranger-1")
    token = sign(stranger, hub_claims(hub), kid="stranger-1")
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_signed_by_an_unknown_key_under_the_hubs_kid_is_refused_with_401(
    hub: HubUnderTest,
) -> None:
    token = sign(new_ec_key("x"), hub_claims(hub), kid=hub_key(hub).kid)
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_expired_token_is_refused_with_401(hub: HubUnderTest) -> None:
    payload = hub_claims(hub)
    payload.update(iat=payload["iat"] - 600, nbf=payload["nbf"] - 600)
    payload["exp"] = payload["iat"] + 600 - CLOCK_SKEW - 60
    assert_unauthenticated(await ask_me(hub.http, signed_by_hub(hub, payload)))


async def test_not_yet_valid_token_is_refused_with_401(hub: HubUnderTest) -> None:
    payload = hub_claims(hub)
    payload["nbf"] += CLOCK_SKEW + 120
    payload["exp"] += CLOCK_SKEW + 120
    assert_unauthenticated(await ask_me(hub.http, signed_by_hub(hub, payload)))


async def test_token_for_another_audience_is_refused_with_401(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, aud="some-other-api"))
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_from_another_issuer_is_refused_with_401(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, iss="https://impostor.example"))
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_without_exp_is_refused_with_401(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, drop=["exp"]))
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_without_sub_is_refused_with_401(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, drop=["sub"]))
    assert_unauthenticated(await ask_me(hub.http, token))


@pytest.mark.parametrize("regions", ["*", "32.04", None, {"32": True}, [32]])
async def test_token_whose_regions_claim_is_not_a_list_of_strings_is_refused_with_401(
    hub: HubUnderTest, regions: object
) -> None:
    token = signed_by_hub(hub, hub_claims(hub, regions=regions))
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_with_an_unknown_scope_is_refused_with_401(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, scope="registry:read root:admin"))
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_with_a_deeply_nested_payload_is_refused_with_401(hub: HubUnderTest) -> None:
    """About 11 KB, well within what an HTTP server lets through in one header."""
    nested = b"[" * 4000 + b"]" * 4000
    token = f"{b64json({'alg': 'ES256', 'kid': hub_key(hub).kid})}.{b64url(nested)}.AAAA"
    assert_unauthenticated(await ask_me(hub.http, token))


async def test_token_of_a_client_disabled_after_issuance_stops_working_at_once(
    hub: HubUnderTest,
) -> None:
    created = await hub.security.clients.add(
        "Soon disabled", frozenset({"registry:read"}), ("32.04",), "testing"
    )
    response = await request_token(hub.http, created.client.client_id, created.secret)
    token = response.json()["access_token"]
    assert (await me_of(hub.http, token))["clientId"] == created.client.client_id
    assert await hub.security.clients.disable(created.client.client_id)
    assert_unauthenticated(await ask_me(hub.http, token))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Basic abc", "Bearer a.b", "Bearer a.b.c", "garbage", "", "Token x"],
)
async def test_malformed_authorization_header_is_refused_with_401(
    hub: HubUnderTest, header: str
) -> None:
    response = await hub.http.post(
        "/graphql", json={"query": ME}, headers={"Authorization": header}
    )
    assert_unauthenticated(response)


async def test_a_refused_token_yields_no_data_even_for_public_fields(hub: HubUnderTest) -> None:
    token = signed_by_hub(hub, hub_claims(hub, aud="some-other-api"))
    response = await hub.http.post(
        "/graphql", json={"query": PUBLIC_REGIONS}, headers={"Authorization": f"Bearer {token}"}
    )
    assert_unauthenticated(response)


# --- no token at all --------------------------------------------------------------------------


async def test_anonymous_caller_gets_the_public_region_list(hub: HubUnderTest) -> None:
    response = await hub.http.post("/graphql", json={"query": PUBLIC_REGIONS})
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert len(body["data"]["regions"]) == 38


async def test_anonymous_caller_gets_a_public_region(hub: HubUnderTest) -> None:
    response = await hub.http.post("/graphql", json={"query": PUBLIC_REGION})
    assert response.status_code == 200
    assert response.json()["data"]["region"] == {"code": "32.04", "name": "Kabupaten Bandung"}


async def test_anonymous_protected_field_is_unauthenticated_on_its_path(
    hub: HubUnderTest,
) -> None:
    response = await hub.http.post("/graphql", json={"query": REGIONS_AND_HOUSEHOLDS})
    assert response.status_code == 200
    body = response.json()
    assert len(body["data"]["regions"]) == 38
    assert body["data"]["households"] is None
    [error] = body["errors"]
    assert error["path"] == ["households"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_request_whose_every_field_is_refused_is_401(hub: HubUnderTest) -> None:
    response = await hub.http.post("/graphql", json={"query": HOUSEHOLDS})
    assert response.status_code == 401
    body = response.json()
    assert body["data"] in (None, {"households": None})
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}


async def test_anonymous_me_is_not_authenticated(hub: HubUnderTest) -> None:
    response = await hub.http.post("/graphql", json={"query": ME})
    assert response.json()["data"]["me"] == {
        "clientId": None,
        "authenticated": False,
        "scopes": [],
        "regions": [],
        "purpose": None,
    }


async def test_hub_minted_token_from_the_shared_helper_is_accepted(hub: HubUnderTest) -> None:
    token = mint(hub.app, scopes=["audit:read"], regions=["35"], purpose="oversight")
    me = await me_of(hub.http, token)
    assert (me["scopes"], me["regions"], me["purpose"]) == (["audit:read"], ["35"], "oversight")
