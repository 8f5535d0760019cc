"""Logistics shipments: relief items sent from a warehouse to an emergency post."""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.scopes import read
from resolvers.logistics.enums import ShipmentStatus
from resolvers.logistics.filters import ShipmentFilter
from resolvers.paging import PageRequest
from resolvers.remote_records import Record
from schema.context import Info
from schema.ids import to_id
from schema.logistics_stock import ItemQuantity, Warehouse
from schema.pagination import Connection
from schema.protection import requires
from schema.scalars import RegionCode

if TYPE_CHECKING:
    from schema.logistics import EmergencyPost

# strawberry.enum marks the class in place, so annotations can name it directly.
strawberry.enum(ShipmentStatus)


@strawberry.type(description="Relief items sent from a warehouse to an emergency post.")
class Shipment:
    id: strawberry.ID
    status: ShipmentStatus
    dispatched_on: datetime.date
    received_on: datetime.date | None
    key: strawberry.Private[int]
    warehouse_key: strawberry.Private[int]
    post_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "Shipment":
        return cls(
            id=to_id(row.id),
            key=row.id,
            status=ShipmentStatus(row.status),
            dispatched_on=row.dispatched_on,
            received_on=row.received_on,
            warehouse_key=row.warehouse_id,
            post_key=row.post_id,
        )

    @strawberry.field(description="Where it was sent from; null when outside your regions.")
    async def warehouse(self, info: Info) -> Warehouse | None:
        row = await info.context.logistics.warehouse.load(self.warehouse_key)
        return None if row is None else Warehouse.of(row)

    @strawberry.field(description="The emergency post it was sent to.")
    async def post(
        self, info: Info
    ) -> Annotated["EmergencyPost", strawberry.lazy("schema.logistics")] | None:
        from schema.logistics import EmergencyPost

        row = await info.context.logistics.post.load(self.post_key)
        return None if row is None else EmergencyPost.of(row)

    @strawberry.field
    async def items(self, info: Info) -> list[ItemQuantity] | None:
        rows = await info.context.logistics.shipment_items.load(self.key)
        return [ItemQuantity.of(row) for row in rows]


@strawberry.input
class ShipmentFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only shipments to posts in this region or below it."
    )
    status: ShipmentStatus | None = None

    def to_filter(self) -> ShipmentFilter:
        return ShipmentFilter(region_code=self.region_code, status=self.status)


@strawberry.type
class ShipmentQuery:
    @requires(read("logistics"), description="Shipments to emergency posts in your regions.")
    async def shipments(
        self,
        info: Info,
        filter: ShipmentFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Shipment] | None:
        where = (filter or ShipmentFilterInput()).to_filter()
        page = PageRequest.parse("shipment", first, after)
        loaders = info.context.logistics
        rows = await loaders.shipments_page(where, page)
        return Connection.of(rows, page, Shipment.of, lambda: loaders.shipments_count(where))
