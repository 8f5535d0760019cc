"""Logistics stock: warehouses and the items held there or at emergency posts."""

from typing import Any, Self

import strawberry
from sqlalchemy import Row

from auth.scopes import read
from resolvers.logistics.enums import Item, WarehouseKind
from resolvers.logistics.filters import WarehouseFilter
from resolvers.paging import PageRequest
from schema.context import Info
from schema.ids import to_id
from schema.pagination import Connection
from schema.protection import requires
from schema.regions import Region, region_of
from schema.scalars import RegionCode

# strawberry.enum marks the classes in place, so annotations can name them directly.
strawberry.enum(Item)
strawberry.enum(WarehouseKind)


@strawberry.type(description="A quantity of one relief item.")
class ItemQuantity:
    item: Item
    quantity: int

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(item=Item(row.item), quantity=row.quantity)


@strawberry.type(description="What a warehouse or an emergency post holds of one item.")
class StockLevel(ItemQuantity):
    pass


@strawberry.type(description="A Kemensos buffer-stock warehouse or a lumbung sosial.")
class Warehouse:
    id: strawberry.ID
    name: str
    kind: WarehouseKind
    region_code: RegionCode
    address: str
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Row[Any]) -> "Warehouse":
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
