"""Warehouses: the list, its filters, and the stock they hold."""

from typing import Any

from resolvers.logistics.enums import Item, WarehouseKind
from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.support import error_code, listed, node_ids, overlaps

WAREHOUSES = """
query Warehouses($filter: WarehouseFilterInput, $first: Int, $after: String) {
  warehouses(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name kind regionCode address region { code } } }
  }
}
"""

WAREHOUSE_STOCK = """
query WarehouseStock($first: Int) {
  warehouses(first: $first) { edges { node { id stock { item quantity } } } }
}
"""


async def _stored(databases: SourceDatabases) -> list[Any]:
    return await databases.rows("logistics", "SELECT * FROM warehouses ORDER BY id")


async def _warehouses(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return await listed(client, WAREHOUSES, "warehouses", **variables)


async def test_warehouses_list_every_stored_warehouse_with_its_fields(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _stored(databases)
    warehouses = await _warehouses(client)
    assert stored
    assert [edge["node"] for edge in warehouses["edges"]] == [
        {
            "id": str(row.id),
            "name": row.name,
            "kind": WarehouseKind(row.kind).name,
            "regionCode": row.region_code,
            "address": row.address,
            "region": {"code": row.region_code},
        }
        for row in stored[:500]
    ]
    assert warehouses["totalCount"] == len(stored)


async def test_warehouses_filtered_by_region_include_those_above_it(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _stored(databases)
    deepest = max(stored, key=lambda row: row.region_code.count("."))
    expected = [row.id for row in stored if overlaps(row.region_code, deepest.region_code)]
    warehouses = await _warehouses(client, filter={"regionCode": deepest.region_code})
    assert 0 < len(expected) < len(stored)
    assert node_ids(warehouses) == expected
    assert warehouses["totalCount"] == len(expected)


async def test_warehouses_filtered_by_kind_have_that_kind(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _stored(databases)
    kind = stored[0].kind
    warehouses = await _warehouses(client, filter={"kind": WarehouseKind(kind).name})
    assert node_ids(warehouses) == [row.id for row in stored if row.kind == kind]


async def test_warehouse_stock_is_what_it_holds_by_item(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    rows = await databases.rows(
        "logistics",
        "SELECT warehouse_id, item, quantity FROM stock_levels"
        " WHERE warehouse_id IS NOT NULL ORDER BY item",
    )
    expected: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        expected.setdefault(str(row.warehouse_id), []).append(
            {"item": Item(row.item).name, "quantity": row.quantity}
        )
    data = await client.data(WAREHOUSE_STOCK, {"first": 500})
    stock = {edge["node"]["id"]: edge["node"]["stock"] for edge in data["warehouses"]["edges"]}
    assert rows
    assert {key: items for key, items in stock.items() if items} == expected


async def test_warehouses_refuse_more_than_500_per_page(client: GraphQLClient) -> None:
    body = await client.post(WAREHOUSES, {"first": 501})
    assert error_code(body) == "BAD_USER_INPUT"
