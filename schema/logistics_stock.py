"""Logistics stock: warehouses, the items held there or at emergency posts, and the ledger
of every change to them."""

import datetime
from typing import Self

import strawberry

from auth.scopes import read
from resolvers.logistics.enums import Item, MovementReason, WarehouseKind
from resolvers.logistics.filters import WarehouseFilter
from resolvers.logistics.ledger import Place
from resolvers.paging import PageRequest
from resolvers.remote_records import Record
from schema.context import Info
from schema.ids import to_id
from schema.pagination import Connection
from schema.protection import requires
from schema.regions import Region, region_of
from schema.scalars import RegionCode

# strawberry.enum marks the classes in place, so annotations can name them directly.
strawberry.enum(Item)
strawberry.enum(WarehouseKind)
strawberry.enum(MovementReason)


@strawberry.type(description="A quantity of one relief item.")
class ItemQuantity:
    item: Item
    quantity: int

    @classmethod
    def of(cls, row: Record) -> Self:
        return cls(item=Item(row.item), quantity=row.quantity)


@strawberry.type(description="What a warehouse or an emergency post holds of one item.")
class StockLevel(ItemQuantity):
    pass


@strawberry.type(description="One change of the stock of an item at a warehouse or a post.")
class StockMovement:
    id: strawberry.ID
    item: Item
    delta: int = strawberry.field(description="Positive when stock came in, negative when out.")
    reason: MovementReason
    reference_id: strawberry.ID | None = strawberry.field(
        description="The aid distribution (distribution) or shipment (dispatch, receipt)."
    )
    at: datetime.datetime

    @classmethod
    def of(cls, row: Record) -> "StockMovement":
        return cls(
            id=to_id(row.id),
            item=Item(row.item),
            delta=row.delta,
            reason=MovementReason(row.reason),
            reference_id=None if row.reference_id is None else to_id(row.reference_id),
            at=_utc(row.at),
        )


def _utc(moment: datetime.datetime) -> datetime.datetime:
    # Stored in UTC; SQLite hands it back without its zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


async def stock_movements(
    info: Info, place: Place, first: int | None, after: str | None
) -> Connection[StockMovement]:
    """The ledger of a place, oldest first: its stock of an item is the sum of the deltas."""
    page = PageRequest.parse("stock_movement", first, after)
    loaders = info.context.logistics
    rows = await loaders.movements.load((place, page))
    return Connection.of(rows, page, StockMovement.of, lambda: loaders.movements_count.load(place))


@strawberry.type(description="A Kemensos buffer-stock warehouse or a lumbung sosial.")
class Warehouse:
    id: strawberry.ID
    name: str
    kind: WarehouseKind
    region_code: RegionCode
    address: str
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "Warehouse":
        return cls(
            id=to_id(row.id),
            key=row.id,
            name=row.name,
            kind=WarehouseKind(row.kind),
            region_code=RegionCode(row.region_code),
            address=row.address,
        )

    @strawberry.field
    def region(self) -> Region:
        return region_of(self.region_code)

    @strawberry.field(description="Items held, by item.")
    async def stock(self, info: Info) -> list[StockLevel] | None:
        rows = await info.context.logistics.stock_by_warehouse.load(self.key)
        return [StockLevel.of(row) for row in rows]

    @strawberry.field(description="Every change of its stock, oldest first.")
    async def stock_movements(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[StockMovement] | None:
        return await stock_movements(info, Place.warehouse(self.key), first, after)


@strawberry.input
class WarehouseFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None,
        description="Warehouses in this region or below it, and those above it that serve it.",
    )
    kind: WarehouseKind | None = None

    def to_filter(self) -> WarehouseFilter:
        return WarehouseFilter(region_code=self.region_code, kind=self.kind)


@strawberry.type
class WarehouseQuery:
    @requires(read("logistics"), description="Warehouses in your regions and those above them.")
    async def warehouses(
        self,
        info: Info,
        filter: WarehouseFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Warehouse] | None:
        where = (filter or WarehouseFilterInput()).to_filter()
        page = PageRequest.parse("warehouse", first, after)
        loaders = info.context.logistics
        rows = await loaders.warehouses_page(where, page)
        return Connection.of(rows, page, Warehouse.of, lambda: loaders.warehouses_count(where))
