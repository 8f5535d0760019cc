"""Concurrent writes through the app: stock never goes below zero, a distribution takes
all of its lines or none, and one key records one distribution however often it is sent
at once."""

import asyncio
from collections import Counter
from typing import Any

from resolvers.logistics.enums import Item
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import RECORD, new_key
from tests.logistics_writes.support import Household, Logistics

MEALS = Item.MAKANAN_SIAP_SAJI
BLANKETS = Item.SELIMUT


async def _all_at_once(client: GraphQLClient, inputs: list[dict[str, Any]]) -> list[Any]:
    bodies = await asyncio.gather(*(client.post(RECORD, {"input": i}) for i in inputs))
    assert all("errors" not in body for body in bodies), [b.get("errors") for b in bodies]
    return [body["data"]["recordAidDistribution"] for body in bodies]


async def test_concurrent_distributions_never_take_stock_below_zero(
    write_as: Any, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 10})
    client = write_as("logistics-rush")
    results = await _all_at_once(client, [site.aid({MEALS: 1}) for _ in range(30)])
    outcomes = Counter(result["__typename"] for result in results)
    assert outcomes == {"AidDistributionRecorded": 10, "InsufficientStock": 20}
    assert await logistics.quantity(site.place, MEALS) == 0
    assert len(await logistics.distributions(site.post)) == 10
    assert await logistics.unbalanced() == {}


async def test_concurrent_distributions_take_all_their_lines_or_none(
    write_as: Any, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 40, BLANKETS: 7})
    client = write_as("logistics-pairs")
    results = await _all_at_once(client, [site.aid({MEALS: 3, BLANKETS: 1}) for _ in range(12)])
    recorded = sum(result["__typename"] == "AidDistributionRecorded" for result in results)
    assert recorded == 7
    assert await logistics.quantity(site.place, MEALS) == 40 - 3 * recorded
    assert await logistics.quantity(site.place, BLANKETS) == 0
    assert await logistics.unbalanced() == {}


async def test_concurrent_replays_of_one_key_record_one_distribution(
    write_as: Any, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 50})
    client = write_as("logistics-retries")
    variables = site.aid({MEALS: 2}, new_key())
    results = await _all_at_once(client, [variables] * 10)
    assert Counter(result["replayed"] for result in results) == {False: 1, True: 9}
    assert len({result["distribution"]["id"] for result in results}) == 1
    assert len(await logistics.distributions(site.post)) == 1
    assert await logistics.quantity(site.place, MEALS) == 48
