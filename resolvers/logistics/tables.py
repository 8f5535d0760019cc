from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from resolvers.columns import region_code
from resolvers.idempotency import idempotency_table

metadata = MetaData()

disaster_events = Table(
    "disaster_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(160), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
)

event_regions = Table(
    "event_regions",
    metadata,
    Column("event_id", Integer, ForeignKey("disaster_events.id"), primary_key=True),
    Column("region_code", region_code(), primary_key=True),
)

emergency_posts = Table(
    "emergency_posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("disaster_events.id"), nullable=False, index=True),
    Column("name", String(160), nullable=False),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
)

warehouses = Table(
    "warehouses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(160), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("region_code", region_code(), nullable=False, index=True),
    Column("address", String(200), nullable=False),
)

# Stock held at a warehouse or at an emergency post: exactly one of the two is set.
stock_levels = Table(
    "stock_levels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.id"), index=True),
    Column("post_id", Integer, ForeignKey("emergency_posts.id"), index=True),
    Column("item", String(24), nullable=False),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity >= 0", name="ck_stock_levels_not_negative"),
    CheckConstraint(
        "(warehouse_id IS NULL) <> (post_id IS NULL)", name="ck_stock_levels_one_place"
    ),
    # One row per place and item; the unset place is NULL, which never collides.
    UniqueConstraint("warehouse_id", "item", name="uq_stock_levels_warehouse_item"),
    UniqueConstraint("post_id", "item", name="uq_stock_levels_post_item"),
)

# Every change of a stock level, written with it: a place's stock of an item is the sum of
# its movements. The reference is the distribution or shipment that caused it, if any.
stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.id"), index=True),
    Column("post_id", Integer, ForeignKey("emergency_posts.id"), index=True),
    Column("item", String(24), nullable=False),
    Column("delta", Integer, nullable=False),
    Column("reason", String(16), nullable=False),
    Column("reference_id", Integer),
    Column("at", DateTime(timezone=True), nullable=False),
    CheckConstraint("delta <> 0", name="ck_stock_movements_not_zero"),
    CheckConstraint(
        "(warehouse_id IS NULL) <> (post_id IS NULL)", name="ck_stock_movements_one_place"
    ),
)

shipments = Table(
    "shipments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", Integer, ForeignKey("warehouses.id"), nullable=False, index=True),
    Column("post_id", Integer, ForeignKey("emergency_posts.id"), nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("dispatched_on", Date, nullable=False),
    Column("received_on", Date),
)

shipment_items = Table(
    "shipment_items",
    metadata,
    Column("shipment_id", Integer, ForeignKey("shipments.id"), primary_key=True),
    Column("item", String(24), primary_key=True),
    Column("quantity", Integer, nullable=False),
)

aid_distributions = Table(
    "aid_distributions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("disaster_events.id"), nullable=False, index=True),
    Column("post_id", Integer, ForeignKey("emergency_posts.id"), nullable=False),
    Column("household_id", Integer, nullable=False, index=True),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("distributed_on", Date, nullable=False),
)

distribution_items = Table(
    "distribution_items",
    metadata,
    Column("distribution_id", Integer, ForeignKey("aid_distributions.id"), primary_key=True),
    Column("item", String(24), primary_key=True),
    Column("quantity", Integer, nullable=False),
)

idempotency_keys = idempotency_table(metadata)
