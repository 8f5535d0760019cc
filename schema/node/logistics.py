"""The logistics agency as a federation subgraph: its records as entities keyed by ``id``
and the links the hub follows between them (its lists are in ``logistics_lists``).

Every answer comes from ``LogisticsLoaders`` built with the caller's regions from the
caller-context token, so the node filters inside its SQL exactly as the hub would. Records
carry their raw stored values (codes, enum values) and the region code that decides
whether a caller may see them, so that the hub can check every one. Lists return up to
``first + 1`` records after the cursor, oldest id first; counts are tallies per region.
"""

import datetime
from typing import Any, Self

import strawberry

from resolvers.logistics.ledger import Place
from schema.node.common import ByHouseholdId, Stored, Tally, page_request
from schema.node.context import NodeInfo


@strawberry.type
class Quantity(Stored):
    item: str
    quantity: int


@strawberry.type
class StockMovement(Stored):
    id: strawberry.ID
    item: str
    delta: int
    reason: str
    reference_id: strawberry.ID | None
    at: datetime.datetime


async def _lines(loader: Any, id: strawberry.ID) -> list[Quantity]:
    """Quantities of items a record holds (stock) or carries (items)."""
    return [Quantity.of(row) for row in await loader.load(int(id))]


async def _movement_count(info: NodeInfo, place: Place) -> int:
    count: int = await info.context.logistics.movements_count.load(place)
    return count


async def _movements(
    info: NodeInfo, place: Place, first: int, after: int | None
) -> list[StockMovement]:
    page = await info.context.logistics.movements.load(
        (place, page_request(first, after, "movement"))
    )
    return [StockMovement.of(row) for row in page.items]


@strawberry.federation.type(keys=["id"])
class DisasterEvent(Stored):
    id: strawberry.ID
    name: str
    kind: str
    status: str
    started_on: datetime.date
    ended_on: datetime.date | None

    @classmethod
    async def resolve_reference(cls, info: NodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.logistics.event, id)

    @strawberry.field(description="Its regions that overlap the caller's.")
    async def region_codes(self, info: NodeInfo) -> list[str]:
        rows = await info.context.logistics.event_regions.load(int(self.id))
        return [row.region_code for row in rows]

    @strawberry.field
    async def posts(self, info: NodeInfo) -> list["EmergencyPost"]:
        rows = await info.context.logistics.posts_by_event.load(int(self.id))
        return [EmergencyPost.of(row) for row in rows]

    @strawberry.field(description="Its aid distributions in the caller's regions, by village.")
    async def distribution_tally(self, info: NodeInfo) -> list[Tally]:
        tallies = await info.context.logistics.distribution_tally.load(int(self.id))
        return [Tally.of(tally) for tally in tallies]


@strawberry.federation.type(keys=["id"])
class EmergencyPost(Stored):
    id: strawberry.ID
    event_id: strawberry.ID
    name: str
    village_code: str
    opened_on: datetime.date
    closed_on: datetime.date | None

    @classmethod
    async def resolve_reference(cls, info: NodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.logistics.post, id)

    @strawberry.field
    async def stock(self, info: NodeInfo) -> list[Quantity]:
        return await _lines(info.context.logistics.stock_by_post, self.id)

    @strawberry.field(description="Up to first + 1 movements after the cursor, oldest first.")
    async def stock_movements(
        self, info: NodeInfo, first: int, after: int | None = None
    ) -> list[StockMovement]:
        return await _movements(info, Place.post(int(self.id)), first, after)

    @strawberry.field
    async def stock_movement_count(self, info: NodeInfo) -> int:
        return await _movement_count(info, Place.post(int(self.id)))


@strawberry.federation.type(keys=["id"])
class Warehouse(Stored):
    id: strawberry.ID
    name: str
    kind: str
    region_code: str
    address: str

    @classmethod
    async def resolve_reference(cls, info: NodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.logistics.warehouse, id)

    @strawberry.field
    async def stock(self, info: NodeInfo) -> list[Quantity]:
        return await _lines(info.context.logistics.stock_by_warehouse, self.id)

    @strawberry.field(description="Up to first + 1 movements after the cursor, oldest first.")
    async def stock_movements(
        self, info: NodeInfo, first: int, after: int | None = None
    ) -> list[StockMovement]:
        return await _movements(info, Place.warehouse(int(self.id)), first, after)

    @strawberry.field
    async def stock_movement_count(self, info: NodeInfo) -> int:
        return await _movement_count(info, Place.warehouse(int(self.id)))


@strawberry.federation.type(keys=["id"])
class Shipment(Stored):
    id: strawberry.ID
    status: str
    dispatched_on: datetime.date
    received_on: datetime.date | None
    warehouse_id: strawberry.ID
    post_id: strawberry.ID

    @classmethod
    async def resolve_reference(cls, info: NodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.logistics.shipment, id)

    @strawberry.field(description="The village of the post it was sent to.")
    async def post_village_code(self, info: NodeInfo) -> str:
        post = await info.context.logistics.post.load(int(self.post_id))
        if post is None:  # the shipment is visible only when its post is
            raise LookupError("shipment without a visible post")
        return str(post.village_code)

    @strawberry.field
    async def items(self, info: NodeInfo) -> list[Quantity]:
        return await _lines(info.context.logistics.shipment_items, self.id)


@strawberry.federation.type(keys=["id"])
class AidDistribution(Stored):
    id: strawberry.ID
    event_id: strawberry.ID
    post_id: strawberry.ID
    household_id: strawberry.ID
    village_code: str
    distributed_on: datetime.date

    @classmethod
    async def resolve_reference(cls, info: NodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.logistics.distribution, id)

    @strawberry.field
    async def items(self, info: NodeInfo) -> list[Quantity]:
        return await _lines(info.context.logistics.distribution_items, self.id)


@strawberry.federation.type(keys=["id"], description="A registry household, by its id.")
class Household(ByHouseholdId):
    id: strawberry.ID

    @strawberry.field(description="Aid it received in the caller's regions, oldest first.")
    async def aid_received(self, info: NodeInfo) -> list[AidDistribution]:
        rows = await info.context.logistics.distributions_by_household.load(int(self.id))
        return [AidDistribution.of(row) for row in rows]


# Entities reached only through ``_entities``, named so that the schema holds them.
LOGISTICS_ENTITIES: tuple[type, ...] = (Household, AidDistribution)
