"""Disaster events: the list, its filters and pagination, and one event with its parts."""

from collections import defaultdict
from typing import Any

from resolvers.logistics.enums import DisasterKind, EventStatus
from resolvers.wilayah import gazetteer
from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.support import error_code, listed, node_ids, overlaps

DISASTER_EVENTS = """
query DisasterEvents($filter: DisasterEventFilterInput, $first: Int, $after: String) {
  disasterEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
  }
}
"""

DISASTER_EVENT = """
query DisasterEvent($id: ID!) {
  disasterEvent(id: $id) {
    id name kind status startedOn endedOn
    regions { code }
    posts { id name villageCode openedOn closedOn village { code } event { id } }
    distributionCount
  }
}
"""

ALL_IDS = "SELECT id FROM disaster_events ORDER BY id"


async def _ids(databases: SourceDatabases, sql: str = ALL_IDS, **params: Any) -> list[int]:
    return [row.id for row in await databases.rows("logistics", sql, **params)]


async def _regions_by_event(databases: SourceDatabases) -> dict[int, list[str]]:
    rows = await databases.rows(
        "logistics", "SELECT event_id, region_code FROM event_regions ORDER BY region_code"
    )
    regions: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        regions[row.event_id].append(row.region_code)
    return regions


async def _events(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return await listed(client, DISASTER_EVENTS, "disasterEvents", **variables)


async def _event(client: GraphQLClient, key: int) -> Any:
    return (await client.data(DISASTER_EVENT, {"id": str(key)}))["disasterEvent"]


async def test_disaster_events_list_every_stored_event_in_id_order(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await _ids(databases)
    events = await _events(client)
    assert expected
    assert node_ids(events) == expected[:500]
    assert events["totalCount"] == len(expected)


async def test_disaster_event_by_id_returns_its_stored_fields_and_regions(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = (await _ids(databases))[0]
    stored = (
        await databases.rows("logistics", "SELECT * FROM disaster_events WHERE id = :id", id=key)
    )[0]
    event = await _event(client, key)
    assert (event["id"], event["name"], event["kind"], event["status"]) == (
        str(key),
        stored.name,
        DisasterKind(stored.kind).name,
        EventStatus(stored.status).name,
    )
    assert event["startedOn"] == str(stored.started_on)
    assert event["endedOn"] == (None if stored.ended_on is None else str(stored.ended_on))
    regions = (await _regions_by_event(databases))[key]
    assert [region["code"] for region in event["regions"]] == regions


async def test_disaster_event_by_unknown_id_is_null(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    unknown = int(await databases.value("logistics", "SELECT max(id) + 1 FROM disaster_events"))
    assert await _event(client, unknown) is None


async def test_disaster_event_posts_are_its_emergency_posts(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = int(
        await databases.value(
            "logistics",
            "SELECT event_id FROM emergency_posts GROUP BY event_id"
            " ORDER BY count(*) DESC, event_id LIMIT 1",
        )
    )
    stored = await databases.rows(
        "logistics", "SELECT * FROM emergency_posts WHERE event_id = :id ORDER BY id", id=key
    )
    posts = (await _event(client, key))["posts"]
    assert posts == [
        {
            "id": str(post.id),
            "name": post.name,
            "villageCode": post.village_code,
            "openedOn": str(post.opened_on),
            "closedOn": None if post.closed_on is None else str(post.closed_on),
            "village": {"code": post.village_code},
            "event": {"id": str(key)},
        }
        for post in stored
    ]


async def test_disaster_event_distribution_count_counts_its_aid_distributions(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key, total = (
        await databases.rows(
            "logistics",
            "SELECT event_id, count(*) AS total FROM aid_distributions GROUP BY event_id"
            " ORDER BY count(*) DESC, event_id LIMIT 1",
        )
    )[0]
    assert total > 0
    assert (await _event(client, key))["distributionCount"] == total


async def test_disaster_events_filtered_by_region_are_those_that_struck_it(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    regency = str(
        await databases.value(
            "logistics",
            "SELECT substr(village_code, 1, 5) FROM emergency_posts ORDER BY id LIMIT 1",
        )
    )
    regions = await _regions_by_event(databases)
    expected = sorted(
        key for key, codes in regions.items() if any(overlaps(code, regency) for code in codes)
    )
    events = await _events(client, filter={"regionCode": regency})
    assert 0 < len(expected) < len(regions)
    assert node_ids(events) == expected
    assert events["totalCount"] == len(expected)


async def test_disaster_events_filtered_by_kind_have_that_kind(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    kind = str(
        await databases.value("logistics", "SELECT kind FROM disaster_events ORDER BY id LIMIT 1")
    )
    expected = await _ids(
        databases, "SELECT id FROM disaster_events WHERE kind = :kind ORDER BY id", kind=kind
    )
    events = await _events(client, filter={"kind": DisasterKind(kind).name})
    assert node_ids(events) == expected
    assert events["totalCount"] == len(expected)


async def test_disaster_events_filtered_by_status_have_that_status(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    status = str(
        await databases.value("logistics", "SELECT status FROM disaster_events ORDER BY id LIMIT 1")
    )
    expected = await _ids(
        databases,
        "SELECT id FROM disaster_events WHERE status = :status ORDER BY id",
        status=status,
    )
    events = await _events(client, filter={"status": EventStatus(status).name})
    assert node_ids(events) == expected
    assert events["totalCount"] == len(expected)


async def test_disaster_events_in_a_province_never_struck_are_an_empty_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    codes = [code for codes in (await _regions_by_event(databases)).values() for code in codes]
    calm = next(
        province.code
        for province in gazetteer().children(None)
        if not any(overlaps(code, province.code) for code in codes)
    )
    events = await _events(client, filter={"regionCode": calm})
    assert events["edges"] == []
    assert events["totalCount"] == 0
    assert events["pageInfo"]["hasNextPage"] is False
    assert events["pageInfo"]["endCursor"] is None


async def test_disaster_events_last_page_has_no_next_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await _ids(databases)
    before_last = await _events(client, first=len(expected) - 1)
    last = await _events(client, after=before_last["pageInfo"]["endCursor"])
    assert before_last["pageInfo"]["hasNextPage"] is True
    assert node_ids(last) == expected[-1:]
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["hasPreviousPage"] is True


async def test_disaster_events_with_a_malformed_cursor_is_bad_user_input(
    client: GraphQLClient,
) -> None:
    body = await client.post(DISASTER_EVENTS, {"first": 5, "after": "Zm9vOmJhcg=="})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_disaster_events_refuse_more_than_500_per_page(client: GraphQLClient) -> None:
    body = await client.post(DISASTER_EVENTS, {"first": 501})
    assert error_code(body) == "BAD_USER_INPUT"
