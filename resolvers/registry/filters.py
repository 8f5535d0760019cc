from dataclasses import dataclass

from resolvers.registry.enums import (
    HouseholdStatus,
    PersonStatus,
    Programme,
    ProposalState,
    Sex,
)

Area = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    region_code: str | None = None
    area: Area = ()
    programme: Programme | None = None
    decile_min: int | None = None
    decile_max: int | None = None
    status: HouseholdStatus | None = None


@dataclass(frozen=True, slots=True)
class PersonFilter:
    region_code: str | None = None
    status: PersonStatus | None = None
    sex: Sex | None = None
    born_from_year: int | None = None
    born_to_year: int | None = None


@dataclass(frozen=True, slots=True)
class ProposalFilter:
    region_code: str | None = None
    state: ProposalState | None = None
