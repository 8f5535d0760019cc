"""Initial regional schema"""

import sqlalchemy as sa
from alembic import op

revision = "regional_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("objector_nik", sa.String(length=16), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_village_code"), ["village_code"], unique=False
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
        "kube_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("business", sa.String(length=120), nullable=False),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kube_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kube_groups_village_code"), ["village_code"], unique=False
        )

    op.create_table(
        "social_offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "region_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_code"),
    )
    op.create_table(
        "kube_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["kube_groups.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kube_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kube_grants_group_id"), ["group_id"], unique=False)

    op.create_table(
        "kube_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_nik", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["kube_groups.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kube_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kube_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_kube_members_member_nik"), ["member_nik"], unique=False
        )

    op.create_table(
        "rehabilitation_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("client_nik", sa.String(length=16), nullable=False),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("cluster", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("services", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["social_offices.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rehabilitation_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rehabilitation_cases_client_nik"), ["client_nik"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rehabilitation_cases_village_code"), ["village_code"], unique=False
        )

    op.create_table(
        "verification_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("subject_nik", sa.String(length=16), nullable=True),
        sa.Column(
            "village_code",
            sa.String(length=13).with_variant(sa.String(length=13, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("officer", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["social_offices.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("verification_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_visits_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verification_visits_subject_nik"), ["subject_nik"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verification_visits_village_code"), ["village_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("verification_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_visits_village_code"))
        batch_op.drop_index(batch_op.f("ix_verification_visits_subject_nik"))
        batch_op.drop_index(batch_op.f("ix_verification_visits_household_id"))

    op.drop_table("verification_visits")
    with op.batch_alter_table("rehabilitation_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rehabilitation_cases_village_code"))
        batch_op.drop_index(batch_op.f("ix_rehabilitation_cases_client_nik"))

    op.drop_table("rehabilitation_cases")
    with op.batch_alter_table("kube_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kube_members_member_nik"))
        batch_op.drop_index(batch_op.f("ix_kube_members_group_id"))

    op.drop_table("kube_members")
    with op.batch_alter_table("kube_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kube_grants_group_id"))

    op.drop_table("kube_grants")
    op.drop_table("social_offices")
    with op.batch_alter_table("kube_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kube_groups_village_code"))

    op.drop_table("kube_groups")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_village_code"))
        batch_op.drop_index(batch_op.f("ix_complaints_household_id"))

    op.drop_table("complaints")
