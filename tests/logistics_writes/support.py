"""A hand on the seeded logistics database, to build each test's own events, posts,
warehouses and stock and to read what was written; and hubs of a test's own.

Rows are written and read through the agency's tables, so the same helpers work on any
engine the source runs on.
"""

import datetime
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Row, Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.logistics.enums import Item, MovementReason
from resolvers.logistics.ledger import Place
from resolvers.logistics.tables import (
    aid_distributions,
    disaster_events,
    distribution_items,
    emergency_posts,
    event_regions,
    shipments,
    stock_levels,
    stock_movements,
    warehouses,
)
from tests.conftest import BASE_URL, GraphQLClient, mint
from tests.logistics_writes.operations import aid_input

OPENED = datetime.date(2026, 11, 1)


@asynccontextmanager
async def hub_client(settings: Settings) -> AsyncIterator[GraphQLClient]:
    """A national client holding every scope, of a hub of its own over ``settings``."""
    app = create_app(settings)
    await app.state.hub.security.prepare()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield GraphQLClient(http, mint(app))
    finally:
        await app.state.hub.close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Household:
    id: int
    village_code: str

    @property
    def regency(self) -> str:
        return self.village_code[:5]


@dataclass(frozen=True)
class Site:
    """A disaster event of a test's own with one open post in a household's village."""

    event: int
    post: int
    household: Household

    @property
    def place(self) -> Place:
        return Place.post(self.post)

    def aid(self, items: dict[Item, int], key: str | None = None) -> dict[str, Any]:
        return aid_input(self.event, self.post, self.household.id, items, key)


class Logistics:
    """Direct access to the logistics source, beside the hub."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def site(self, household: Household, *, closed: bool = False) -> Site:
        event = await self._insert(
            disaster_events,
            name="Banjir Uji",
            kind="banjir",
            status="tanggap_darurat",
            started_on=OPENED,
            ended_on=None,
        )
        await self._insert(event_regions, event_id=event, region_code=household.regency)
        post = await self.post(event, household.village_code, closed=closed)
        return Site(event, post, household)

    async def post(self, event: int, village_code: str, *, closed: bool = False) -> int:
        return await self._insert(
            emergency_posts,
            event_id=event,
            name="Posko Uji",
            village_code=village_code,
            opened_on=OPENED,
            closed_on=OPENED if closed else None,
        )

    async def warehouse(self, region_code: str) -> int:
        return await self._insert(
            warehouses,
            name="Gudang Uji",
            kind="lumbung_sosial",
            region_code=region_code,
            address="Jl. Uji No. 1",
        )

    async def stock(self, place: Place, items: dict[Item, int]) -> None:
        """Put stock of new items at a place, on the ledger as adjustments."""
        for item, quantity in items.items():
            await self._insert(stock_levels, **place.columns(), item=item.value, quantity=quantity)
            await self._adjusted(place, item, quantity)

    async def adjust(self, place: Place, item: Item, delta: int) -> None:
        """Change the stock of an item the place holds, on the ledger as an adjustment."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(stock_levels)
                .where(place.holds(stock_levels), stock_levels.c.item == item.value)
                .values(quantity=stock_levels.c.quantity + delta)
            )
        await self._adjusted(place, item, delta)

    async def _adjusted(self, place: Place, item: Item, delta: int) -> None:
        await self._insert(
            stock_movements,
            **place.columns(),
            item=item.value,
            delta=delta,
            reason=MovementReason.ADJUSTMENT.value,
            reference_id=None,
            at=datetime.datetime.now(datetime.UTC),
        )

    async def quantity(self, place: Place, item: Item) -> int | None:
        rows = await self.rows(
            select(stock_levels.c.quantity).where(
                place.holds(stock_levels), stock_levels.c.item == item.value
            )
        )
        return None if not rows else int(rows[0].quantity)

    async def movements(self, place: Place) -> list[Row[Any]]:
        return await self.rows(
            select(stock_movements)
            .where(place.holds(stock_movements))
            .order_by(stock_movements.c.id)
        )

    async def distributions(self, post: int) -> list[Row[Any]]:
        return await self.rows(
            select(aid_distributions)
            .where(aid_distributions.c.post_id == post)
            .order_by(aid_distributions.c.id)
        )

    async def distribution_items(self, distribution: int) -> dict[Item, int]:
        rows = await self.rows(
            select(distribution_items).where(distribution_items.c.distribution_id == distribution)
        )
        return {Item(row.item): row.quantity for row in rows}

    async def shipment_status(self, shipment: int) -> str:
        rows = await self.rows(select(shipments.c.status).where(shipments.c.id == shipment))
        return str(rows[0].status)

    async def count(self, table: Table) -> int:
        rows = await self.rows(select(func.count()).select_from(table))
        return int(rows[0][0])

    async def unbalanced(self) -> dict[tuple[Any, ...], tuple[int, int]]:
        """Every (warehouse, post, item) whose stock is not the sum of its movements:
        (stock, sum). Empty when the ledger holds everywhere."""
        levels = Counter(
            {
                (row.warehouse_id, row.post_id, row.item): row.quantity
                for row in await self.rows(select(stock_levels))
            }
        )
        sums: Counter[tuple[Any, ...]] = Counter()
        for row in await self.rows(select(stock_movements)):
            sums[row.warehouse_id, row.post_id, row.item] += row.delta
        return {
            place: (levels[place], sums[place])
            for place in set(levels) | set(sums)
            if levels[place] != sums[place]
        }

    async def rows(self, statement: Any) -> list[Row[Any]]:
        async with self.engine.connect() as conn:
            return list((await conn.execute(statement)).all())

    async def _insert(self, table: Table, **values: Any) -> int:
        async with self.engine.begin() as conn:
            if "id" not in table.c:
                await conn.execute(insert(table).values(**values))
                return 0
            inserted = await conn.execute(insert(table).values(**values).returning(table.c.id))
            return int(inserted.scalar_one())
