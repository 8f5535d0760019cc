"""The logistics reads of a request when the agency runs its own node: the same questions
as ``LogisticsLoaders`` asks in SQL, asked of the node in batches, and the same answers.

The node is told the caller's regions and is expected to filter by them, but nothing it
returns is taken on trust: every record is checked against the caller's scope here, with
the rules the SQL loaders apply, and a record outside it is dropped and logged. Counts
come as tallies per region (how many records lie in each region or set of regions), so
the hub adds up only what lies in the caller's scope, and a node that counts too much
cannot make a count wrong.
"""

from typing import Any

from auth.regions import RegionScope
from resolvers.logistics import AGENCY
from resolvers.logistics.filters import DisasterEventFilter, ShipmentFilter, WarehouseFilter
from resolvers.logistics.ledger import Place
from resolvers.logistics.remote_shapes import (
    AID_OF_HOUSEHOLD,
    DISTRIBUTION,
    DISTRIBUTION_FIELDS,
    DISTRIBUTION_ITEMS,
    EVENT,
    EVENT_AID_TALLY,
    EVENT_FIELDS,
    EVENT_PAGE,
    EVENT_TALLY,
    MOVEMENT,
    POST,
    POST_FIELDS,
    POST_MOVEMENT_COUNT,
    POST_STOCK,
    POSTS_OF_EVENT,
    QUANTITY,
    SHIPMENT,
    SHIPMENT_FIELDS,
    SHIPMENT_ITEMS,
    SHIPMENT_PAGE,
    SHIPMENT_TALLY,
    WAREHOUSE,
    WAREHOUSE_FIELDS,
    WAREHOUSE_MOVEMENT_COUNT,
    WAREHOUSE_PAGE,
    WAREHOUSE_STOCK,
    WAREHOUSE_TALLY,
    movements_of,
)
from resolvers.paging import Page, PageRequest
from resolvers.remote import RemoteReader
from resolvers.remote_reads import (
    Keeps,
    RemoteLoaders,
    Visible,
    at,
    belongs,
    page_of_kept,
    region_codes,
)
from resolvers.remote_records import TEXT, RemoteRecord, field_of, list_of


class RemoteLogisticsLoaders(RemoteLoaders):
    def __init__(self, reader: RemoteReader, scope: RegionScope) -> None:
        super().__init__(AGENCY, reader, scope)
        self.event = self._lookup(self._event)
        self.event_regions = self._lookup(self._event_regions)
        self.post = self._lookup(self._post)
        self.posts_by_event = self._lookup(self._posts_by_event)
        self.warehouse = self._lookup(self._warehouse)
        self.stock_by_warehouse = self._lookup(self._stock_by_warehouse)
        self.stock_by_post = self._lookup(self._stock_by_post)
        self.shipment = self._lookup(self._shipment)
        self.shipment_items = self._lookup(self._shipment_items)
        self.distribution = self._lookup(self._distribution)
        self.distributions_by_household = self._lookup(self._distributions_by_household)
        self.distribution_items = self._lookup(self._distribution_items)
        self.distribution_count = self._lookup(self._distribution_count)
        self.movements = self._lookup(self._movements)
        self.movements_count = self._lookup(self._movements_count)

    # -- lists -----------------------------------------------------------------------------

    async def events_page(self, where: DisasterEventFilter, page: PageRequest) -> Page[Any]:
        struck = _struck(self._narrowed(where.region_code))
        return await self._page_of(
            EVENT_PAGE, where, page, self._event_record, struck, "disaster event"
        )

    async def events_count(self, where: DisasterEventFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            EVENT_TALLY, where, lambda codes: any(map(scope.overlaps, codes))
        )

    async def warehouses_page(self, where: WarehouseFilter, page: PageRequest) -> Page[Any]:
        keeps = at(self._narrowed(where.region_code).overlaps, "region_code")
        return await self._page_of(
            WAREHOUSE_PAGE, where, page, WAREHOUSE.record, keeps, "warehouse"
        )

    async def warehouses_count(self, where: WarehouseFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            WAREHOUSE_TALLY, where, lambda codes: all(map(scope.overlaps, codes))
        )

    async def shipments_page(self, where: ShipmentFilter, page: PageRequest) -> Page[Any]:
        keeps = at(self._narrowed(where.region_code).allows, "post_village_code")
        return await self._page_of(
            SHIPMENT_PAGE, where, page, self._shipment_record, keeps, "shipment"
        )

    async def shipments_count(self, where: ShipmentFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            SHIPMENT_TALLY, where, lambda codes: all(map(scope.allows, codes))
        )

    # -- records by key --------------------------------------------------------------------

    async def _event(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(EVENT_FIELDS, key)
        if found is None:
            return None
        event = self._event_record(found)
        belongs([event], "id", key)
        return self._one(event, "disaster event", _struck(self._scope))

    async def _event_regions(self, key: int) -> list[RemoteRecord]:
        event = await self._event(key)
        if event is None:
            return []
        return [RemoteRecord({"event_id": key, "region_code": c}) for c in event.region_codes]

    async def _posts_by_event(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(POSTS_OF_EVENT, key)
        posts = [POST.record(entry) for entry in _entries(found, "posts")]
        belongs(posts, "event_id", key)
        kept = self._kept(posts, "emergency post", self._in_village)
        return sorted(kept, key=lambda post: post.id)

    async def _distribution_count(self, key: int) -> int:
        found = await self._batch.entity(EVENT_AID_TALLY, key)
        tallies = [] if found is None else list_of(found, "distributionTally")
        return self._tallied(tallies, lambda codes: all(self._scope.allows(c) for c in codes))

    async def _post(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(POST_FIELDS, key)
        if found is None:
            return None
        post = POST.record(found)
        belongs([post], "id", key)
        return self._one(post, "emergency post", self._in_village)

    async def _stock_by_post(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(POST_STOCK, key)
        return self._held(found, "stock", "villageCode", self._scope.allows, "post")

    async def _warehouse(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(WAREHOUSE_FIELDS, key)
        if found is None:
            return None
        record = WAREHOUSE.record(found)
        belongs([record], "id", key)
        return self._one(record, "warehouse", at(self._scope.overlaps, "region_code"))

    async def _stock_by_warehouse(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(WAREHOUSE_STOCK, key)
        return self._held(found, "stock", "regionCode", self._scope.overlaps, "warehouse")

    async def _shipment(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(SHIPMENT_FIELDS, key)
        if found is None:
            return None
        record = self._shipment_record(found)
        belongs([record], "id", key)
        return self._one(record, "shipment", at(self._scope.allows, "post_village_code"))

    async def _shipment_items(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(SHIPMENT_ITEMS, key)
        return self._held(found, "items", "postVillageCode", self._scope.allows, "shipment")

    async def _distribution(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(DISTRIBUTION_FIELDS, key)
        if found is None:
            return None
        distribution = DISTRIBUTION.record(found)
        belongs([distribution], "id", key)
        return self._one(distribution, "aid distribution", self._in_village)

    async def _distribution_items(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(DISTRIBUTION_ITEMS, key)
        return self._held(found, "items", "villageCode", self._scope.allows, "aid distribution")

    async def _distributions_by_household(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(AID_OF_HOUSEHOLD, key)
        aid = [DISTRIBUTION.record(entry) for entry in _entries(found, "aidReceived")]
        belongs(aid, "household_id", key)
        kept = self._kept(aid, "aid distribution", self._in_village)
        return sorted(kept, key=lambda record: (record.distributed_on, record.id))

    async def _movements(self, key: tuple[Place, PageRequest]) -> Page[RemoteRecord]:
        place, page = key
        found = await self._batch.entity(movements_of(place, page), _place_key(place))
        if found is None or not self._visible_place(found, place):
            return Page([], False, page.after is not None)
        rows = [MOVEMENT.record(entry) for entry in list_of(found, "stockMovements")]
        return page_of_kept(rows, len(rows), page)

    async def _movements_count(self, place: Place) -> int:
        count = POST_MOVEMENT_COUNT if place.post_id is not None else WAREHOUSE_MOVEMENT_COUNT
        found = await self._batch.entity(count, _place_key(place))
        if found is None or not self._visible_place(found, place):
            return 0
        return self._counted(found, "stockMovementCount")

    # -- the checks ------------------------------------------------------------------------

    def _visible_place(self, found: Any, place: Place) -> bool:
        """A post lies in its village; a warehouse in its region, which may be above."""
        if place.post_id is not None:
            return self._visible_holder(found, "villageCode", self._scope.allows, "post")
        return self._visible_holder(found, "regionCode", self._scope.overlaps, "warehouse")

    def _event_record(self, found: Any) -> RemoteRecord:
        """An event with those of its regions that overlap the caller's."""
        values = EVENT.values(found)
        codes = sorted(field_of(found, "regionCodes", region_codes))
        values["region_codes"] = [code for code in codes if self._scope.overlaps(code)]
        return RemoteRecord(values)

    def _in_village(self, record: RemoteRecord) -> bool:
        return self._scope.allows(record.village_code)

    def _shipment_record(self, found: Any) -> RemoteRecord:
        values = SHIPMENT.values(found)
        values["post_village_code"] = field_of(found, "postVillageCode", TEXT)
        return RemoteRecord(values)

    def _held(
        self, found: Any, name: str, region: str, visible: Visible, what: str
    ) -> list[RemoteRecord]:
        """Lines held by a record (stock, items), when the record itself is visible."""
        if found is None or not self._visible_holder(found, region, visible, what):
            return []
        return [QUANTITY.record(entry) for entry in list_of(found, name)]


def _struck(scope: RegionScope) -> Keeps:
    """An event is in a scope when one of its regions overlaps it."""
    return lambda event: any(scope.overlaps(code) for code in event.region_codes)


def _entries(found: Any, name: str) -> list[Any]:
    return [] if found is None else list_of(found, name)


def _place_key(place: Place) -> int:
    key = place.post_id if place.post_id is not None else place.warehouse_id
    assert key is not None
    return key
