"""dispatchShipment and receiveShipment: stock leaves a warehouse when a shipment is sent
and reaches the post when it arrives, once, on the ledger at every step."""

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from resolvers.logistics.enums import Item, MovementReason
from resolvers.logistics.ledger import Place
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import (
    DISPATCH,
    RECEIVE,
    dispatch_input,
    new_key,
    receive_input,
)
from tests.logistics_writes.support import Household, Logistics, Site

TENTS = Item.TENDA_KELUARGA
KITS = Item.FAMILY_KIT


@dataclass(frozen=True)
class Route:
    """A stocked warehouse of a test's own and an open post to send to."""

    warehouse: int
    site: Site

    @property
    def depot(self) -> Place:
        return Place.warehouse(self.warehouse)

    def dispatch(self, items: dict[Item, int], key: str | None = None) -> dict[str, Any]:
        return dispatch_input(self.warehouse, self.site.post, items, key)


@pytest.fixture
async def route(logistics: Logistics, home: Household) -> Route:
    warehouse = await logistics.warehouse(home.regency)
    await logistics.stock(Place.warehouse(warehouse), {TENTS: 30, KITS: 12})
    return Route(warehouse, await logistics.site(home))


async def _send(
    client: GraphQLClient, operation: str, field: str, variables: dict[str, Any]
) -> dict[str, Any]:
    body = await client.post(operation, {"input": variables})
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"][field]
    return result


async def _dispatch(client: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    return await _send(client, DISPATCH, "dispatchShipment", variables)


async def _receive(client: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    return await _send(client, RECEIVE, "receiveShipment", variables)


async def _shipped(client: GraphQLClient, route: Route, items: dict[Item, int]) -> int:
    dispatched = await _dispatch(client, route.dispatch(items))
    assert dispatched["__typename"] == "ShipmentDispatched", dispatched
    return int(dispatched["shipment"]["id"])


async def test_dispatch_takes_the_items_from_the_warehouse_and_sends_them(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    result = await _dispatch(writer, route.dispatch({TENTS: 10, KITS: 2}))
    shipment = result["shipment"]
    assert (result["__typename"], result["replayed"]) == ("ShipmentDispatched", False)
    assert (shipment["status"], shipment["receivedOn"]) == ("DIKIRIM", None)
    assert shipment["post"] == {"id": str(route.site.post)}
    assert {line["item"]: line["quantity"] for line in shipment["items"]} == {
        "TENDA_KELUARGA": 10,
        "FAMILY_KIT": 2,
    }
    assert await logistics.quantity(route.depot, TENTS) == 20
    assert await logistics.quantity(route.depot, KITS) == 10
    assert await logistics.quantity(route.site.place, TENTS) is None
    moved = [row for row in await logistics.movements(route.depot) if row.delta < 0]
    assert {(row.reason, row.reference_id) for row in moved} == {
        (MovementReason.DISPATCH.value, int(shipment["id"]))
    }


async def test_receiving_adds_the_shipment_to_the_posts_stock(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    await logistics.stock(route.site.place, {KITS: 1})
    shipment = await _shipped(writer, route, {TENTS: 10, KITS: 2})
    result = await _receive(writer, receive_input(shipment))
    assert (result["__typename"], result["replayed"]) == ("ShipmentReceived", False)
    assert result["shipment"]["status"] == "DITERIMA"
    assert result["shipment"]["receivedOn"] is not None
    assert await logistics.quantity(route.site.place, TENTS) == 10
    assert await logistics.quantity(route.site.place, KITS) == 3
    received = [
        (Item(row.item), row.delta, row.reference_id)
        for row in await logistics.movements(route.site.place)
        if row.reason == MovementReason.RECEIPT.value
    ]
    assert sorted(received, key=str) == sorted(
        [(TENTS, 10, shipment), (KITS, 2, shipment)], key=str
    )
    assert await logistics.unbalanced() == {}


async def test_receiving_twice_is_an_illegal_transition(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    shipment = await _shipped(writer, route, {TENTS: 4})
    await _receive(writer, receive_input(shipment))
    again = await _receive(writer, receive_input(shipment))
    assert again["__typename"] == "IllegalTransition"
    assert (again["code"], again["state"]) == ("ILLEGAL_TRANSITION", "DITERIMA")
    assert await logistics.quantity(route.site.place, TENTS) == 4


async def test_receiving_again_with_the_same_key_replays_and_changes_nothing(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    shipment = await _shipped(writer, route, {TENTS: 4})
    variables = receive_input(shipment, new_key())
    first = await _receive(writer, variables)
    again = await _receive(writer, variables)
    assert again == {**first, "replayed": True}
    assert await logistics.quantity(route.site.place, TENTS) == 4


async def test_dispatch_replayed_with_its_key_sends_one_shipment(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    variables = route.dispatch({KITS: 5}, new_key())
    first = await _dispatch(writer, variables)
    again = await _dispatch(writer, variables)
    assert again == {**first, "replayed": True}
    assert await logistics.quantity(route.depot, KITS) == 7


async def test_concurrent_receipts_of_one_shipment_add_its_stock_once(
    write_as: Any, logistics: Logistics, route: Route
) -> None:
    client = write_as("logistics-receivers")
    shipment = await _shipped(client, route, {TENTS: 6})
    results = await asyncio.gather(*(_receive(client, receive_input(shipment)) for _ in range(8)))
    outcomes = Counter(result["__typename"] for result in results)
    assert outcomes == {"ShipmentReceived": 1, "IllegalTransition": 7}
    assert await logistics.quantity(route.site.place, TENTS) == 6
    assert await logistics.unbalanced() == {}


async def test_concurrent_first_receipts_of_an_item_make_one_stock_row(
    write_as: Any, logistics: Logistics, route: Route
) -> None:
    client = write_as("logistics-first-receipts")
    sent = [await _shipped(client, route, {KITS: 2}) for _ in range(4)]
    results = await asyncio.gather(*(_receive(client, receive_input(key)) for key in sent))
    assert {result["__typename"] for result in results} == {"ShipmentReceived"}
    assert await logistics.quantity(route.site.place, KITS) == 8
    assert await logistics.unbalanced() == {}


async def test_dispatch_beyond_the_warehouse_stock_sends_nothing(
    writer: GraphQLClient, logistics: Logistics, route: Route
) -> None:
    result = await _dispatch(writer, route.dispatch({TENTS: 5, KITS: 13}))
    assert (result["__typename"], result["item"], result["available"]) == (
        "InsufficientStock",
        "FAMILY_KIT",
        12,
    )
    assert await logistics.quantity(route.depot, TENTS) == 30
    assert await logistics.quantity(route.depot, KITS) == 12


async def test_dispatch_from_a_warehouse_outside_the_callers_regions_is_not_found(
    writer: GraphQLClient, logistics: Logistics, route: Route, away: Household
) -> None:
    elsewhere = await logistics.warehouse(away.regency)
    await logistics.stock(Place.warehouse(elsewhere), {TENTS: 30})
    result = await _dispatch(writer, dispatch_input(elsewhere, route.site.post, {TENTS: 1}))
    assert result["__typename"] == "NotFound"
    assert await logistics.quantity(Place.warehouse(elsewhere), TENTS) == 30


async def test_dispatch_from_a_warehouse_above_the_callers_regions_is_allowed(
    writer: GraphQLClient, logistics: Logistics, route: Route, home: Household
) -> None:
    province = await logistics.warehouse(home.regency[:2])
    await logistics.stock(Place.warehouse(province), {TENTS: 3})
    result = await _dispatch(writer, dispatch_input(province, route.site.post, {TENTS: 3}))
    assert result["__typename"] == "ShipmentDispatched"
    assert await logistics.quantity(Place.warehouse(province), TENTS) == 0


async def test_dispatch_to_a_post_outside_the_callers_regions_is_not_found(
    writer: GraphQLClient, logistics: Logistics, route: Route, away: Household
) -> None:
    there = await logistics.site(away)
    result = await _dispatch(writer, dispatch_input(route.warehouse, there.post, {TENTS: 1}))
    assert result["__typename"] == "NotFound"
    assert await logistics.quantity(route.depot, TENTS) == 30


async def test_receiving_a_shipment_outside_the_callers_regions_is_not_found(
    client: GraphQLClient, writer: GraphQLClient, logistics: Logistics, away: Household
) -> None:
    warehouse = await logistics.warehouse(away.regency)
    await logistics.stock(Place.warehouse(warehouse), {TENTS: 5})
    there = Route(warehouse, await logistics.site(away))
    shipment = await _shipped(client, there, {TENTS: 5})
    result = await _receive(writer, receive_input(shipment))
    assert result["__typename"] == "NotFound"
    assert await logistics.shipment_status(shipment) == "dikirim"
    assert await logistics.quantity(there.site.place, TENTS) is None
