"""A caller limited to a regency: events and warehouses that overlap it, the rest inside it."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from gateway.settings import Settings
from resolvers.population import DOUBLE_AID_REGENCY
from resolvers.source import SourceLog
from tests.conftest import SourceDatabases
from tests.logistics.support import execute_as, filters_by_region, node_ids, overlaps, under

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
    """An event that reaches into ``regency`` and beyond it."""

    key: int
    regency: str
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
    """An event over registry households inside a regency and outside it, preferring one
    whose region list names regions beyond the regency."""
    villages = [row.village_code for row in await _villages(databases)]
    spread = []
    for key, codes in sorted((await _regions_by_event(databases)).items()):
        struck = [code for code in villages if any(under(code, c) for c in codes)]
        for regency in sorted({code[:5] for code in struck}):
            if any(not under(code, regency) for code in struck):
                spread.append(SpreadEvent(key, regency, codes))
    assert spread, "the seed has no event over households of more than one regency"
    return min(spread, key=lambda event: all(overlaps(c, event.regency) for c in event.codes))


async def _as(settings: Settings, regency: str, operation: str, **variables: Any) -> Any:
    result = await execute_as(settings, [regency], operation, variables)
    assert result.errors is None, result.errors
    return result.data


async def test_regency_caller_sees_the_events_that_overlap_its_regency(
    settings: Settings, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    regions = await _regions_by_event(databases)
    expected = sorted(
        key for key, codes in regions.items() if any(overlaps(c, spread.regency) for c in codes)
    )
    events = (await _as(settings, spread.regency, EVENTS))["disasterEvents"]
    assert spread.key in expected
    assert len(expected) < len(regions)
    assert node_ids(events) == expected
    assert events["totalCount"] == len(expected)


async def test_regency_caller_sees_only_its_part_of_an_event_spanning_more(
    settings: Settings, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    event = (await _as(settings, spread.regency, EVENT, id=str(spread.key)))["disasterEvent"]
    regions = [region["code"] for region in event["regions"]]
    assert regions == [code for code in spread.codes if overlaps(code, spread.regency)]
    assert len(regions) < len(spread.codes)
    assert all(under(post["villageCode"], spread.regency) for post in event["posts"])


async def test_regency_caller_gets_affected_households_inside_its_regency_only(
    settings: Settings, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    villages = await _villages(databases)
    struck = [row for row in villages if any(under(row.village_code, c) for c in spread.codes)]
    expected = [row.id for row in struck if under(row.village_code, spread.regency)]
    event = (await _as(settings, spread.regency, EVENT, id=str(spread.key)))["disasterEvent"]
    affected = event["affectedHouseholds"]
    assert len(expected) < len(struck)
    assert node_ids(affected) == expected
    assert affected["totalCount"] == len(expected)


async def test_regency_caller_gets_null_for_an_event_elsewhere(
    settings: Settings, databases: SourceDatabases
) -> None:
    spread = await _spread_event(databases)
    regions = await _regions_by_event(databases)
    elsewhere = next(
        key
        for key, codes in sorted(regions.items())
        if not any(overlaps(code, spread.regency) for code in codes)
    )
    assert await _as(settings, spread.regency, EVENT, id=str(elsewhere)) == {"disasterEvent": None}


async def test_regency_caller_sees_warehouses_there_and_buffer_stock_above_it(
    settings: Settings, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", "SELECT id, region_code FROM warehouses ORDER BY id")
    regency = next(
        code[:5]
        for code in (row.village_code for row in await _villages(databases))
        if any(len(row.region_code) < 5 and under(code, row.region_code) for row in stored)
    )
    expected = [row.id for row in stored if overlaps(row.region_code, regency)]
    warehouses = (await _as(settings, regency, WAREHOUSES))["warehouses"]
    assert any(len(row.region_code) < 5 for row in stored if row.id in expected)
    assert len(expected) < len(stored)
    assert node_ids(warehouses) == expected
    assert warehouses["totalCount"] == len(expected)


async def test_regency_caller_sees_only_shipments_to_posts_in_its_regency(
    settings: Settings, databases: SourceDatabases
) -> None:
    stored = await databases.rows(
        "logistics",
        "SELECT s.id, p.village_code FROM shipments s JOIN emergency_posts p ON p.id = s.post_id"
        " ORDER BY s.id",
    )
    regency = stored[0].village_code[:5]
    expected = [row.id for row in stored if under(row.village_code, regency)]
    shipments = (await _as(settings, regency, SHIPMENTS))["shipments"]
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
    settings: Settings,
) -> None:
    logs: dict[str, SourceLog] = {}
    result = await execute_as(settings, [DOUBLE_AID_REGENCY], EVERY_LOGISTICS_LOADER, {}, logs)
    assert result.errors is None, result.errors
    ran = logs["logistics"].statements
    assert len(ran) >= 12
    assert [sql for sql in ran if not filters_by_region(sql)] == []
