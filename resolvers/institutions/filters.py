from dataclasses import dataclass

from resolvers.institutions.enums import Accreditation, InstitutionKind, Service


@dataclass(frozen=True, slots=True)
class InstitutionFilter:
    region_code: str | None = None
    kind: InstitutionKind | None = None
    accreditation: Accreditation | None = None
    service: Service | None = None
