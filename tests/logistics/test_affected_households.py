"""A disaster's affected households: registry households inside the event's regions."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.support import error_code, node_ids, under

AFFECTED = """
query Affected($id: ID!, $first: Int, $after: String) {
  disasterEvent(id: $id) {
    affectedHouseholds(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id villageCode } }
    }
  }
}
"""


@dataclass(frozen=True)
class StruckEvent:
    key: int
    codes: list[str]
    households: list[int]


async def _most_affecting_event(databases: SourceDatabases) -> StruckEvent:
    """The event over the most registry households, its region codes and those households."""
    regions: dict[int, list[str]] = defaultdict(list)
    for row in await databases.rows("logistics", "SELECT event_id, region_code FROM event_regions"):
        regions[row.event_id].append(row.region_code)
    villages = await databases.rows(
        "registry", "SELECT id, village_code FROM households ORDER BY id"
    )
    events = [
        StruckEvent(
            key,
            codes,
            [row.id for row in villages if any(under(row.village_code, c) for c in codes)],
        )
        for key, codes in sorted(regions.items())
    ]
    return max(events, key=lambda event: len(event.households))


async def _affected(client: GraphQLClient, key: int, **variables: Any) -> dict[str, Any]:
    data = await client.data(AFFECTED, {"id": str(key), **variables})
    return dict(data["disasterEvent"]["affectedHouseholds"])


async def test_disaster_event_affected_households_lie_inside_event_regions(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    affected = await _affected(client, event.key, first=500)
    assert event.households
    assert node_ids(affected) == event.households[:500]
    assert affected["totalCount"] == len(event.households)
    assert all(
        any(under(edge["node"]["villageCode"], code) for code in event.codes)
        for edge in affected["edges"]
    )


async def test_disaster_event_affected_households_pages_follow_each_other(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    first = await _affected(client, event.key, first=3)
    second = await _affected(client, event.key, first=3, after=first["pageInfo"]["endCursor"])
    assert len(event.households) > 3
    assert node_ids(first) + node_ids(second) == event.households[:6]
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["pageInfo"]["hasPreviousPage"] is True


async def test_disaster_event_affected_households_last_page_has_no_next_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    households = event.households
    before_last = await _affected(client, event.key, first=len(households) - 1)
    last = await _affected(client, event.key, first=5, after=before_last["pageInfo"]["endCursor"])
    assert node_ids(last) == households[-1:]
    assert last["pageInfo"]["hasNextPage"] is False


async def test_disaster_event_affected_households_refuse_a_malformed_cursor(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    body = await client.post(AFFECTED, {"id": str(event.key), "first": 3, "after": "%%%"})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_disaster_event_affected_households_refuse_more_than_500_per_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    body = await client.post(AFFECTED, {"id": str(event.key), "first": 501})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["data"]["disasterEvent"]["affectedHouseholds"] is None
