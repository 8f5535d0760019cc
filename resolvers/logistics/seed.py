"""Demo data for disaster logistics: events, posts, warehouses, stock, shipments and aid."""

import datetime
import random

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.bulk_insert import Row, insert_rows
from resolvers.logistics import tables
from resolvers.logistics.aid import AidRows, distribute
from resolvers.logistics.enums import Item, WarehouseKind
from resolvers.logistics.events import Event, Post, plan_events
from resolvers.logistics.ledger import opening_movements
from resolvers.population import (
    REFERENCE_DATE,
    Population,
    place_name,
    region_name,
    street_address,
)

LUMBUNG_SHARE = 0.5
_BUFFER_STOCK = (200, 5000)
_LUMBUNG_STOCK = (20, 500)
_LUMBUNG_ITEMS = (4, 6)


async def seed(conn: AsyncConnection, population: Population, rng: random.Random) -> None:
    warehouses = _Warehouses(rng, sorted({h.village_code[:5] for h in population.households}))
    events = plan_events(rng, population)
    aid = distribute(rng, population, events)
    aid.stock_posts(rng, events, warehouses.serving)
    stock = warehouses.stock + _post_stock(aid, len(warehouses.stock))
    opened = datetime.datetime.combine(REFERENCE_DATE, datetime.time(), datetime.UTC)
    for table, rows in (
        (tables.disaster_events, [_event_row(event) for event in events]),
        (
            tables.event_regions,
            [
                {"event_id": event.id, "region_code": code}
                for event in events
                for code in event.regions
            ],
        ),
        (tables.emergency_posts, [_post_row(post) for event in events for post in event.posts]),
        (tables.warehouses, warehouses.rows),
        (tables.stock_levels, stock),
        (tables.stock_movements, opening_movements(stock, opened)),
        (tables.shipments, aid.shipments),
        (tables.shipment_items, aid.shipment_items),
        (tables.aid_distributions, aid.distributions),
        (tables.distribution_items, aid.distribution_items),
    ):
        await insert_rows(conn, table, rows)


class _Warehouses:
    """A buffer stock per seeded province, and a lumbung sosial in some of its regencies."""

    def __init__(self, rng: random.Random, regencies: list[str]) -> None:
        self.rows: list[Row] = []
        self.stock: list[Row] = []
        self._by_region: dict[str, int] = {}
        for province in sorted({regency[:2] for regency in regencies}):
            name = f"Gudang Buffer Stock Provinsi {region_name(province)}"
            warehouse = self._add(rng, WarehouseKind.BUFFER_STOCK, province, name)
            for item in Item:
                self._stock(warehouse, item, rng.randint(*_BUFFER_STOCK))
        for regency in regencies:
            if rng.random() < LUMBUNG_SHARE:
                name = f"Lumbung Sosial {region_name(regency)}"
                warehouse = self._add(rng, WarehouseKind.LUMBUNG_SOSIAL, regency, name)
                for item in rng.sample(tuple(Item), rng.randint(*_LUMBUNG_ITEMS)):
                    self._stock(warehouse, item, rng.randint(*_LUMBUNG_STOCK))

    def serving(self, village_code: str) -> int:
        """The warehouse that supplies a village: its regency's lumbung, else the province's."""
        return self._by_region.get(village_code[:5]) or self._by_region[village_code[:2]]

    def _add(self, rng: random.Random, kind: WarehouseKind, region_code: str, name: str) -> int:
        warehouse_id = len(self.rows) + 1
        self._by_region[region_code] = warehouse_id
        self.rows.append(
            {
                "id": warehouse_id,
                "name": name,
                "kind": kind.value,
                "region_code": region_code,
                "address": f"{street_address(rng)}, {place_name(region_name(region_code))}",
            }
        )
        return warehouse_id

    def _stock(self, warehouse_id: int, item: Item, quantity: int) -> None:
        self.stock.append(
            {
                "id": len(self.stock) + 1,
                "warehouse_id": warehouse_id,
                "post_id": None,
                "item": item.value,
                "quantity": quantity,
            }
        )


def _post_stock(aid: AidRows, first_id: int) -> list[Row]:
    return [
        {
            "id": first_id + index,
            "warehouse_id": None,
            "post_id": post_id,
            "item": item,
            "quantity": quantity,
        }
        for index, ((post_id, item), quantity) in enumerate(sorted(aid.post_stock.items()), 1)
    ]


def _event_row(event: Event) -> Row:
    return {
        "id": event.id,
        "name": event.name,
        "kind": event.kind.value,
        "status": event.status.value,
        "started_on": event.started_on,
        "ended_on": event.ended_on,
    }


def _post_row(post: Post) -> Row:
    return {
        "id": post.id,
        "event_id": post.event_id,
        "name": post.name,
        "village_code": post.village_code,
        "opened_on": post.opened_on,
        "closed_on": post.closed_on,
    }
