"""Stock changes and the movements that record them, always written together.

A place (a warehouse or an emergency post) holds one stock row per item; every change to
it appends a movement, so the stock of an item is the sum of its movements. Stock is taken
with a guarded ``UPDATE`` that never lets it fall below zero: under concurrent takes
exactly as many succeed as the stock allows, whatever the engine's isolation level.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.bulk_insert import Row
from resolvers.logistics.enums import Item, MovementReason
from resolvers.logistics.tables import stock_levels, stock_movements


@dataclass(frozen=True, slots=True)
class Place:
    """Where stock is held: exactly one of the two is set."""

    warehouse_id: int | None = None
    post_id: int | None = None

    @classmethod
    def warehouse(cls, warehouse_id: int) -> "Place":
        return cls(warehouse_id=warehouse_id)

    @classmethod
    def post(cls, post_id: int) -> "Place":
        return cls(post_id=post_id)

    def holds(self, table: Table) -> ColumnElement[bool]:
        """SQL condition: a row of ``table`` (stock levels or movements) is at this place."""
        if self.warehouse_id is not None:
            return table.c.warehouse_id == self.warehouse_id
        return table.c.post_id == self.post_id

    def columns(self) -> dict[str, int | None]:
        return {"warehouse_id": self.warehouse_id, "post_id": self.post_id}


@dataclass(frozen=True, slots=True)
class Shortage:
    """Not enough of an item at the place."""

    item: Item
    requested: int
    available: int


@dataclass(frozen=True, slots=True)
class Cause:
    """Why stock moved, when, and the distribution or shipment behind it."""

    reason: MovementReason
    reference_id: int | None
    at: datetime.datetime


def in_item_order(lines: Mapping[Item, int]) -> list[tuple[Item, int]]:
    # Touching rows in one order everywhere keeps concurrent writers from deadlocking.
    return sorted(lines.items(), key=lambda line: line[0].value)


async def take(
    conn: AsyncConnection, place: Place, lines: Mapping[Item, int], cause: Cause
) -> Shortage | None:
    """Take every line from the place, or report the first one short of stock; on a
    shortage the caller must roll the transaction back, as earlier lines were taken."""
    row = stock_levels.c
    for item, quantity in in_item_order(lines):
        taken = await conn.execute(
            update(stock_levels)
            .where(place.holds(stock_levels), row.item == item.value, row.quantity >= quantity)
            .values(quantity=row.quantity - quantity)
        )
        if taken.rowcount != 1:
            return Shortage(item, quantity, await _available(conn, place, item))
    await _record(conn, place, ((item, -quantity) for item, quantity in lines.items()), cause)
    return None


async def give(
    conn: AsyncConnection, place: Place, lines: Mapping[Item, int], cause: Cause
) -> None:
    """Add every line to the place, creating its stock rows as needed."""
    for item, quantity in in_item_order(lines):
        if await _added(conn, place, item, quantity):
            continue
        try:
            async with conn.begin_nested():
                await conn.execute(
                    insert(stock_levels).values(
                        **place.columns(), item=item.value, quantity=quantity
                    )
                )
        except IntegrityError:
            # A concurrent transaction created the row first; it is committed now.
            if not await _added(conn, place, item, quantity):
                raise
    await _record(conn, place, lines.items(), cause)


def opening_movements(levels: Iterable[Row], at: datetime.datetime) -> list[Row]:
    """Movement rows that open the ledger at the given stock levels."""
    return [
        {
            "warehouse_id": level["warehouse_id"],
            "post_id": level["post_id"],
            "item": level["item"],
            "delta": level["quantity"],
            "reason": MovementReason.SEED.value,
            "reference_id": None,
            "at": at,
        }
        for level in levels
        if level["quantity"]
    ]


async def _added(conn: AsyncConnection, place: Place, item: Item, quantity: int) -> bool:
    row = stock_levels.c
    added = await conn.execute(
        update(stock_levels)
        .where(place.holds(stock_levels), row.item == item.value)
        .values(quantity=row.quantity + quantity)
    )
    return added.rowcount == 1


async def _available(conn: AsyncConnection, place: Place, item: Item) -> int:
    held = await conn.execute(
        select(stock_levels.c.quantity).where(
            place.holds(stock_levels), stock_levels.c.item == item.value
        )
    )
    return int(held.scalar_one_or_none() or 0)


async def _record(
    conn: AsyncConnection, place: Place, deltas: Iterable[tuple[Item, int]], cause: Cause
) -> None:
    rows = [
        {
            **place.columns(),
            "item": item.value,
            "delta": delta,
            "reason": cause.reason.value,
            "reference_id": cause.reference_id,
            "at": cause.at,
        }
        for item, delta in deltas
    ]
    if rows:
        await conn.execute(insert(stock_movements), rows)
