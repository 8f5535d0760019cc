"""recordAidDistribution: aid handed to a household, taken from the post's stock in the
same transaction, once per idempotency key."""

import datetime
from typing import Any

from resolvers.logistics.enums import Item, MovementReason
from resolvers.logistics.tables import stock_movements
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import RECORD, new_key
from tests.logistics_writes.support import Household, Logistics, Site

MEALS = Item.MAKANAN_SIAP_SAJI
BLANKETS = Item.SELIMUT


async def _stocked_site(logistics: Logistics, home: Household, items: dict[Item, int]) -> Site:
    site = await logistics.site(home)
    await logistics.stock(site.place, items)
    return site


async def _record(client: GraphQLClient, variables: dict[str, Any], **kw: Any) -> dict[str, Any]:
    body = await client.post(RECORD, {"input": variables}, **kw)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]["recordAidDistribution"]
    return result


async def test_recording_aid_stores_the_distribution_in_the_households_village(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20, BLANKETS: 5})
    result = await _record(writer, site.aid({MEALS: 6, BLANKETS: 2}))
    assert result["__typename"] == "AidDistributionRecorded"
    assert result["replayed"] is False
    distribution = result["distribution"]
    assert distribution["villageCode"] == home.village_code
    assert distribution["event"] == {"id": str(site.event)}
    assert distribution["post"] == {"id": str(site.post)}
    stored = await logistics.distributions(site.post)
    assert [row.id for row in stored] == [int(distribution["id"])]
    assert stored[0].household_id == home.id
    assert stored[0].village_code == home.village_code
    assert await logistics.distribution_items(stored[0].id) == {MEALS: 6, BLANKETS: 2}


async def test_recording_aid_takes_the_items_from_the_posts_stock(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20, BLANKETS: 5})
    await _record(writer, site.aid({MEALS: 6, BLANKETS: 2}))
    assert await logistics.quantity(site.place, MEALS) == 14
    assert await logistics.quantity(site.place, BLANKETS) == 3


async def test_recording_aid_writes_one_ledger_movement_per_item(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20, BLANKETS: 5})
    result = await _record(writer, site.aid({MEALS: 6, BLANKETS: 2}))
    taken = [row for row in await logistics.movements(site.place) if row.delta < 0]
    assert {Item(row.item): row.delta for row in taken} == {MEALS: -6, BLANKETS: -2}
    assert {row.reason for row in taken} == {MovementReason.DISTRIBUTION.value}
    assert {row.reference_id for row in taken} == {int(result["distribution"]["id"])}
    assert await logistics.unbalanced() == {}


async def test_replaying_a_key_returns_the_first_distribution_and_changes_nothing(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20})
    variables = site.aid({MEALS: 4})
    first = await _record(writer, variables)
    again = await _record(writer, variables)
    assert again == {**first, "replayed": True}
    assert await logistics.quantity(site.place, MEALS) == 16
    assert len(await logistics.distributions(site.post)) == 1
    assert len(await logistics.movements(site.place)) == 2


async def test_replaying_a_key_lists_the_items_in_any_order(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20, BLANKETS: 20})
    key = new_key()
    await _record(writer, site.aid({MEALS: 4, BLANKETS: 1}, key))
    again = await _record(writer, site.aid({BLANKETS: 1, MEALS: 4}, key))
    assert again["replayed"] is True
    assert await logistics.quantity(site.place, MEALS) == 16


async def test_reusing_a_key_with_other_input_is_refused_and_changes_nothing(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20})
    key = new_key()
    await _record(writer, site.aid({MEALS: 4}, key))
    reused = await _record(writer, site.aid({MEALS: 5}, key))
    assert reused["__typename"] == "IdempotencyKeyReused"
    assert reused["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert await logistics.quantity(site.place, MEALS) == 16
    assert len(await logistics.distributions(site.post)) == 1


async def test_the_same_key_of_another_client_is_its_own(
    write_as: Any, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20})
    key = new_key()
    first = await _record(write_as("logistics-writer-a"), site.aid({MEALS: 1}, key))
    second = await _record(write_as("logistics-writer-b"), site.aid({MEALS: 2}, key))
    assert (first["replayed"], second["replayed"]) == (False, False)
    assert await logistics.quantity(site.place, MEALS) == 17


async def test_an_item_short_of_stock_refuses_the_whole_distribution(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20, BLANKETS: 2})
    before = await logistics.count(stock_movements)
    result = await _record(writer, site.aid({MEALS: 6, BLANKETS: 3}))
    assert result == {
        "__typename": "InsufficientStock",
        "code": "INSUFFICIENT_STOCK",
        "message": result["message"],
        "item": "SELIMUT",
        "requested": 3,
        "available": 2,
    }
    assert await logistics.quantity(site.place, MEALS) == 20
    assert await logistics.quantity(site.place, BLANKETS) == 2
    assert await logistics.distributions(site.post) == []
    assert await logistics.count(stock_movements) == before


async def test_an_item_the_post_never_held_is_insufficient_with_none_available(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 20})
    result = await _record(writer, site.aid({Item.TENDA_KELUARGA: 1}))
    assert (result["__typename"], result["available"]) == ("InsufficientStock", 0)


async def test_a_refused_attempt_leaves_its_key_free_for_a_retry(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {BLANKETS: 1})
    variables = site.aid({BLANKETS: 3})
    refused = await _record(writer, variables)
    await logistics.adjust(site.place, BLANKETS, 2)
    retried = await _record(writer, variables)
    assert refused["__typename"] == "InsufficientStock"
    assert (retried["__typename"], retried["replayed"]) == ("AidDistributionRecorded", False)
    assert await logistics.quantity(site.place, BLANKETS) == 0


async def test_recording_aid_dates_it_by_the_day_in_jakarta(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await _stocked_site(logistics, home, {MEALS: 5})
    before = _jakarta_today()
    result = await _record(writer, site.aid({MEALS: 1}))
    assert result["distribution"]["distributedOn"] in {before, _jakarta_today()}


def _jakarta_today() -> str:
    wib = datetime.timezone(datetime.timedelta(hours=7))
    return datetime.datetime.now(wib).date().isoformat()
