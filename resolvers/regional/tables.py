from sqlalchemy import BigInteger, Column, Date, ForeignKey, Integer, MetaData, String, Table, Text

from resolvers.columns import region_code
from resolvers.idempotency import idempotency_table

metadata = MetaData()

social_offices = Table(
    "social_offices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_code", region_code(), nullable=False, unique=True),
    Column("name", String(160), nullable=False),
    Column("address", String(200), nullable=False),
    Column("phone", String(20), nullable=False),
)

verification_visits = Table(
    "verification_visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office_id", Integer, ForeignKey("social_offices.id"), nullable=False),
    Column("household_id", Integer, nullable=False, index=True),
    Column("subject_nik", String(16), index=True),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("visited_on", Date, nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("officer", String(120), nullable=False),
    Column("notes", Text, nullable=False, default=""),
)

rehabilitation_cases = Table(
    "rehabilitation_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office_id", Integer, ForeignKey("social_offices.id"), nullable=False),
    Column("client_nik", String(16), nullable=False, index=True),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("cluster", String(20), nullable=False),
    Column("status", String(12), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("services", String(200), nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("household_id", Integer, index=True),
    Column("channel", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("due_on", Date),
    Column("resolved_on", Date),
    Column("objector_nik", String(16)),
    Column("resolution_note", Text),
)

kube_groups = Table(
    "kube_groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("business", String(120), nullable=False),
    Column("formed_on", Date, nullable=False),
)

kube_members = Table(
    "kube_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("kube_groups.id"), nullable=False, index=True),
    Column("member_nik", String(16), nullable=False, index=True),
    Column("role", String(12), nullable=False),
)

kube_grants = Table(
    "kube_grants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("kube_groups.id"), nullable=False, index=True),
    Column("amount", BigInteger, nullable=False),
    Column("granted_on", Date, nullable=False),
)

idempotency_keys = idempotency_table(metadata)
