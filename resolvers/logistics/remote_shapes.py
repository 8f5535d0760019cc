"""What the hub asks of a logistics node: the records' shapes and every fetch it sends.

``REQUIRED`` lists each fetch once; the hub checks them against the node's SDL before it
relies on the node, so a node lacking a type, field or argument is found at start-up.
"""

from resolvers.logistics.ledger import Place
from resolvers.paging import PageRequest
from resolvers.remote_batch import Entities, Fetch, RootField
from resolvers.remote_records import DATE, INTEGER, MOMENT, TEXT, Shape, optional

EVENT = Shape(
    {
        "id": INTEGER,
        "name": TEXT,
        "kind": TEXT,
        "status": TEXT,
        "started_on": DATE,
        "ended_on": optional(DATE),
    }
)
POST = Shape(
    {
        "id": INTEGER,
        "event_id": INTEGER,
        "name": TEXT,
        "village_code": TEXT,
        "opened_on": DATE,
        "closed_on": optional(DATE),
    }
)
WAREHOUSE = Shape({"id": INTEGER, "name": TEXT, "kind": TEXT, "region_code": TEXT, "address": TEXT})
SHIPMENT = Shape(
    {
        "id": INTEGER,
        "status": TEXT,
        "dispatched_on": DATE,
        "received_on": optional(DATE),
        "warehouse_id": INTEGER,
        "post_id": INTEGER,
    }
)
DISTRIBUTION = Shape(
    {
        "id": INTEGER,
        "event_id": INTEGER,
        "post_id": INTEGER,
        "household_id": INTEGER,
        "village_code": TEXT,
        "distributed_on": DATE,
    }
)
QUANTITY = Shape({"item": TEXT, "quantity": INTEGER})
MOVEMENT = Shape(
    {
        "id": INTEGER,
        "item": TEXT,
        "delta": INTEGER,
        "reason": TEXT,
        "reference_id": optional(INTEGER),
        "at": MOMENT,
    }
)

_LINES = f"{{ {QUANTITY.selection} }}"
_TALLY = "regionCodes count"

EVENT_FIELDS = Entities("DisasterEvent", f"{EVENT.selection} regionCodes")
POSTS_OF_EVENT = Entities("DisasterEvent", f"posts {{ {POST.selection} }}")
EVENT_AID_TALLY = Entities("DisasterEvent", f"distributionTally {{ {_TALLY} }}")
POST_FIELDS = Entities("EmergencyPost", POST.selection)
POST_STOCK = Entities("EmergencyPost", f"villageCode stock {_LINES}")
POST_MOVEMENT_COUNT = Entities("EmergencyPost", "villageCode stockMovementCount")
WAREHOUSE_FIELDS = Entities("Warehouse", WAREHOUSE.selection)
WAREHOUSE_STOCK = Entities("Warehouse", f"regionCode stock {_LINES}")
WAREHOUSE_MOVEMENT_COUNT = Entities("Warehouse", "regionCode stockMovementCount")
SHIPMENT_FIELDS = Entities("Shipment", f"{SHIPMENT.selection} postVillageCode")
SHIPMENT_ITEMS = Entities("Shipment", f"postVillageCode items {_LINES}")
DISTRIBUTION_FIELDS = Entities("AidDistribution", DISTRIBUTION.selection)
DISTRIBUTION_ITEMS = Entities("AidDistribution", f"villageCode items {_LINES}")
AID_OF_HOUSEHOLD = Entities("Household", f"aidReceived {{ {DISTRIBUTION.selection} }}")

_PAGED = (("first", "Int!"), ("after", "Int"))
EVENT_PAGE = RootField(
    "disasterEventPage", (("filter", "DisasterEventFilter"), *_PAGED), EVENT_FIELDS.selection
)
EVENT_TALLY = RootField("disasterEventTally", (("filter", "DisasterEventFilter"),), _TALLY)
WAREHOUSE_PAGE = RootField(
    "warehousePage", (("filter", "WarehouseFilter"), *_PAGED), WAREHOUSE.selection
)
WAREHOUSE_TALLY = RootField("warehouseTally", (("filter", "WarehouseFilter"),), _TALLY)
SHIPMENT_PAGE = RootField(
    "shipmentPage", (("filter", "ShipmentFilter"), *_PAGED), SHIPMENT_FIELDS.selection
)
SHIPMENT_TALLY = RootField("shipmentTally", (("filter", "ShipmentFilter"),), _TALLY)


def movements_of(place: Place, page: PageRequest) -> Entities:
    """A page of a place's stock movements: ``first + 1`` after the cursor, oldest first."""
    after = "null" if page.after is None else str(int(page.after))
    if place.post_id is not None:
        typename, region = "EmergencyPost", "villageCode"
    else:
        typename, region = "Warehouse", "regionCode"
    listed = f"stockMovements(first: {int(page.first)}, after: {after}) {{ {MOVEMENT.selection} }}"
    return Entities(typename, f"{region} {listed}")


REQUIRED: tuple[Fetch, ...] = (
    EVENT_FIELDS,
    POSTS_OF_EVENT,
    EVENT_AID_TALLY,
    POST_FIELDS,
    POST_STOCK,
    POST_MOVEMENT_COUNT,
    WAREHOUSE_FIELDS,
    WAREHOUSE_STOCK,
    WAREHOUSE_MOVEMENT_COUNT,
    SHIPMENT_FIELDS,
    SHIPMENT_ITEMS,
    DISTRIBUTION_FIELDS,
    DISTRIBUTION_ITEMS,
    AID_OF_HOUSEHOLD,
    movements_of(Place.post(1), PageRequest("stock_movement", 1, None)),
    movements_of(Place.warehouse(1), PageRequest("stock_movement", 1, 1)),
    EVENT_PAGE,
    EVENT_TALLY,
    WAREHOUSE_PAGE,
    WAREHOUSE_TALLY,
    SHIPMENT_PAGE,
    SHIPMENT_TALLY,
)
