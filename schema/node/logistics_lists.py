"""The root fields of the logistics subgraph: pages of its lists, up to ``first + 1``
records after the cursor, and tallies that count them per region."""

import strawberry

from resolvers.logistics.enums import DisasterKind, EventStatus, ShipmentStatus, WarehouseKind
from resolvers.logistics.filters import DisasterEventFilter, ShipmentFilter, WarehouseFilter
from schema.node.agency_rows import AgencyReadsQuery
from schema.node.agency_writes import AgencyKeysQuery
from schema.node.common import Tally, choice, page_request
from schema.node.context import NodeInfo
from schema.node.logistics import DisasterEvent, Shipment, Warehouse


@strawberry.input(name="DisasterEventFilter")
class DisasterEventFilterInput:
    region_code: str | None = None
    kind: str | None = None
    status: str | None = None

    def parsed(self) -> DisasterEventFilter:
        return DisasterEventFilter(
            region_code=self.region_code,
            kind=choice(DisasterKind, self.kind),
            status=choice(EventStatus, self.status),
        )


@strawberry.input(name="WarehouseFilter")
class WarehouseFilterInput:
    region_code: str | None = None
    kind: str | None = None

    def parsed(self) -> WarehouseFilter:
        return WarehouseFilter(region_code=self.region_code, kind=choice(WarehouseKind, self.kind))


@strawberry.input(name="ShipmentFilter")
class ShipmentFilterInput:
    region_code: str | None = None
    status: str | None = None

    def parsed(self) -> ShipmentFilter:
        return ShipmentFilter(
            region_code=self.region_code, status=choice(ShipmentStatus, self.status)
        )


@strawberry.type
class LogisticsNodeQuery(AgencyReadsQuery, AgencyKeysQuery):
    @strawberry.field
    async def disaster_event_page(
        self,
        info: NodeInfo,
        first: int,
        filter: DisasterEventFilterInput | None = None,
        after: int | None = None,
    ) -> list[DisasterEvent]:
        where = (filter or DisasterEventFilterInput()).parsed()
        page = page_request(first, after, "disaster_event")
        found = await info.context.logistics.events_page(where, page)
        return [DisasterEvent.of(row) for row in found.items]

    @strawberry.field
    async def disaster_event_tally(
        self, info: NodeInfo, filter: DisasterEventFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or DisasterEventFilterInput()).parsed()
        return [Tally.of(t) for t in await info.context.logistics.events_tally(where)]

    @strawberry.field
    async def warehouse_page(
        self,
        info: NodeInfo,
        first: int,
        filter: WarehouseFilterInput | None = None,
        after: int | None = None,
    ) -> list[Warehouse]:
        where = (filter or WarehouseFilterInput()).parsed()
        page = page_request(first, after, "warehouse")
        found = await info.context.logistics.warehouses_page(where, page)
        return [Warehouse.of(row) for row in found.items]

    @strawberry.field
    async def warehouse_tally(
        self, info: NodeInfo, filter: WarehouseFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or WarehouseFilterInput()).parsed()
        return [Tally.of(t) for t in await info.context.logistics.warehouses_tally(where)]

    @strawberry.field
    async def shipment_page(
        self,
        info: NodeInfo,
        first: int,
        filter: ShipmentFilterInput | None = None,
        after: int | None = None,
    ) -> list[Shipment]:
        where = (filter or ShipmentFilterInput()).parsed()
        found = await info.context.logistics.shipments_page(
            where, page_request(first, after, "shipment")
        )
        return [Shipment.of(row) for row in found.items]

    @strawberry.field
    async def shipment_tally(
        self, info: NodeInfo, filter: ShipmentFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or ShipmentFilterInput()).parsed()
        return [Tally.of(t) for t in await info.context.logistics.shipments_tally(where)]
