"""Per-request loaders of the logistics source: every statement carries the caller's scope.

Where a record lies: an event in each of its regions, a post and an aid distribution in
their village, a warehouse in its region, a shipment at its destination post, and stock
where it is held. Events and warehouses may sit above the caller's region (a flood over a
whole province, a provincial buffer stock) and are visible when they overlap it.
"""

from collections import Counter
from collections.abc import Hashable
from functools import cached_property
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Column, Row, Select, and_, exists, func, select

from auth.regions import RegionScope
from resolvers.batching import many_per_key, one_per_key
from resolvers.logistics.filters import DisasterEventFilter, ShipmentFilter, WarehouseFilter
from resolvers.logistics.ledger import Place
from resolvers.logistics.tables import (
    aid_distributions,
    disaster_events,
    distribution_items,
    emergency_posts,
    event_regions,
    shipment_items,
    shipments,
    stock_levels,
    stock_movements,
    warehouses,
)
from resolvers.paging import Page, PageRequest, counts_together, pages_together
from resolvers.rows import column
from resolvers.source import Reader

K = TypeVar("K", bound=Hashable)
# Region codes, and how many records lie there.
Tally = tuple[tuple[str, ...], int]


class LogisticsLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    # -- queries ---------------------------------------------------------------------------

    def _events(self, where: DisasterEventFilter) -> Select[Any]:
        scope = self._narrowed(where.region_code)
        touches = and_(
            event_regions.c.event_id == disaster_events.c.id,
            scope.overlap_clause(event_regions.c.region_code),
        )
        # Naming a column keeps FROM event_regions even when the scope condition is false().
        query = select(disaster_events).where(
            exists(select(event_regions.c.event_id).where(touches))
        )
        if where.kind is not None:
            query = query.where(disaster_events.c.kind == where.kind.value)
        if where.status is not None:
            query = query.where(disaster_events.c.status == where.status.value)
        return query

    async def events_page(self, where: DisasterEventFilter, page: PageRequest) -> Page[Row[Any]]:
        return await self._page(self._events(where), page)

    async def events_count(self, where: DisasterEventFilter) -> int:
        return await self._count(self._events(where))

    def _warehouses(self, where: WarehouseFilter) -> Select[Any]:
        scope = self._narrowed(where.region_code)
        query = select(warehouses).where(scope.overlap_clause(warehouses.c.region_code))
        if where.kind is not None:
            query = query.where(warehouses.c.kind == where.kind.value)
        return query

    async def warehouses_page(self, where: WarehouseFilter, page: PageRequest) -> Page[Row[Any]]:
        return await self._page(self._warehouses(where), page)

    async def warehouses_count(self, where: WarehouseFilter) -> int:
        return await self._count(self._warehouses(where))

    def _shipments(self, where: ShipmentFilter) -> Select[Any]:
        scope = self._narrowed(where.region_code)
        query = (
            select(shipments)
            .join(emergency_posts, emergency_posts.c.id == shipments.c.post_id)
            .where(scope.clause(emergency_posts.c.village_code))
        )
        if where.status is not None:
            query = query.where(shipments.c.status == where.status.value)
        return query

    async def shipments_page(self, where: ShipmentFilter, page: PageRequest) -> Page[Row[Any]]:
        return await self._page(self._shipments(where), page)

    async def shipments_count(self, where: ShipmentFilter) -> int:
        return await self._count(self._shipments(where))

    def _posts(self) -> Select[Any]:
        return select(emergency_posts).where(self._scope.clause(emergency_posts.c.village_code))

    def _distributions(self) -> Select[Any]:
        return select(aid_distributions).where(self._scope.clause(aid_distributions.c.village_code))

    def _movements(self, place: Place) -> Select[Any]:
        query = select(stock_movements).where(place.holds(stock_movements))
        if place.post_id is not None:
            return query.join(
                emergency_posts, emergency_posts.c.id == stock_movements.c.post_id
            ).where(self._scope.clause(emergency_posts.c.village_code))
        return query.join(warehouses, warehouses.c.id == stock_movements.c.warehouse_id).where(
            self._scope.overlap_clause(warehouses.c.region_code)
        )

    # -- tallies: how many records lie in each region, for a node's callers to check --------

    async def events_tally(self, where: DisasterEventFilter) -> list[Tally]:
        """Events by the set of their regions that overlap the caller's."""
        matching = self._events(where).subquery()
        query = select(event_regions.c.event_id, event_regions.c.region_code).where(
            event_regions.c.event_id.in_(select(matching.c.id)),
            self._scope.overlap_clause(event_regions.c.region_code),
        )
        regions: dict[int, list[str]] = {}
        for row in await self._reader.rows(query):
            regions.setdefault(row.event_id, []).append(row.region_code)
        return _tallies(Counter(tuple(sorted(codes)) for codes in regions.values()))

    async def warehouses_tally(self, where: WarehouseFilter) -> list[Tally]:
        return await self._tally(self._warehouses(where), "region_code")

    async def shipments_tally(self, where: ShipmentFilter) -> list[Tally]:
        query = self._shipments(where).add_columns(emergency_posts.c.village_code)
        return await self._tally(query, "village_code")

    async def _tally(self, query: Select[Any], region: str) -> list[Tally]:
        found = query.subquery()
        grouped = select(found.c[region], func.count().label("total")).group_by(found.c[region])
        rows = await self._reader.rows(grouped)
        return _tallies(Counter({(row[0],): int(row.total) for row in rows}))

    @cached_property
    def distribution_tally(self) -> DataLoader[int, list[Tally]]:
        """Aid distributions of an event inside the caller's regions, by village."""

        async def load(ids: list[int]) -> list[list[Tally]]:
            aid = aid_distributions.c
            query = (
                select(aid.event_id, aid.village_code, func.count().label("total"))
                .where(self._reader.keys_in(aid.event_id, ids))
                .where(self._scope.clause(aid.village_code))
                .group_by(aid.event_id, aid.village_code)
                .order_by(aid.village_code)
            )
            found: dict[int, list[Tally]] = {key: [] for key in ids}
            for row in await self._reader.rows(query):
                found[row.event_id].append(((row.village_code,), int(row.total)))
            return [found[key] for key in ids]

        return DataLoader(load)

    # -- loaders ---------------------------------------------------------------------------

    @cached_property
    def event(self) -> DataLoader[int, Row[Any] | None]:
        return self._one(self._events(DisasterEventFilter()), disaster_events.c.id)

    @cached_property
    def event_regions(self) -> DataLoader[int, list[Row[Any]]]:
        """The regions of an event that overlap the caller's."""
        query = (
            select(event_regions)
            .where(self._scope.overlap_clause(event_regions.c.region_code))
            .order_by(event_regions.c.region_code)
        )
        return self._grouped(query, event_regions.c.event_id)

    @cached_property
    def post(self) -> DataLoader[int, Row[Any] | None]:
        return self._one(self._posts(), emergency_posts.c.id)

    @cached_property
    def posts_by_event(self) -> DataLoader[int, list[Row[Any]]]:
        return self._grouped(
            self._posts().order_by(emergency_posts.c.id), emergency_posts.c.event_id
        )

    @cached_property
    def warehouse(self) -> DataLoader[int, Row[Any] | None]:
        return self._one(self._warehouses(WarehouseFilter()), warehouses.c.id)

    @cached_property
    def stock_by_warehouse(self) -> DataLoader[int, list[Row[Any]]]:
        query = (
            select(stock_levels)
            .join(warehouses, warehouses.c.id == stock_levels.c.warehouse_id)
            .where(self._scope.overlap_clause(warehouses.c.region_code))
            .order_by(stock_levels.c.item)
        )
        return self._grouped(query, stock_levels.c.warehouse_id)

    @cached_property
    def stock_by_post(self) -> DataLoader[int, list[Row[Any]]]:
        query = (
            select(stock_levels)
            .join(emergency_posts, emergency_posts.c.id == stock_levels.c.post_id)
            .where(self._scope.clause(emergency_posts.c.village_code))
            .order_by(stock_levels.c.item)
        )
        return self._grouped(query, stock_levels.c.post_id)

    @cached_property
    def shipment(self) -> DataLoader[int, Row[Any] | None]:
        return self._one(self._shipments(ShipmentFilter()), shipments.c.id)

    @cached_property
    def shipment_items(self) -> DataLoader[int, list[Row[Any]]]:
        query = (
            select(shipment_items)
            .join(shipments, shipments.c.id == shipment_items.c.shipment_id)
            .join(emergency_posts, emergency_posts.c.id == shipments.c.post_id)
            .where(self._scope.clause(emergency_posts.c.village_code))
            .order_by(shipment_items.c.item)
        )
        return self._grouped(query, shipment_items.c.shipment_id)

    @cached_property
    def distribution(self) -> DataLoader[int, Row[Any] | None]:
        return self._one(self._distributions(), aid_distributions.c.id)

    @cached_property
    def distributions_by_household(self) -> DataLoader[int, list[Row[Any]]]:
        query = self._distributions().order_by(
            aid_distributions.c.distributed_on, aid_distributions.c.id
        )
        return self._grouped(query, aid_distributions.c.household_id)

    @cached_property
    def distribution_items(self) -> DataLoader[int, list[Row[Any]]]:
        query = (
            select(distribution_items)
            .join(aid_distributions, aid_distributions.c.id == distribution_items.c.distribution_id)
            .where(self._scope.clause(aid_distributions.c.village_code))
            .order_by(distribution_items.c.item)
        )
        return self._grouped(query, distribution_items.c.distribution_id)

    @cached_property
    def distribution_count(self) -> DataLoader[int, int]:
        """Aid distributions of an event inside the caller's regions."""

        async def load(ids: list[int]) -> list[int]:
            events = self._reader.keys_in(aid_distributions.c.event_id, ids)
            found = self._distributions().where(events).subquery()
            query = select(found.c.event_id, func.count().label("total")).group_by(found.c.event_id)
            totals = {row.event_id: row.total for row in await self._reader.rows(query)}
            return [int(totals.get(key, 0)) for key in ids]

        return DataLoader(load)

    @cached_property
    def movements(self) -> DataLoader[tuple[Place, PageRequest], Page[Row[Any]]]:
        """A page of the stock movements of a place, oldest first."""

        async def load(keys: list[tuple[Place, PageRequest]]) -> list[Page[Row[Any]]]:
            requests = [(self._movements(place), page) for place, page in keys]
            return await pages_together(self._reader, requests)

        return DataLoader(load)

    @cached_property
    def movements_count(self) -> DataLoader[Place, int]:
        async def load(places: list[Place]) -> list[int]:
            return await counts_together(self._reader, [self._movements(p) for p in places])

        return DataLoader(load)

    # -- shapes ----------------------------------------------------------------------------

    def _narrowed(self, region_code: str | None) -> RegionScope:
        return self._scope.narrowed(region_code) if region_code else self._scope

    async def _page(self, query: Select[Any], page: PageRequest) -> Page[Row[Any]]:
        rows = await self._reader.rows(page.apply(query, query.selected_columns["id"]))
        return Page.of(rows, page)

    async def _count(self, query: Select[Any]) -> int:
        (total,) = await counts_together(self._reader, [query])
        return total

    def _one(self, query: Select[Any], key: Column[Any]) -> DataLoader[K, Row[Any] | None]:
        async def load(keys: list[K]) -> list[Row[Any] | None]:
            rows = await self._reader.rows(query.where(self._reader.keys_in(key, keys)))
            return one_per_key(keys, rows, column(key.name))

        return DataLoader(load)

    def _grouped(self, query: Select[Any], key: Column[Any]) -> DataLoader[K, list[Row[Any]]]:
        async def load(keys: list[K]) -> list[list[Row[Any]]]:
            rows = await self._reader.rows(query.where(self._reader.keys_in(key, keys)))
            return many_per_key(keys, rows, column(key.name))

        return DataLoader(load)


def _tallies(counted: Counter[tuple[str, ...]]) -> list[Tally]:
    return sorted(counted.items())
