from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

from resolvers.columns import region_code
from resolvers.idempotency import idempotency_table

metadata = MetaData()

households = Table(
    "households",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("no_kk", String(16), nullable=False, index=True),
    Column("address", String(200), nullable=False),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("decile", SmallInteger, nullable=False),
    Column("status", String(12), nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nik", String(16), nullable=False, index=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_place", String(80), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("relationship", String(20), nullable=False),
    Column("disability", String(12)),
    Column("status", String(12), nullable=False),
    Column("deceased_on", Date),
)

enrolments = Table(
    "enrolments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("programme", String(12), nullable=False),
    Column("status", String(14), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
    Index("ix_enrolments_programme_household", "programme", "household_id"),
)

pkh_components = Table(
    "pkh_components",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enrolment_id", Integer, ForeignKey("enrolments.id"), nullable=False, index=True),
    Column("component", String(20), nullable=False),
    Column("person_id", Integer, ForeignKey("persons.id")),
    Column("yearly_amount", BigInteger, nullable=False),
)

disbursements = Table(
    "disbursements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enrolment_id", Integer, ForeignKey("enrolments.id"), nullable=False),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("period", String(7), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("bank_account", String(20)),
    Column("status", String(12), nullable=False),
    Column("disbursed_on", Date),
)

# The registry owner's inbox: changes proposed from the field (verification visits),
# applied only when approved. ``village_code`` is the household's, for the region scope.
update_proposals = Table(
    "update_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("subject_nik", String(16)),
    Column("kind", String(20), nullable=False),
    Column("deceased_on", Date),
    Column("state", String(10), nullable=False, index=True),
    # A verification visit in the regional source; one proposal per visit at most.
    Column("source_visit_id", Integer, nullable=False, unique=True),
    Column("proposed_by", String(64), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(64)),
    Column("decided_at", DateTime(timezone=True)),
    Column("reason", Text),
)

idempotency_keys = idempotency_table(metadata)
