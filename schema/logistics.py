"""Logistics types: disaster events, emergency posts and the aid handed out there.

Warehouses and stock are in ``schema.logistics_stock``, shipments in
``schema.logistics_shipments``.
"""

import datetime

import strawberry

from auth.scopes import read
from resolvers.logistics.enums import DisasterKind, EventStatus
from resolvers.logistics.filters import DisasterEventFilter
from resolvers.logistics.ledger import Place
from resolvers.paging import Page, PageRequest
from resolvers.remote_records import Record
from schema.context import Context, Info
from schema.ids import keyed_by, parse_id, to_id
from schema.logistics_shipments import ShipmentQuery
from schema.logistics_stock import (
    ItemQuantity,
    StockLevel,
    StockMovement,
    WarehouseQuery,
    stock_movements,
)
from schema.pagination import Connection
from schema.protection import requires
from schema.regions import Region, region_of
from schema.registry import Household
from schema.scalars import RegionCode

# strawberry.enum marks the classes in place, so annotations can name them directly.
strawberry.enum(DisasterKind)
strawberry.enum(EventStatus)


@strawberry.type(description="A disaster and the response to it.", directives=[keyed_by("id")])
class DisasterEvent:
    id: strawberry.ID
    name: str
    kind: DisasterKind
    status: EventStatus
    started_on: datetime.date
    ended_on: datetime.date | None
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "DisasterEvent":
        return cls(
            id=to_id(row.id),
            key=row.id,
            name=row.name,
            kind=DisasterKind(row.kind),
            status=EventStatus(row.status),
            started_on=row.started_on,
            ended_on=row.ended_on,
        )

    @classmethod
    async def fetch(cls, context: Context, key: int) -> "DisasterEvent | None":
        """The event with this id, when it struck the caller's regions or above them."""
        row = await context.logistics.event.load(key)
        return None if row is None else cls.of(row)

    @strawberry.field(description="The regions it struck that overlap your regions.")
    async def regions(self, info: Info) -> list[Region] | None:
        return [region_of(code) for code in await self._area(info)]

    @strawberry.field(description="Emergency posts (posko) in your regions.")
    async def posts(self, info: Info) -> list["EmergencyPost"] | None:
        rows = await info.context.logistics.posts_by_event.load(self.key)
        return [EmergencyPost.of(row) for row in rows]

    @strawberry.field(description="How many times aid was handed out in your regions.")
    async def distribution_count(self, info: Info) -> int | None:
        return await info.context.logistics.distribution_count.load(self.key)

    @requires(read("registry"), description="Registry households in its regions and in yours.")
    async def affected_households(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Household] | None:
        page = PageRequest.parse("household", first, after)
        area = await self._area(info)
        if not area:
            # The registry reads an empty area as no area filter at all.
            return Connection.of(Page([], False, page.after is not None), page, Household.of, _none)
        registry = info.context.registry
        rows = await registry.households_in_area.load((area, page))
        return Connection.of(
            rows, page, Household.of, lambda: registry.households_in_area_count.load(area)
        )

    async def _area(self, info: Info) -> tuple[str, ...]:
        rows = await info.context.logistics.event_regions.load(self.key)
        return tuple(row.region_code for row in rows)


async def _none() -> int:
    return 0


@strawberry.type(description="An emergency post (posko) set up for a disaster.")
class EmergencyPost:
    id: strawberry.ID
    name: str
    village_code: RegionCode
    opened_on: datetime.date
    closed_on: datetime.date | None
    key: strawberry.Private[int]
    event_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "EmergencyPost":
        return cls(
            id=to_id(row.id),
            key=row.id,
            event_key=row.event_id,
            name=row.name,
            village_code=RegionCode(row.village_code),
            opened_on=row.opened_on,
            closed_on=row.closed_on,
        )

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @strawberry.field
    async def event(self, info: Info) -> DisasterEvent | None:
        return await DisasterEvent.fetch(info.context, self.event_key)

    @strawberry.field(description="Items held at the post, by item.")
    async def stock(self, info: Info) -> list[StockLevel] | None:
        rows = await info.context.logistics.stock_by_post.load(self.key)
        return [StockLevel.of(row) for row in rows]

    @strawberry.field(description="Every change of its stock, oldest first.")
    async def stock_movements(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[StockMovement] | None:
        return await stock_movements(info, Place.post(self.key), first, after)


@strawberry.type(description="Aid handed to a household at an emergency post.")
class AidDistribution:
    id: strawberry.ID
    distributed_on: datetime.date
    village_code: RegionCode
    key: strawberry.Private[int]
    event_key: strawberry.Private[int]
    post_key: strawberry.Private[int]
    household_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "AidDistribution":
        return cls(
            id=to_id(row.id),
            key=row.id,
            event_key=row.event_id,
            post_key=row.post_id,
            household_key=row.household_id,
            distributed_on=row.distributed_on,
            village_code=RegionCode(row.village_code),
        )

    @strawberry.field
    async def items(self, info: Info) -> list[ItemQuantity] | None:
        rows = await info.context.logistics.distribution_items.load(self.key)
        return [ItemQuantity.of(row) for row in rows]

    @strawberry.field
    async def event(self, info: Info) -> DisasterEvent | None:
        return await DisasterEvent.fetch(info.context, self.event_key)

    @strawberry.field
    async def post(self, info: Info) -> EmergencyPost | None:
        row = await info.context.logistics.post.load(self.post_key)
        return None if row is None else EmergencyPost.of(row)

    @requires(read("registry"), description="The registry household that received it.")
    async def household(self, info: Info) -> Household | None:
        row = await info.context.registry.household.load(self.household_key)
        return None if row is None else Household.of(row)


@strawberry.input
class DisasterEventFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only events that struck this region, below or above it."
    )
    kind: DisasterKind | None = None
    status: EventStatus | None = None

    def to_filter(self) -> DisasterEventFilter:
        return DisasterEventFilter(region_code=self.region_code, kind=self.kind, status=self.status)


@strawberry.type
class LogisticsQuery(WarehouseQuery, ShipmentQuery):
    @requires(
        read("logistics"),
        description="One disaster event; null when absent or not in your regions.",
    )
    async def disaster_event(self, info: Info, id: strawberry.ID) -> DisasterEvent | None:
        return await DisasterEvent.fetch(info.context, parse_id(id))

    @requires(
        read("logistics"), description="Disaster events that struck your regions or above them."
    )
    async def disaster_events(
        self,
        info: Info,
        filter: DisasterEventFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[DisasterEvent] | None:
        where = (filter or DisasterEventFilterInput()).to_filter()
        page = PageRequest.parse("disaster_event", first, after)
        loaders = info.context.logistics
        rows = await loaders.events_page(where, page)
        return Connection.of(rows, page, DisasterEvent.of, lambda: loaders.events_count(where))
