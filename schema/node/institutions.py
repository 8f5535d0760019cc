"""The institutions agency as a federation subgraph: institutions as entities keyed by
``id``, their residents' placements, and residents as entities keyed by NIK.

Every answer comes from ``InstitutionLoaders`` built with the caller's regions from the
caller-context token, so the node filters inside its SQL exactly as the hub would. Records
carry their raw stored values (codes, enum values, personal fields unmasked: the hub
applies scopes, masking and audit) and the village that decides whether a caller may see
them, so that the hub can check every one. The list returns up to ``first + 1``
institutions after the cursor, lowest id first; its count is a tally per village.
"""

import datetime
from typing import Self

import strawberry

from auth.scopes import pii
from resolvers.institutions import AGENCY
from resolvers.institutions.enums import Accreditation, InstitutionKind, Service
from resolvers.institutions.filters import InstitutionFilter
from schema.node.agency_rows import AgencyReadsQuery
from schema.node.agency_writes import AgencyKeysQuery
from schema.node.common import Stored, Tally, choice, page_request
from schema.node.context import InstitutionsNodeInfo as Info
from schema.protection import refusal


def _admit_personal(info: Info) -> None:
    """Placements are specific personal data: the hub asks for them only for callers holding
    ``institutions:pii``, and the node gives them only under a token that says so."""
    refused = refusal(info.context.caller.principal, (pii(AGENCY),))
    if refused is not None:
        raise refused


@strawberry.type(description="A resident's placement, with its stored personal fields.")
class Placement(Stored):
    id: strawberry.ID
    institution_id: strawberry.ID
    resident_nik: str
    admitted_on: datetime.date
    discharged_on: datetime.date | None
    reason: str

    @strawberry.field(description="The village of its institution.")
    async def village_code(self, info: Info) -> str:
        institution = await info.context.institutions.institution.load(int(self.institution_id))
        if institution is None:  # a placement is visible only when its institution is
            raise LookupError("placement without a visible institution")
        return str(institution.village_code)


@strawberry.federation.type(keys=["id"])
class Institution(Stored):
    id: strawberry.ID
    registration_number: str
    name: str
    kind: str
    accreditation: str
    village_code: str
    address: str
    capacity: int
    registered_on: datetime.date

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.institutions.institution, id)

    @strawberry.field(description="The services it is registered to provide, as stored.")
    async def services(self, info: Info) -> list[str]:
        rows = await info.context.institutions.services.load(int(self.id))
        return [row.service for row in rows]

    @strawberry.field(description="Everyone placed here, earliest first.")
    async def residents(self, info: Info) -> list[Placement]:
        _admit_personal(info)
        rows = await info.context.institutions.placements_by_institution.load(int(self.id))
        return [Placement.of(row) for row in rows]

    @strawberry.field(description="Residents placed here and not yet discharged.")
    async def occupancy(self, info: Info) -> int:
        count: int = await info.context.institutions.occupancy.load(int(self.id))
        return count


@strawberry.federation.type(keys=["id"], description="A person placed somewhere, by NIK.")
class Resident:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Resident":
        return cls(id=id)

    @strawberry.field(description="Placements in institutions in the caller's regions.")
    async def placements(self, info: Info) -> list[Placement]:
        _admit_personal(info)
        rows = await info.context.institutions.placements_by_nik.load(str(self.id))
        return [Placement.of(row) for row in rows]


@strawberry.input(name="InstitutionFilter")
class InstitutionFilterInput:
    region_code: str | None = None
    kind: str | None = None
    accreditation: str | None = None
    service: str | None = None

    def parsed(self) -> InstitutionFilter:
        return InstitutionFilter(
            region_code=self.region_code,
            kind=choice(InstitutionKind, self.kind),
            accreditation=choice(Accreditation, self.accreditation),
            service=choice(Service, self.service),
        )


@strawberry.type
class InstitutionsNodeQuery(AgencyReadsQuery, AgencyKeysQuery):
    @strawberry.field
    async def institution_page(
        self,
        info: Info,
        first: int,
        filter: InstitutionFilterInput | None = None,
        after: int | None = None,
    ) -> list[Institution]:
        where = (filter or InstitutionFilterInput()).parsed()
        page = page_request(first, after, "institution")
        found = await info.context.institutions.institutions_page(where, page)
        return [Institution.of(row) for row in found.items]

    @strawberry.field
    async def institution_tally(
        self, info: Info, filter: InstitutionFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or InstitutionFilterInput()).parsed()
        return [Tally.of(t) for t in await info.context.institutions.institutions_tally(where)]


# Entities reached only through ``_entities``, named so that the schema holds them.
INSTITUTIONS_ENTITIES: tuple[type, ...] = (Resident,)
