"""The stock ledger: every stock level is the sum of its movements, from the seed on, and
a post's or warehouse's movements can be read beside its stock."""

from typing import Any

from resolvers.logistics.enums import Item
from resolvers.logistics.ledger import Place
from resolvers.logistics.tables import stock_levels, stock_movements
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import (
    DISPATCH,
    RECEIVE,
    RECORD,
    dispatch_input,
    receive_input,
)
from tests.logistics_writes.support import Household, Logistics

POST_MOVEMENTS = """
query PostMovements($id: ID!, $first: Int, $after: String) {
  disasterEvent(id: $id) {
    posts {
      stockMovements(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { item delta reason referenceId at } }
      }
    }
  }
}
"""

DISPATCH_WITH_LEDGER = """
mutation Dispatch($input: DispatchShipmentInput!) {
  dispatchShipment(input: $input) {
    ... on ShipmentDispatched {
      shipment { id warehouse { stockMovements { edges { node { item delta reason } } } } }
    }
  }
}
"""


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


async def test_every_stock_level_is_the_sum_of_its_movements(logistics: Logistics) -> None:
    assert await logistics.count(stock_levels) > 0
    assert await logistics.count(stock_movements) > 0
    assert await logistics.unbalanced() == {}


async def test_a_posts_movements_show_what_came_in_and_what_was_handed_out(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {Item.SELIMUT: 8})
    recorded = await writer.data(RECORD, {"input": site.aid({Item.SELIMUT: 3})})
    distribution = recorded["recordAidDistribution"]["distribution"]["id"]
    data = await writer.data(POST_MOVEMENTS, {"id": str(site.event)})
    (post,) = data["disasterEvent"]["posts"]
    movements = post["stockMovements"]
    assert movements["totalCount"] == 2
    assert [
        (node["item"], node["delta"], node["reason"], node["referenceId"])
        for node in _nodes(movements)
    ] == [("SELIMUT", 8, "ADJUSTMENT", None), ("SELIMUT", -3, "DISTRIBUTION", distribution)]
    assert all(node["at"].endswith("+00:00") for node in _nodes(movements))


async def test_a_posts_movements_come_in_pages(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {Item.SELIMUT: 8, Item.KASUR: 2, Item.BERAS: 5})
    variables = {"id": str(site.event), "first": 2}
    first = (await writer.data(POST_MOVEMENTS, variables))["disasterEvent"]["posts"][0]
    cursor = first["stockMovements"]["pageInfo"]["endCursor"]
    second = (await writer.data(POST_MOVEMENTS, {**variables, "after": cursor}))["disasterEvent"][
        "posts"
    ][0]
    items = [node["item"] for node in _nodes(first["stockMovements"])] + [
        node["item"] for node in _nodes(second["stockMovements"])
    ]
    assert items == ["SELIMUT", "KASUR", "BERAS"]
    assert first["stockMovements"]["pageInfo"]["hasNextPage"] is True
    assert second["stockMovements"]["pageInfo"]["hasNextPage"] is False


async def test_a_warehouses_movements_show_the_dispatch(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    warehouse = await logistics.warehouse(home.regency)
    await logistics.stock(Place.warehouse(warehouse), {Item.BERAS: 100})
    site = await logistics.site(home)
    variables = dispatch_input(warehouse, site.post, {Item.BERAS: 40})
    data = await writer.data(DISPATCH_WITH_LEDGER, {"input": variables})
    ledger = data["dispatchShipment"]["shipment"]["warehouse"]["stockMovements"]
    assert [(n["item"], n["delta"], n["reason"]) for n in _nodes(ledger)] == [
        ("BERAS", 100, "ADJUSTMENT"),
        ("BERAS", -40, "DISPATCH"),
    ]


async def test_the_ledger_holds_after_a_shipment_travels_and_its_aid_is_handed_out(
    writer: GraphQLClient, logistics: Logistics, home: Household
) -> None:
    warehouse = await logistics.warehouse(home.regency)
    await logistics.stock(Place.warehouse(warehouse), {Item.FAMILY_KIT: 10})
    site = await logistics.site(home)
    sent = await writer.data(
        DISPATCH, {"input": dispatch_input(warehouse, site.post, {Item.FAMILY_KIT: 6})}
    )
    shipment = int(sent["dispatchShipment"]["shipment"]["id"])
    await writer.data(RECEIVE, {"input": receive_input(shipment)})
    await writer.data(RECORD, {"input": site.aid({Item.FAMILY_KIT: 1})})
    assert await logistics.quantity(Place.warehouse(warehouse), Item.FAMILY_KIT) == 4
    assert await logistics.quantity(site.place, Item.FAMILY_KIT) == 5
    assert await logistics.unbalanced() == {}
