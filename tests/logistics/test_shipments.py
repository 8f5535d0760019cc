"""Shipments: the list by destination, its filters, and what each one carried."""

from typing import Any

from resolvers.logistics.enums import Item, ShipmentStatus
from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.support import error_code, listed, node_ids, under

SHIPMENTS = """
query Shipments($filter: ShipmentFilterInput, $first: Int, $after: String) {
  shipments(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id status dispatchedOn receivedOn
        warehouse { id }
        post { id villageCode }
        items { item quantity }
      }
    }
  }
}
"""

STORED = (
    "SELECT s.*, p.village_code FROM shipments s JOIN emergency_posts p ON p.id = s.post_id"
    " ORDER BY s.id"
)


async def _shipments(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return await listed(client, SHIPMENTS, "shipments", **variables)


async def test_shipments_list_every_stored_shipment_with_its_ends(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", STORED)
    shipments = await _shipments(client)
    assert stored
    assert [
        (n["id"], n["status"], n["dispatchedOn"], n["receivedOn"], n["warehouse"], n["post"])
        for n in (edge["node"] for edge in shipments["edges"])
    ] == [
        (
            str(row.id),
            ShipmentStatus(row.status).name,
            str(row.dispatched_on),
            None if row.received_on is None else str(row.received_on),
            {"id": str(row.warehouse_id)},
            {"id": str(row.post_id), "villageCode": row.village_code},
        )
        for row in stored[:500]
    ]
    assert shipments["totalCount"] == len(stored)


async def test_shipment_items_are_what_it_carried(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = int(await databases.value("logistics", "SELECT min(shipment_id) FROM shipment_items"))
    rows = await databases.rows(
        "logistics",
        "SELECT item, quantity FROM shipment_items WHERE shipment_id = :id ORDER BY item",
        id=key,
    )
    shipments = await _shipments(client)
    node = next(edge["node"] for edge in shipments["edges"] if edge["node"]["id"] == str(key))
    assert node["items"] == [
        {"item": Item(row.item).name, "quantity": row.quantity} for row in rows
    ]


async def test_shipments_filtered_by_region_go_to_posts_there(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", STORED)
    regency = stored[0].village_code[:5]
    expected = [row.id for row in stored if under(row.village_code, regency)]
    shipments = await _shipments(client, filter={"regionCode": regency})
    assert node_ids(shipments) == expected
    assert shipments["totalCount"] == len(expected)


async def test_shipments_filtered_by_status_have_that_status(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await databases.rows("logistics", STORED)
    status = stored[0].status
    shipments = await _shipments(client, filter={"status": ShipmentStatus(status).name})
    expected = [row.id for row in stored if row.status == status]
    assert node_ids(shipments) == expected
    assert shipments["totalCount"] == len(expected)


async def test_shipments_with_a_malformed_cursor_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(SHIPMENTS, {"first": 5, "after": "c2hpcG1lbnQ6eA=="})
    assert error_code(body) == "BAD_USER_INPUT"
