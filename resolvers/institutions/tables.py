from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, String, Table

from resolvers.columns import region_code

metadata = MetaData()

institutions = Table(
    "institutions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("registration_number", String(40), nullable=False, unique=True),
    Column("name", String(160), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("accreditation", String(8), nullable=False),
    Column("village_code", region_code(), nullable=False, index=True),
    Column("address", String(200), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("registered_on", Date, nullable=False),
)

institution_services = Table(
    "institution_services",
    metadata,
    Column("institution_id", Integer, ForeignKey("institutions.id"), primary_key=True),
    Column("service", String(24), primary_key=True),
)

placements = Table(
    "placements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("institution_id", Integer, ForeignKey("institutions.id"), nullable=False, index=True),
    Column("resident_nik", String(16), nullable=False, index=True),
    Column("admitted_on", Date, nullable=False),
    Column("discharged_on", Date),
    Column("reason", String(120), nullable=False),
)
