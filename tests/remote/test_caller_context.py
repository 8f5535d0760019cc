"""What a node receives with each call: a short-lived token of the hub naming the caller,
its purpose, regions and scopes of that agency and the request id, for that agency only."""

import json
from typing import Any

from joserfc.jws import extract_compact

from auth.caller_context import CallerContextVerifier
from auth.keys import KeyRing
from auth.scopes import SCOPES
from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import mint
from tests.remote.support import hub_with_node, node_source, recording_node, serving

HEADERS = {"X-Request-ID": "verval-request-0042"}


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = json.loads(extract_compact(token.encode()).payload)
    return claims


async def test_each_call_carries_the_callers_context_signed_for_the_agency(
    settings: Settings, population: Population
) -> None:
    seen: list[dict[str, str]] = []
    with serving(recording_node(seen)) as url:
        async with hub_with_node(settings, node_source(url)) as (app, http):
            token = mint(app, regions=["32.04", "35.78"], purpose="verval", subject="dinsos-bdg")
            await http.post(
                "/graphql",
                json={"query": "query { warehouses { edges { node { id } } } }"},
                headers={"Authorization": f"Bearer {token}", **HEADERS},
            )
    call = seen[-1]
    bearer = call["authorization"].removeprefix("Bearer ")
    verifier = CallerContextVerifier(
        settings.issuer, "simpul:logistics", KeyRing(settings.keys_dir).verification_keys()
    )
    caller = verifier.verify(bearer)
    claims = _claims(bearer)
    assert call["x-request-id"] == HEADERS["X-Request-ID"] == caller.request_id
    assert caller.principal.client_id == "dinsos-bdg"
    assert caller.principal.purpose == "verval"
    assert caller.principal.regions.prefixes == ("32.04", "35.78")
    # The agency's scopes, and oversight's (its checks run at the node): no other agency's.
    assert caller.principal.scopes == {
        s for s in SCOPES if s.startswith(("logistics:", "oversight:"))
    }
    assert claims["aud"] == "simpul:logistics"
    assert claims["iss"] == settings.issuer
    assert claims["exp"] - claims["iat"] == 60
    schema_check = _claims(seen[0]["authorization"].removeprefix("Bearer "))
    assert (schema_check["sub"], schema_check["scope"], schema_check["regions"]) == (
        "simpul-hub",
        "",
        [],
    )
