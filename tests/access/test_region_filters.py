"""A region filter or a token outside the data yields empty lists, never an error or an outage."""

import pytest

from tests.access.support import REGENCY, Caller, OwnHub, codes_at
from tests.conftest import EVERY_SCOPE, GraphQLClient

FILTERED = {
    "households": "households(filter: {regionCode: $code})",
    "persons": "persons(filter: {regionCode: $code})",
    "verificationVisits": "verificationVisits(filter: {regionCode: $code})",
    "rehabilitationCases": "rehabilitationCases(filter: {regionCode: $code})",
    "complaints": "complaints(filter: {regionCode: $code})",
    "kubeGroups": "kubeGroups(filter: {regionCode: $code})",
    "institutions": "institutions(filter: {regionCode: $code})",
    "disasterEvents": "disasterEvents(filter: {regionCode: $code})",
    "warehouses": "warehouses(filter: {regionCode: $code})",
    "shipments": "shipments(filter: {regionCode: $code})",
    "socialOffices": "socialOffices(filter: {regionCode: $code})",
}
OUT_OF_REGION_EVENTS = """
query($code: RegionCode!) { disasterEvents(filter: {regionCode: $code}) { totalCount } }
"""
WAREHOUSES = "{ warehouses { totalCount } }"
EVENT = "query($id: ID!) { disasterEvent(id: $id) { id } }"
# Enough refusals in a row to open a circuit breaker if they counted as source failures.
ATTEMPTS = 8


def _filtered(field: str) -> str:
    return f"query($code: RegionCode!) {{ {FILTERED[field]} {{ totalCount edges {{ cursor }} }} }}"


def _unfiltered(field: str) -> str:
    return f"{{ {field} {{ totalCount edges {{ cursor }} }} }}"


@pytest.mark.parametrize("field", sorted(FILTERED))
async def test_region_filter_outside_the_token_returns_nothing(
    regency: GraphQLClient, field: str
) -> None:
    body = await regency.post(_filtered(field), {"code": "35"})
    assert codes_at(body) == {}
    assert body["data"][field] == {"totalCount": 0, "edges": []}


@pytest.mark.parametrize("field", ["households", "persons", "verificationVisits", "complaints"])
async def test_region_filter_outside_the_token_hides_what_a_national_caller_sees(
    regency: GraphQLClient, client: GraphQLClient, field: str
) -> None:
    assert (await client.data(_filtered(field), {"code": "35"}))[field]["totalCount"] > 0
    assert (await regency.data(_filtered(field), {"code": "35"}))[field]["totalCount"] == 0


@pytest.mark.parametrize("field", sorted(FILTERED))
async def test_token_without_any_region_lists_nothing(caller: Caller, field: str) -> None:
    body = await caller(scopes=EVERY_SCOPE, regions=[]).post(_unfiltered(field))
    assert codes_at(body) == {}
    assert body["data"][field] == {"totalCount": 0, "edges": []}


async def test_out_of_region_filters_cannot_open_the_logistics_circuit(
    fresh_hub: OwnHub,
) -> None:
    regency = fresh_hub.client(scopes=EVERY_SCOPE, regions=[REGENCY])
    for _ in range(ATTEMPTS):
        await regency.post(OUT_OF_REGION_EVENTS, {"code": "35"})
    body = await fresh_hub.client().post(WAREHOUSES)
    assert codes_at(body) == {}
    assert body["data"]["warehouses"]["totalCount"] > 0


async def test_token_without_any_region_gets_no_disaster_event_by_id(
    caller: Caller,
) -> None:
    body = await caller(scopes=EVERY_SCOPE, regions=[]).post(EVENT, {"id": "1"})
    assert codes_at(body) == {}
    assert body["data"] == {"disasterEvent": None}
