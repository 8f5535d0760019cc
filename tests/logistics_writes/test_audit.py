"""Every logistics write, and every replay of one, is on the audit record with its key."""

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.logistics.enums import Item
from resolvers.logistics.ledger import Place
from tests.conftest import GraphQLClient
from tests.logistics_writes.operations import (
    DISPATCH,
    RECEIVE,
    RECORD,
    dispatch_input,
    new_key,
    receive_input,
)
from tests.logistics_writes.support import Household, Logistics

WRITER = "logistics-audited"


async def _audited(
    client: GraphQLClient, hub_engine: AsyncEngine, operation: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """The answer to a write and the audit rows of its request."""
    request_id = f"logistics-{uuid.uuid4().hex}"
    body = await client.post(operation, {"input": variables}, headers={"X-Request-ID": request_id})
    async with hub_engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT client_id, agency, subject_kind, subject, action, idempotency_key"
                " FROM audit_log WHERE request_id = :r"
            ),
            {"r": request_id},
        )
        return body, [tuple(row) for row in rows]


async def test_recorded_aid_is_audited_against_the_household_with_its_key(
    write_as: Any, hub_engine: AsyncEngine, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {Item.SELIMUT: 5})
    key = new_key()
    _, rows = await _audited(write_as(WRITER), hub_engine, RECORD, site.aid({Item.SELIMUT: 1}, key))
    assert rows == [(WRITER, "logistics", "household", str(home.id), "recordAidDistribution", key)]


async def test_a_replay_is_audited_like_the_first_write(
    write_as: Any, hub_engine: AsyncEngine, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {Item.SELIMUT: 5})
    variables = site.aid({Item.SELIMUT: 1})
    _, first = await _audited(write_as(WRITER), hub_engine, RECORD, variables)
    _, again = await _audited(write_as(WRITER), hub_engine, RECORD, variables)
    assert again == first


async def test_a_refused_write_is_not_audited(
    write_as: Any, hub_engine: AsyncEngine, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    body, rows = await _audited(write_as(WRITER), hub_engine, RECORD, site.aid({Item.SELIMUT: 1}))
    assert body["data"]["recordAidDistribution"]["__typename"] == "InsufficientStock"
    assert rows == []


async def test_shipments_are_audited_against_the_shipment_with_their_keys(
    write_as: Any, hub_engine: AsyncEngine, logistics: Logistics, home: Household
) -> None:
    client = write_as(WRITER)
    warehouse = await logistics.warehouse(home.regency)
    await logistics.stock(Place.warehouse(warehouse), {Item.KASUR: 4})
    site = await logistics.site(home)
    sent, receive = new_key(), new_key()
    body, dispatched = await _audited(
        client, hub_engine, DISPATCH, dispatch_input(warehouse, site.post, {Item.KASUR: 4}, sent)
    )
    shipment = body["data"]["dispatchShipment"]["shipment"]["id"]
    _, received = await _audited(client, hub_engine, RECEIVE, receive_input(int(shipment), receive))
    assert dispatched == [(WRITER, "logistics", "shipment", shipment, "dispatchShipment", sent)]
    assert received == [(WRITER, "logistics", "shipment", shipment, "receiveShipment", receive)]
