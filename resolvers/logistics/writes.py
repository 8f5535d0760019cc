"""Idempotent writes of the logistics agency: aid handed out at a post, shipments
dispatched from a warehouse and received at a post.

Each write is one transaction of the logistics database (the hub's source, or the agency's
node when it runs one), guarded by the client's idempotency key: the records, the stock
they move and the ledger movements commit together or not at all. Whether the caller may
see a post, warehouse or shipment is decided inside that transaction, with the same region
conditions as the loaders. An expected failure rolls everything back and comes back as a
value, never as an error.
"""

import datetime
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.regions import RegionScope
from auth.scopes import write
from resolvers.agency_writes import AgencyWrite, Author, Work
from resolvers.idempotency import KeyReused, Refused
from resolvers.logistics import AGENCY
from resolvers.logistics.enums import Item, MovementReason, ShipmentStatus
from resolvers.logistics.ledger import Cause, Place, Shortage, give, take
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


Writer = Callable[..., Awaitable[tuple[dict[str, Any], bool]]]


def _distribution(author: Author, arguments: Mapping[str, Any]) -> Work:
    handout = Handout(
        event_id=int(arguments["event"]),
        post_id=int(arguments["post"]),
        household_id=int(arguments["household"]),
        village_code=str(arguments["village"]),
        items=_lines(arguments["items"]),
    )

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        post = await _open_post(conn, author.scope, handout.post_id)
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

    return work


def _dispatch(author: Author, arguments: Mapping[str, Any]) -> Work:
    consignment = Consignment(
        warehouse_id=int(arguments["warehouse"]),
        post_id=int(arguments["post"]),
        items=_lines(arguments["items"]),
    )

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        await _warehouse(conn, author.scope, consignment.warehouse_id)
        await _open_post(conn, author.scope, consignment.post_id)
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

    return work


def _receipt(author: Author, arguments: Mapping[str, Any]) -> Work:
    shipment_id = int(arguments["shipment"])

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        post_id = await _shipment_post(conn, author.scope, shipment_id)
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

    return work


_NEEDS = write(AGENCY)
RECORD_AID = AgencyWrite(
    AGENCY,
    "recordAidDistribution",
    idempotency_keys,
    _distribution,
    _NEEDS,
    (Missing, Rejected, Shortage),
)
DISPATCH = AgencyWrite(
    AGENCY, "dispatchShipment", idempotency_keys, _dispatch, _NEEDS, (Missing, Rejected, Shortage)
)
RECEIPT = AgencyWrite(
    AGENCY, "receiveShipment", idempotency_keys, _receipt, _NEEDS, (Missing, WrongState)
)
WRITES = (RECORD_AID, DISPATCH, RECEIPT)


class LogisticsWrites:
    """The writes of one caller, through ``write`` (``Context.write``): into the agency's
    database or through its node, under the caller's client id and regions."""

    def __init__(self, write: Writer) -> None:
        self._write = write

    async def record_distribution(self, handout: Handout, key: str) -> Written | StockRefusal:
        identity = {
            "event": handout.event_id,
            "post": handout.post_id,
            "household": handout.household_id,
            "items": _plain(handout.items),
        }
        # The village follows from the household: it is not part of the input's identity.
        arguments = {**identity, "village": handout.village_code}
        return await self._once(RECORD_AID, key, arguments, identity)

    async def dispatch_shipment(self, consignment: Consignment, key: str) -> Written | StockRefusal:
        arguments = {
            "warehouse": consignment.warehouse_id,
            "post": consignment.post_id,
            "items": _plain(consignment.items),
        }
        return await self._once(DISPATCH, key, arguments)

    async def receive_shipment(self, shipment_id: int, key: str) -> Written | ReceiptRefusal:
        return await self._once(RECEIPT, key, {"shipment": shipment_id})

    async def _once(
        self,
        write: AgencyWrite,
        key: str,
        arguments: Mapping[str, Any],
        identity: Mapping[str, Any] | None = None,
    ) -> Written | Any:
        """The record written, or the refusal the write came to (typed by the caller)."""
        try:
            result, replayed = await self._write(write, key, arguments, identity)
        except Refused as refused:
            return refused.outcome
        except KeyReused:
            return KeyTaken()
        return Written(int(result["id"]), replayed)


async def _open_post(conn: AsyncConnection, scope: RegionScope, post_id: int) -> Row[Any]:
    post = (
        await conn.execute(
            select(emergency_posts.c.event_id, emergency_posts.c.closed_on).where(
                emergency_posts.c.id == post_id,
                scope.clause(emergency_posts.c.village_code),
            )
        )
    ).first()
    if post is None:
        raise Refused(Missing("emergency post"))
    if post.closed_on is not None:
        raise Refused(Rejected("postId", "The emergency post is closed"))
    return post


async def _warehouse(conn: AsyncConnection, scope: RegionScope, warehouse_id: int) -> None:
    found = await conn.execute(
        select(warehouses.c.id).where(
            warehouses.c.id == warehouse_id,
            scope.overlap_clause(warehouses.c.region_code),
        )
    )
    if found.first() is None:
        raise Refused(Missing("warehouse"))


async def _shipment_post(conn: AsyncConnection, scope: RegionScope, shipment_id: int) -> int:
    found = await conn.execute(
        select(shipments.c.post_id)
        .join(emergency_posts, emergency_posts.c.id == shipments.c.post_id)
        .where(
            shipments.c.id == shipment_id,
            scope.clause(emergency_posts.c.village_code),
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


def _lines(plain: Mapping[str, Any]) -> dict[Item, int]:
    return {Item(item): int(quantity) for item, quantity in plain.items()}


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
