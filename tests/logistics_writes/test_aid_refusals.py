"""recordAidDistribution refuses what it must, writing nothing: records it cannot find or
that lie outside the caller's regions, input that breaks a rule, callers without the
scope, and a logistics source that is down."""

from collections.abc import Callable
from typing import Any

import pytest

from gateway.settings import Settings, SourceSettings
from resolvers.logistics.enums import Item
from resolvers.logistics.tables import aid_distributions, stock_movements
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import RECORD, aid_input
from tests.logistics_writes.support import Household, Logistics, Site, closed_port, hub_client

MEALS = Item.MAKANAN_SIAP_SAJI


@pytest.fixture
async def site(logistics: Logistics, home: Household) -> Site:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 10})
    return site


async def _refused(
    client: GraphQLClient, logistics: Logistics, variables: dict[str, Any]
) -> dict[str, Any]:
    """The result of a request that must write nothing."""
    before = (await logistics.count(aid_distributions), await logistics.count(stock_movements))
    body = await client.post(RECORD, {"input": variables})
    assert "errors" not in body, body["errors"]
    after = (await logistics.count(aid_distributions), await logistics.count(stock_movements))
    assert after == before
    result: dict[str, Any] = body["data"]["recordAidDistribution"]
    return result


async def test_unknown_household_is_not_found(
    writer: GraphQLClient, logistics: Logistics, site: Site
) -> None:
    variables = aid_input(site.event, site.post, 999_999_999, {MEALS: 1})
    result = await _refused(writer, logistics, variables)
    assert (result["__typename"], result["code"]) == ("NotFound", "NOT_FOUND")


async def test_household_outside_the_callers_regions_reads_as_unknown(
    writer: GraphQLClient, logistics: Logistics, site: Site, away: Household
) -> None:
    outside = await _refused(
        writer, logistics, aid_input(site.event, site.post, away.id, {MEALS: 1})
    )
    unknown = await _refused(
        writer, logistics, aid_input(site.event, site.post, 999_999_999, {MEALS: 1})
    )
    assert outside["__typename"] == "NotFound"
    assert outside == unknown


async def test_post_outside_the_callers_regions_reads_as_unknown(
    writer: GraphQLClient, logistics: Logistics, home: Household, away: Household
) -> None:
    there = await logistics.site(away)
    await logistics.stock(there.place, {MEALS: 10})
    outside = await _refused(
        writer, logistics, aid_input(there.event, there.post, home.id, {MEALS: 1})
    )
    unknown = await _refused(
        writer, logistics, aid_input(there.event, 999_999_999, home.id, {MEALS: 1})
    )
    assert outside["__typename"] == "NotFound"
    assert outside == unknown
    assert await logistics.quantity(there.place, MEALS) == 10


async def test_post_of_another_event_is_invalid(
    writer: GraphQLClient, logistics: Logistics, site: Site, home: Household
) -> None:
    other = await logistics.site(home)
    variables = aid_input(other.event, site.post, home.id, {MEALS: 1})
    result = await _refused(writer, logistics, variables)
    assert (result["__typename"], result["field"]) == ("InvalidInput", "postId")


async def test_closed_post_is_invalid(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    closed = await logistics.site(home, closed=True)
    await logistics.stock(closed.place, {MEALS: 10})
    result = await _refused(writer, logistics, closed.aid({MEALS: 1}))
    assert (result["__typename"], result["field"]) == ("InvalidInput", "postId")
    assert await logistics.quantity(closed.place, MEALS) == 10


def _lines(*pairs: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"item": item, "quantity": quantity} for item, quantity in pairs]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"idempotencyKey": "short"}, "idempotencyKey"),
        ({"idempotencyKey": "has spaces in it"}, "idempotencyKey"),
        ({"idempotencyKey": "k" * 129}, "idempotencyKey"),
        ({"items": []}, "items"),
        ({"items": _lines(("SELIMUT", 0))}, "items"),
        ({"items": _lines(("SELIMUT", -3))}, "items"),
        ({"items": _lines(("SELIMUT", 10_001))}, "items"),
        ({"items": _lines(("SELIMUT", 1), ("KASUR", 1), ("SELIMUT", 2))}, "items"),
        ({"items": _lines(*[("SELIMUT", 1)] * 21)}, "items"),
        ({"postId": "posko-1"}, "postId"),
        ({"householdId": "-4"}, "householdId"),
        ({"eventId": "1e3"}, "eventId"),
    ],
    ids=[
        "key-too-short",
        "key-with-spaces",
        "key-too-long",
        "no-items",
        "zero-quantity",
        "negative-quantity",
        "quantity-above-maximum",
        "item-twice",
        "too-many-lines",
        "post-id-not-an-id",
        "household-id-not-an-id",
        "event-id-not-an-id",
    ],
)
async def test_input_breaking_a_rule_is_invalid(
    writer: GraphQLClient, logistics: Logistics, site: Site, change: dict[str, Any], field: str
) -> None:
    variables = {**site.aid({MEALS: 1}), **change}
    result = await _refused(writer, logistics, variables)
    assert (result["__typename"], result["code"], result["field"]) == (
        "InvalidInput",
        "INVALID_INPUT",
        field,
    )
    assert await logistics.quantity(site.place, MEALS) == 10


async def test_caller_without_logistics_write_is_forbidden(
    caller: Callable[..., GraphQLClient], logistics: Logistics, site: Site, home: Household
) -> None:
    reader = caller(
        scopes=["logistics:read", "registry:read"], regions=[home.regency], subject="reader"
    )
    body = await reader.post(RECORD, {"input": site.aid({MEALS: 1})})
    assert body["data"] == {"recordAidDistribution": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await logistics.distributions(site.post) == []


async def test_anonymous_caller_is_unauthenticated(
    anonymous: GraphQLClient, logistics: Logistics, site: Site
) -> None:
    body = await anonymous.post(RECORD, {"input": site.aid({MEALS: 1})})
    assert body["data"] == {"recordAidDistribution": None}
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await logistics.distributions(site.post) == []


async def test_logistics_source_down_fails_the_field_as_unavailable(
    settings: Settings, site: Site
) -> None:
    down = SourceSettings(f"postgresql+asyncpg://simpul@127.0.0.1:{closed_port()}/logistics")
    async with hub_client(settings.with_sources(logistics=down)) as client:
        body = await client.post(RECORD, {"input": site.aid({MEALS: 1})})
    assert body["data"] == {"recordAidDistribution": None}
    assert body["errors"][0]["extensions"] == {
        "code": "SOURCE_UNAVAILABLE",
        "agency": "logistics",
    }
