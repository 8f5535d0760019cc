"""Idempotent writes of the logistics agency: aid handed out at a post, shipments
dispatched from a warehouse and received at a post.

Each write is one transaction of the logistics source, guarded by the client's
idempotency key: the records, the stock they move and the ledger movements commit
together or not at all. Whether the caller may see a post, warehouse or shipment is
decided inside that transaction, with the same region conditions as the loaders. An
expected failure rolls everything back and comes back as a value, never as an error.
"""

import datetime
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.regions import RegionScope
from resolvers.idempotency import KeyReused, Refused, Request, fingerprint, run_once
from resolvers.logistics.enums import Item, MovementReason, ShipmentStatus
from resolvers.logistics.ledger import Cause, Place, give, take
from resolvers.logistics.outcomes import (
    KeyTaken,
    Missing,
    ReceiptRefusal,
    Rejected,
    StockRefusal,
    Written,
    WrongState,
)
from resolvers.logistics.tables import (
    aid_distributions,
    distribution_items,
    emergency_posts,
    idempotency_keys,
    shipment_items,
    shipments,
    warehouses,
)
from resolvers.source import Reader

# Dates of record are on Jakarta's calendar (WIB, which keeps no daylight saving time).
WIB = datetime.timezone(datetime.timedelta(hours=7), "WIB")

Lines = Mapping[Item, int]


@dataclass(frozen=True, slots=True)
class Handout:
    """Aid to hand to a household at a post of a disaster event."""

    event_id: int
    post_id: int
    household_id: int
    village_code: str
    items: Lines


@dataclass(frozen=True, slots=True)
class Consignment:
    """Items to send from a warehouse to a post."""

    warehouse_id: int
    post_id: int
    items: Lines


_Work = Callable[[AsyncConnection], Awaitable[dict[str, Any]]]


class LogisticsWrites:
    """The writes of one caller: its client id keys its idempotency keys, its regions
    bound what it may touch."""

    def __init__(self, reader: Reader, scope: RegionScope, client_id: str) -> None:
        self._reader = reader
        self._scope = scope
        self._client_id = client_id

    async def record_distribution(self, handout: Handout, key: str) -> Written | StockRefusal:
        async def work(conn: AsyncConnection) -> dict[str, Any]:
            post = await self._open_post(conn, handout.post_id)
            if post.event_id != handout.event_id:
                raise Refused(Rejected("postId", "The emergency post serves another event"))
            now = _now()
            distribution_id = await _insert(
                conn,
                aid_distributions,
                event_id=handout.event_id,
                post_id=handout.post_id,
                household_id=handout.household_id,
                village_code=handout.village_code,
                distributed_on=_day(now),
            )
            await _insert_lines(
                conn, distribution_items, "distribution_id", distribution_id, handout.items
            )
            cause = Cause(MovementReason.DISTRIBUTION, distribution_id, now)
            await _take_or_refuse(conn, Place.post(handout.post_id), handout.items, cause)
            return {"id": distribution_id}

        arguments = {
            "event": handout.event_id,
            "post": handout.post_id,
            "household": handout.household_id,
            "items": _plain(handout.items),
        }
        return await self._once("recordAidDistribution", key, arguments, work)

    async def dispatch_shipment(self, consignment: Consignment, key: str) -> Written | StockRefusal:
        async def work(conn: AsyncConnection) -> dict[str, Any]:
            await self._warehouse(conn, consignment.warehouse_id)
            await self._open_post(conn, consignment.post_id)
            now = _now()
            shipment_id = await _insert(
                conn,
                shipments,
                warehouse_id=consignment.warehouse_id,
                post_id=consignment.post_id,
                status=ShipmentStatus.DIKIRIM.value,
                dispatched_on=_day(now),
                received_on=None,
            )
            await _insert_lines(conn, shipment_items, "shipment_id", shipment_id, consignment.items)
            cause = Cause(MovementReason.DISPATCH, shipment_id, now)
            await _take_or_refuse(
                conn, Place.warehouse(consignment.warehouse_id), consignment.items, cause
            )
            return {"id": shipment_id}

        arguments = {
            "warehouse": consignment.warehouse_id,
            "post": consignment.post_id,
            "items": _plain(consignment.items),
        }
        return await self._once("dispatchShipment", key, arguments, work)

    async def receive_shipment(self, shipment_id: int, key: str) -> Written | ReceiptRefusal:
        async def work(conn: AsyncConnection) -> dict[str, Any]:
            post_id = await self._shipment_post(conn, shipment_id)
            now = _now()
            # Guarded, so of two concurrent receipts only one moves the shipment on.
            received = await conn.execute(
                update(shipments)
                .where(
                    shipments.c.id == shipment_id,
                    shipments.c.status == ShipmentStatus.DIKIRIM.value,
                )
                .values(status=ShipmentStatus.DITERIMA.value, received_on=_day(now))
            )
            if received.rowcount != 1:
                raise Refused(WrongState(await _status(conn, shipment_id)))
            items = await _shipped(conn, shipment_id)
            await give(
                conn, Place.post(post_id), items, Cause(MovementReason.RECEIPT, shipment_id, now)
            )
            return {"id": shipment_id}

        return await self._once("receiveShipment", key, {"shipment": shipment_id}, work)

    async def _once(
        self, operation: str, key: str, arguments: Mapping[str, Any], work: _Work
    ) -> Written | Any:
        """The record written, or the refusal ``work`` raised (typed by the caller)."""
        request = Request(self._client_id, key, operation, fingerprint(arguments))
        try:
            result, replayed = await run_once(self._reader, idempotency_keys, request, work)
        except Refused as refused:
            return refused.outcome
        except KeyReused:
            return KeyTaken()
        return Written(int(result["id"]), replayed)

    async def _open_post(self, conn: AsyncConnection, post_id: int) -> Row[Any]:
        post = (
            await conn.execute(
                select(emergency_posts.c.event_id, emergency_posts.c.closed_on).where(
                    emergency_posts.c.id == post_id,
                    self._scope.clause(emergency_posts.c.village_code),
                )
            )
        ).first()
        if post is None:
            raise Refused(Missing("emergency post"))
        if post.closed_on is not None:
            raise Refused(Rejected("postId", "The emergency post is closed"))
        return post

    async def _warehouse(self, conn: AsyncConnection, warehouse_id: int) -> None:
        found = await conn.execute(
            select(warehouses.c.id).where(
                warehouses.c.id == warehouse_id,
                self._scope.overlap_clause(warehouses.c.region_code),
            )
        )
        if found.first() is None:
            raise Refused(Missing("warehouse"))

    async def _shipment_post(self, conn: AsyncConnection, shipment_id: int) -> int:
        found = await conn.execute(
            select(shipments.c.post_id)
            .join(emergency_posts, emergency_posts.c.id == shipments.c.post_id)
            .where(
                shipments.c.id == shipment_id,
                self._scope.clause(emergency_posts.c.village_code),
            )
        )
        post_id = found.scalar_one_or_none()
        if post_id is None:
            raise Refused(Missing("shipment"))
        return int(post_id)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(WIB).date()


def _plain(lines: Lines) -> dict[str, int]:
    return {item.value: quantity for item, quantity in lines.items()}


async def _insert(conn: AsyncConnection, table: Table, **values: Any) -> int:
    inserted = await conn.execute(insert(table).values(**values).returning(table.c.id))
    return int(inserted.scalar_one())


async def _insert_lines(
    conn: AsyncConnection, table: Table, parent: str, parent_id: int, lines: Lines
) -> None:
    rows = [
        {parent: parent_id, "item": item.value, "quantity": quantity}
        for item, quantity in lines.items()
    ]
    await conn.execute(insert(table), rows)


async def _take_or_refuse(conn: AsyncConnection, place: Place, lines: Lines, cause: Cause) -> None:
    shortage = await take(conn, place, lines, cause)
    if shortage is not None:
        raise Refused(shortage)


async def _status(conn: AsyncConnection, shipment_id: int) -> ShipmentStatus:
    found = await conn.execute(select(shipments.c.status).where(shipments.c.id == shipment_id))
    return ShipmentStatus(found.scalar_one())


async def _shipped(conn: AsyncConnection, shipment_id: int) -> dict[Item, int]:
    found = await conn.execute(
        select(shipment_items.c.item, shipment_items.c.quantity).where(
            shipment_items.c.shipment_id == shipment_id
        )
    )
    return {Item(row.item): row.quantity for row in found}
