"""`_entities` answers each representation as the root field of its type would: the same
scopes and codes, the same region policy, the same masking."""

from typing import Any

import httpx
import pytest

from auth.scopes import SCOPES
from tests.access.support import READS, Caller
from tests.conftest import GraphQLClient
from tests.federation.conftest import Keys
from tests.federation.support import ENTITIES, HOUSEHOLD_ROOT, entries, household, resolve

# The scope the root field fetching the same record requires (household, person,
# institution, disasterEvent; see tests/access/test_scopes.py).
SCOPE_OF = {
    "Household": "registry:read",
    "Person": "registry:read",
    "Institution": "institutions:read",
    "DisasterEvent": "logistics:read",
}
KEPT_BY_ID = sorted(SCOPE_OF)


def _codes(body: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    return {tuple(e["path"]): e["extensions"]["code"] for e in body.get("errors") or []}


def _representation(typename: str, key: str) -> dict[str, str]:
    return {"__typename": typename, "id": key}


@pytest.mark.parametrize("typename", KEPT_BY_ID)
async def test_an_entity_in_the_callers_regions_is_resolved(
    caller: Caller, keys: dict[str, Keys], typename: str
) -> None:
    found = keys[typename]
    body = await resolve(
        caller(scopes=READS, regions=[found.region]), [_representation(typename, found.inside)]
    )
    assert "errors" not in body, body["errors"]
    [entry] = entries(body)
    assert (entry["__typename"], entry["id"]) == (typename, keys[typename].inside)


@pytest.mark.parametrize("typename", KEPT_BY_ID)
async def test_an_entity_outside_the_callers_regions_is_null_without_an_error(
    caller: Caller, client: GraphQLClient, keys: dict[str, Keys], typename: str
) -> None:
    found = keys[typename]
    outside = [_representation(typename, found.outside)]
    assert entries(await resolve(client, outside))[0]["id"] == found.outside
    body = await resolve(caller(scopes=SCOPES, regions=[found.region]), outside)
    assert body["data"] == {"_entities": [None]}
    assert "errors" not in body


async def test_an_absent_entity_is_null_like_one_outside_the_regions(
    client: GraphQLClient,
) -> None:
    body = await resolve(client, [household(9_999_999), household(1)])
    assert "errors" not in body
    assert entries(body)[0] is None
    assert entries(body)[1]["id"] == "1"


async def test_out_of_region_and_absent_answers_are_indistinguishable(
    caller: Caller, keys: dict[str, Keys]
) -> None:
    regency = caller(scopes=SCOPES, regions=[keys["Household"].region])
    outside = await resolve(regency, [household(keys["Household"].outside)])
    absent = await resolve(regency, [household(9_999_999)])
    assert outside == {**absent, "extensions": outside.get("extensions")}


async def test_an_entity_answers_exactly_as_its_root_field(
    caller: Caller, keys: dict[str, Keys]
) -> None:
    regency = caller(scopes=READS, regions=[keys["Household"].region])
    key = keys["Household"].inside
    root = await regency.data(HOUSEHOLD_ROOT, {"id": key})
    [entry] = entries(await resolve(regency, [household(key)]))
    assert {k: v for k, v in entry.items() if k != "__typename"} == root["household"]


@pytest.mark.parametrize("typename", KEPT_BY_ID)
async def test_a_token_without_the_types_read_scope_is_forbidden_as_on_the_root_field(
    caller: Caller, keys: dict[str, Keys], typename: str
) -> None:
    scope = SCOPE_OF[typename]
    representation = _representation(typename, keys[typename].inside)
    body = await resolve(caller(scopes=SCOPES - {scope}), [representation])
    assert body["data"] == {"_entities": [None]}
    assert _codes(body) == {("_entities", 0): "FORBIDDEN"}
    assert body["errors"][0]["extensions"]["scopes"] == [scope]


async def test_a_refused_entry_leaves_the_others_answering(
    caller: Caller, keys: dict[str, Keys]
) -> None:
    no_logistics = caller(scopes=SCOPES - {"logistics:read"})
    representations = [
        household(keys["Household"].inside),
        _representation("DisasterEvent", keys["DisasterEvent"].inside),
        {"__typename": "Region", "code": "32.04"},
    ]
    body = await resolve(no_logistics, representations)
    found = entries(body)
    assert found[0]["id"] == keys["Household"].inside
    assert found[1] is None
    assert found[2] == {"__typename": "Region", "code": "32.04", "name": "Kabupaten Bandung"}
    assert _codes(body) == {("_entities", 1): "FORBIDDEN"}


@pytest.mark.parametrize("typename", KEPT_BY_ID)
async def test_an_anonymous_caller_is_refused_with_401_as_on_the_root_field(
    http: httpx.AsyncClient, keys: dict[str, Keys], typename: str
) -> None:
    variables = {"representations": [_representation(typename, keys[typename].inside)]}
    response = await http.post("/graphql", json={"query": ENTITIES, "variables": variables})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] == {"_entities": [None]}
    assert _codes(body) == {("_entities", 0): "UNAUTHENTICATED"}


async def test_an_anonymous_caller_may_resolve_regions_which_are_public(
    anonymous: GraphQLClient,
) -> None:
    body = await resolve(anonymous, [{"__typename": "Region", "code": "32"}])
    assert "errors" not in body
    assert entries(body) == [{"__typename": "Region", "code": "32", "name": "Jawa Barat"}]


async def test_an_anonymous_caller_gets_the_region_and_a_refusal_for_the_household(
    http: httpx.AsyncClient, keys: dict[str, Keys]
) -> None:
    variables = {
        "representations": [
            {"__typename": "Region", "code": "32"},
            household(keys["Household"].inside),
        ]
    }
    response = await http.post("/graphql", json={"query": ENTITIES, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert entries(body)[0]["code"] == "32"
    assert entries(body)[1] is None
    assert _codes(body) == {("_entities", 1): "UNAUTHENTICATED"}
