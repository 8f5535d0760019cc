"""Initial logistics schema"""

import sqlalchemy as sa
from alembic import op

revision = "logistics_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disaster_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "key"),
    )
    op.create_table(
        "warehouses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_warehouses_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "emergency_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["disaster_events.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("emergency_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emergency_posts_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_emergency_posts_village_code"), ["village_code"], unique=False
        )

    op.create_table(
        "event_regions",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["disaster_events.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "region_code"),
    )
    op.create_table(
        "aid_distributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("distributed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["disaster_events.id"],
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["emergency_posts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aid_distributions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_distributions_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_aid_distributions_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_aid_distributions_village_code"), ["village_code"], unique=False
        )

    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("dispatched_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["emergency_posts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipments_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shipments_warehouse_id"), ["warehouse_id"], unique=False
        )

    op.create_table(
        "stock_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(warehouse_id IS NULL) <> (post_id IS NULL)", name="ck_stock_levels_one_place"
        ),
        sa.CheckConstraint("quantity >= 0", name="ck_stock_levels_not_negative"),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["emergency_posts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id", "item", name="uq_stock_levels_post_item"),
        sa.UniqueConstraint("warehouse_id", "item", name="uq_stock_levels_warehouse_item"),
    )
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_levels_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_levels_warehouse_id"), ["warehouse_id"], unique=False
        )

    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("reference_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(warehouse_id IS NULL) <> (post_id IS NULL)", name="ck_stock_movements_one_place"
        ),
        sa.CheckConstraint("delta <> 0", name="ck_stock_movements_not_zero"),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["emergency_posts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_movements_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movements_warehouse_id"), ["warehouse_id"], unique=False
        )

    op.create_table(
        "distribution_items",
        sa.Column("distribution_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["aid_distributions.id"],
        ),
        sa.PrimaryKeyConstraint("distribution_id", "item"),
    )
    op.create_table(
        "shipment_items",
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
        ),
        sa.PrimaryKeyConstraint("shipment_id", "item"),
    )


def downgrade() -> None:
    op.drop_table("shipment_items")
    op.drop_table("distribution_items")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_warehouse_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_post_id"))

    op.drop_table("stock_movements")
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_levels_warehouse_id"))
        batch_op.drop_index(batch_op.f("ix_stock_levels_post_id"))

    op.drop_table("stock_levels")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_warehouse_id"))
        batch_op.drop_index(batch_op.f("ix_shipments_post_id"))

    op.drop_table("shipments")
    with op.batch_alter_table("aid_distributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_distributions_village_code"))
        batch_op.drop_index(batch_op.f("ix_aid_distributions_household_id"))
        batch_op.drop_index(batch_op.f("ix_aid_distributions_event_id"))

    op.drop_table("aid_distributions")
    op.drop_table("event_regions")
    with op.batch_alter_table("emergency_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_posts_village_code"))
        batch_op.drop_index(batch_op.f("ix_emergency_posts_event_id"))

    op.drop_table("emergency_posts")
    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warehouses_region_code"))

    op.drop_table("warehouses")
    op.drop_table("idempotency_keys")
    op.drop_table("disaster_events")
