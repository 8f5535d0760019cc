"""The node refuses calls without a valid caller-context token of the hub for its audience,
and reads only within the regions the token names."""

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
from joserfc import jwt
from starlette.applications import Starlette

from auth.caller_context import issue_caller_context
from auth.keys import ALGORITHM, KeyRing
from auth.principal import Principal
from auth.regions import RegionScope
from auth.scopes import SCOPES
from gateway.settings import Settings
from resolvers.population import DOUBLE_AID_REGENCY
from tests.conftest import SourceDatabases, mint

WAREHOUSE_PAGE = "query { warehousePage(first: 500) { id regionCode } }"
SCHEMA = "query { _service { sdl } }"


def _principal(regions: list[str], scopes: frozenset[str] = frozenset(SCOPES)) -> Principal:
    return Principal("test-operator", scopes, RegionScope.of(regions), "testing")


def _token(settings: Settings, regions: list[str] | None = None, **options: Any) -> str:
    principal = options.pop("principal", None) or _principal(regions or ["*"])
    keyring = options.pop("keyring", None) or KeyRing(settings.keys_dir)
    audience = options.pop("audience", "simpul:logistics")
    return issue_caller_context(
        keyring, settings.issuer, audience, "logistics", principal, "request-0001"
    )


async def _call(node: str, query: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as http:
        return await http.post(f"{node}/graphql", json={"query": query}, headers=headers)


def _refused(response: httpx.Response, code: str = "UNAUTHENTICATED") -> bool:
    errors = response.json()["errors"]
    return response.json()["data"] is None and [e["extensions"]["code"] for e in errors] == [code]


async def test_node_answers_a_token_of_the_hub_for_its_audience(
    settings: Settings, logistics_node: str, app: Starlette
) -> None:
    mint(app)  # the hub holds its signing key
    response = await _call(logistics_node, WAREHOUSE_PAGE, _token(settings))
    assert response.status_code == 200
    assert response.json()["data"]["warehousePage"]


async def test_node_logs_who_asked_why_and_under_which_request(
    settings: Settings, logistics_node: str, node_log: Path
) -> None:
    principal = Principal("dinsos-kab-bdg", frozenset(SCOPES), RegionScope.of(["32.04"]), "verval")
    token = issue_caller_context(
        KeyRing(settings.keys_dir),
        settings.issuer,
        "simpul:logistics",
        "logistics",
        principal,
        "request-logged-0003",
    )
    await _call(logistics_node, WAREHOUSE_PAGE, token)
    logged = await asyncio.to_thread(node_log.read_text)
    assert (
        "request request-logged-0003 from client dinsos-kab-bdg, purpose verval, regions 32.04"
        in logged
    )


async def test_node_refuses_a_call_without_a_token(logistics_node: str) -> None:
    response = await _call(logistics_node, WAREHOUSE_PAGE, None)
    assert response.status_code == 401
    assert _refused(response)


async def test_node_refuses_a_token_signed_by_another_key(
    settings: Settings, logistics_node: str, tmp_path: Path
) -> None:
    forged = _token(settings, keyring=KeyRing(tmp_path / "keys"))
    response = await _call(logistics_node, WAREHOUSE_PAGE, forged)
    assert response.status_code == 401
    assert _refused(response)


async def test_node_refuses_a_token_for_another_audience(
    settings: Settings, logistics_node: str, app: Starlette
) -> None:
    for token in (_token(settings, audience="simpul:registry"), mint(app)):
        response = await _call(logistics_node, WAREHOUSE_PAGE, token)
        assert response.status_code == 401
        assert _refused(response)


async def test_node_refuses_an_expired_token(settings: Settings, logistics_node: str) -> None:
    key = KeyRing(settings.keys_dir).current()
    past = int(time.time()) - 600
    claims = {
        "iss": settings.issuer,
        "sub": "test-operator",
        "aud": "simpul:logistics",
        "iat": past,
        "exp": past + 60,
        "scope": "logistics:read",
        "regions": ["*"],
        "request_id": "request-0002",
    }
    expired = jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key.key)
    response = await _call(logistics_node, WAREHOUSE_PAGE, expired)
    assert response.status_code == 401
    assert _refused(response)


async def test_node_refuses_a_hub_token_without_a_request_id(
    settings: Settings, logistics_node: str
) -> None:
    key = KeyRing(settings.keys_dir).current()
    now = int(time.time())
    claims = {
        "iss": settings.issuer,
        "sub": "test-operator",
        "aud": "simpul:logistics",
        "iat": now,
        "exp": now + 60,
        "scope": "logistics:read",
        "regions": ["*"],
    }
    token = jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key.key)
    response = await _call(logistics_node, WAREHOUSE_PAGE, token)
    assert response.status_code == 401


async def test_node_refuses_data_without_the_agency_read_scope_but_shows_its_schema(
    settings: Settings, logistics_node: str
) -> None:
    principal = _principal(["*"], frozenset({"registry:read"}))
    token = _token(settings, principal=principal)
    refused = await _call(logistics_node, WAREHOUSE_PAGE, token)
    hidden = await _call(
        logistics_node, "{ ... on Query { warehousePage(first: 5) { id } } }", token
    )
    schema = await _call(logistics_node, SCHEMA, token)
    assert refused.status_code == hidden.status_code == 403
    assert _refused(refused, "FORBIDDEN")
    assert _refused(hidden, "FORBIDDEN")
    assert "type Warehouse" in schema.json()["data"]["_service"]["sdl"]


async def test_node_reads_only_the_regions_the_token_names(
    settings: Settings, logistics_node: str, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", "SELECT id, region_code FROM warehouses")
    regency = DOUBLE_AID_REGENCY
    expected = sorted(
        str(row.id)
        for row in stored
        if row.region_code == regency
        or row.region_code.startswith(regency + ".")
        or regency.startswith(row.region_code + ".")
    )
    response = await _call(logistics_node, WAREHOUSE_PAGE, _token(settings, [regency]))
    found = sorted(entry["id"] for entry in response.json()["data"]["warehousePage"])
    assert found == expected
    assert 0 < len(found) < len(stored)
