"""The agencies Simpul federates, in seeding order (the registry's people come first)."""

from dataclasses import dataclass

from sqlalchemy import MetaData

from resolvers import institutions, logistics, regional, registry
from resolvers.institutions.tables import metadata as institutions_metadata
from resolvers.logistics.tables import metadata as logistics_metadata
from resolvers.regional.tables import metadata as regional_metadata
from resolvers.registry.tables import metadata as registry_metadata


@dataclass(frozen=True, slots=True)
class Agency:
    key: str
    metadata: MetaData


AGENCIES: tuple[Agency, ...] = (
    Agency(registry.AGENCY, registry_metadata),
    Agency(regional.AGENCY, regional_metadata),
    Agency(institutions.AGENCY, institutions_metadata),
    Agency(logistics.AGENCY, logistics_metadata),
)

AGENCY_KEYS: tuple[str, ...] = tuple(agency.key for agency in AGENCIES)
