"""A caller limited to some regions: events and warehouses that overlap them, the rest inside."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from resolvers.population import DOUBLE_AID_REGENCY
from tests.conftest import SourceDatabases
from tests.logistics.support import Caller, execute_as, filters_by_region, node_ids, overlaps, under

EVENTS = """
query Events { disasterEvents(first: 500) { totalCount edges { node { id } } } }
"""

EVENT = """
query Event($id: ID!) {
  disasterEvent(id: $id) {
    id
    regions { code }
    posts { villageCode }
    affectedHouseholds(first: 500) { totalCount edges { node { id } } }
  }
}
"""

WAREHOUSES = """
query Warehouses { warehouses(first: 500) { totalCount edges { node { id } } } }
"""

SHIPMENTS = """
query Shipments { shipments(first: 500) { totalCount edges { node { id } } } }
"""


@dataclass(frozen=True)
class SpreadEvent:
    """An event over registry households both inside ``area`` and outside it."""

    key: int
    area: str
    codes: list[str]


async def _regions_by_event(databases: SourceDatabases) -> dict[int, list[str]]:
    rows = await databases.rows(
        "logistics", "SELECT event_id, region_code FROM event_regions ORDER BY region_code"
    )
    regions: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        regions[row.event_id].append(row.region_code)
    return regions


async def _villages(databases: SourceDatabases) -> list[Any]:
    return await databases.rows("registry", "SELECT id, village_code FROM households ORDER BY id")


async def _spread_event(databases: SourceDatabases) -> SpreadEvent:
    """Prefers an event whose region list also names regions outside the area."""
    villages = [row.village_code for row in await _villages(databases)]
    spread = []
    for key, codes in sorted((await _regions_by_event(databases)).items()):
        struck = [code for code in villages if any(under(code, c) for c in codes)]
        for area in sorted({code[:n] for code in struck for n in (5, 8)}):
            if any(not under(code, area) for code in struck):
                spread.append(SpreadEvent(key, area, codes))
    assert spread, "the seed has no event over households of more than one district"
    return min(spread, key=lambda event: all(overlaps(c, event.area) for c in event.codes))


async def _as(caller: Caller, area: str, operation: str, **variables: Any) -> Any:
    result = await execute_as(caller, [area], operation, variables)
    assert result.errors is None, result.errors
    return result.data


async def test_caller_sees_the_events_that_overlap_its_regions(
    caller: Caller, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    regions = await _regions_by_event(databases)
    expected = sorted(
        key for key, codes in regions.items() if any(overlaps(c, spread.area) for c in codes)
    )
    events = (await _as(caller, spread.area, EVENTS))["disasterEvents"]
    assert spread.key in expected
    assert len(expected) < len(regions)
    assert node_ids(events) == expected
    assert events["totalCount"] == len(expected)


async def test_caller_sees_only_its_part_of_an_event_spanning_more(
    caller: Caller, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    event = (await _as(caller, spread.area, EVENT, id=str(spread.key)))["disasterEvent"]
    regions = [region["code"] for region in event["regions"]]
    assert regions == [code for code in spread.codes if overlaps(code, spread.area)]
    assert len(regions) < len(spread.codes)
    assert all(under(post["villageCode"], spread.area) for post in event["posts"])


async def test_caller_gets_affected_households_inside_its_regions_only(
    caller: Caller, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    villages = await _villages(databases)
    struck = [row for row in villages if any(under(row.village_code, c) for c in spread.codes)]
    expected = [row.id for row in struck if under(row.village_code, spread.area)]
    event = (await _as(caller, spread.area, EVENT, id=str(spread.key)))["disasterEvent"]
    affected = event["affectedHouseholds"]
    assert len(expected) < len(struck)
    assert node_ids(affected) == expected
    assert affected["totalCount"] == len(expected)


async def test_caller_below_an_event_region_sees_the_event_and_its_own_households(
    caller: Caller, databases: SourceDatabases
) -> None:
    villages = await _villages(databases)
    key, district = next(
        (key, row.village_code[:8])
        for key, codes in sorted((await _regions_by_event(databases)).items())
        for code in codes
        if code.count(".") < 2
        for row in villages
        if under(row.village_code, code)
    )
    expected = [row.id for row in villages if under(row.village_code, district)]
    events = (await _as(caller, district, EVENTS))["disasterEvents"]
    event = (await _as(caller, district, EVENT, id=str(key)))["disasterEvent"]
    assert key in node_ids(events)
    assert node_ids(event["affectedHouseholds"]) == expected


async def test_caller_gets_null_for_an_event_elsewhere(
    caller: Caller, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    regions = await _regions_by_event(databases)
    elsewhere = next(
        key
        for key, codes in sorted(regions.items())
        if not any(overlaps(code, spread.area) for code in codes)
    )
    assert await _as(caller, spread.area, EVENT, id=str(elsewhere)) == {"disasterEvent": None}


async def test_regency_caller_sees_warehouses_there_and_buffer_stock_above_it(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", "SELECT id, region_code FROM warehouses ORDER BY id")
    regency = next(
        code[:5]
        for code in (row.village_code for row in await _villages(databases))
        if any(len(row.region_code) < 5 and under(code, row.region_code) for row in stored)
    )
    expected = [row.id for row in stored if overlaps(row.region_code, regency)]
    warehouses = (await _as(caller, regency, WAREHOUSES))["warehouses"]
    assert any(len(row.region_code) < 5 for row in stored if row.id in expected)
    assert len(expected) < len(stored)
    assert node_ids(warehouses) == expected
    assert warehouses["totalCount"] == len(expected)


async def test_regency_caller_sees_only_shipments_to_posts_in_its_regency(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await databases.rows(
        "logistics",
        "SELECT s.id, p.village_code FROM shipments s JOIN emergency_posts p ON p.id = s.post_id"
        " ORDER BY s.id",
    )
    regency = stored[0].village_code[:5]
    expected = [row.id for row in stored if under(row.village_code, regency)]
    shipments = (await _as(caller, regency, SHIPMENTS))["shipments"]
    assert len(expected) < len(stored)
    assert node_ids(shipments) == expected
    assert shipments["totalCount"] == len(expected)


EVERY_LOGISTICS_LOADER = """
query EveryLogisticsLoader {
  disasterEvents(first: 50) {
    totalCount
    edges { node { regions { code } distributionCount posts { stock { item } event { id } } } }
  }
  warehouses(first: 50) { totalCount edges { node { stock { item } } } }
  shipments(first: 50) {
    totalCount
    edges { node { items { item } warehouse { id } post { id } } }
  }
  households(first: 50) {
    edges { node { aidReceived { items { item } event { id } post { id } } } }
  }
}
"""


async def test_every_logistics_statement_of_a_regency_caller_filters_by_region(
    database_caller: Caller,
) -> None:
    logs: dict[str, list[str]] = {}
    result = await execute_as(
        database_caller, [DOUBLE_AID_REGENCY], EVERY_LOGISTICS_LOADER, {}, logs
    )
    assert result.errors is None, result.errors
    ran = logs["logistics"]
    assert len(ran) >= 12
    assert [sql for sql in ran if not filters_by_region(sql)] == []
