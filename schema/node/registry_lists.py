"""The root fields of the registry subgraph: pages of its lists, up to ``first + 1``
records after the cursor, tallies that count them per village, and the lookups by NIK and
by verification visit."""

import strawberry

from resolvers.registry import enums
from resolvers.registry.filters import HouseholdFilter, PersonFilter, ProposalFilter
from resolvers.registry.tallies import households_tally, persons_tally, proposals_tally
from schema.node.agency_rows import AgencyReadsQuery
from schema.node.agency_writes import AgencyKeysQuery
from schema.node.common import Tally, choice, page_request, record_key
from schema.node.context import RegistryNodeInfo
from schema.node.registry import Household, Person, UpdateProposal


@strawberry.input(name="HouseholdFilter")
class HouseholdFilterInput:
    region_code: str | None = None
    area: list[str] | None = strawberry.field(
        default=None, description="Only households under one of these region codes."
    )
    programme: str | None = None
    decile_min: int | None = None
    decile_max: int | None = None
    status: str | None = None

    def parsed(self) -> HouseholdFilter:
        return HouseholdFilter(
            region_code=self.region_code,
            area=tuple(self.area or ()),
            programme=choice(enums.Programme, self.programme),
            decile_min=self.decile_min,
            decile_max=self.decile_max,
            status=choice(enums.HouseholdStatus, self.status),
        )


@strawberry.input(name="PersonFilter")
class PersonFilterInput:
    region_code: str | None = None
    status: str | None = None
    sex: str | None = None
    born_from_year: int | None = None
    born_to_year: int | None = None

    def parsed(self) -> PersonFilter:
        return PersonFilter(
            region_code=self.region_code,
            status=choice(enums.PersonStatus, self.status),
            sex=choice(enums.Sex, self.sex),
            born_from_year=self.born_from_year,
            born_to_year=self.born_to_year,
        )


@strawberry.input(name="UpdateProposalFilter")
class UpdateProposalFilterInput:
    region_code: str | None = None
    state: str | None = None

    def parsed(self) -> ProposalFilter:
        return ProposalFilter(
            region_code=self.region_code, state=choice(enums.ProposalState, self.state)
        )


@strawberry.type
class RegistryNodeQuery(AgencyReadsQuery, AgencyKeysQuery):
    @strawberry.field
    async def household_page(
        self,
        info: RegistryNodeInfo,
        first: int,
        filter: HouseholdFilterInput | None = None,
        after: int | None = None,
    ) -> list[Household]:
        where = (filter or HouseholdFilterInput()).parsed()
        page = page_request(first, after, "household")
        found = await info.context.registry.households_page(where, page)
        return [Household.of(row) for row in found.items]

    @strawberry.field
    async def household_tally(
        self, info: RegistryNodeInfo, filter: HouseholdFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or HouseholdFilterInput()).parsed()
        context = info.context
        tallies = await households_tally(context.reader, context.caller.principal.regions, where)
        return [Tally.of(tally) for tally in tallies]

    @strawberry.field
    async def person_page(
        self,
        info: RegistryNodeInfo,
        first: int,
        filter: PersonFilterInput | None = None,
        after: int | None = None,
    ) -> list[Person]:
        where = (filter or PersonFilterInput()).parsed()
        page = page_request(first, after, "person")
        found = await info.context.registry.persons_page(where, page)
        return [Person.of(row) for row in found.items]

    @strawberry.field
    async def person_tally(
        self, info: RegistryNodeInfo, filter: PersonFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or PersonFilterInput()).parsed()
        context = info.context
        tallies = await persons_tally(context.reader, context.caller.principal.regions, where)
        return [Tally.of(tally) for tally in tallies]

    @strawberry.field(description="The persons who carry a NIK, by id.")
    async def persons_with_nik(self, info: RegistryNodeInfo, nik: str) -> list[Person]:
        return [Person.of(row) for row in await info.context.registry.persons_by_nik.load(nik)]

    @strawberry.field
    async def update_proposal_page(
        self,
        info: RegistryNodeInfo,
        first: int,
        filter: UpdateProposalFilterInput | None = None,
        after: int | None = None,
    ) -> list[UpdateProposal]:
        where = (filter or UpdateProposalFilterInput()).parsed()
        page = page_request(first, after, "update_proposal")
        found = await info.context.registry.proposals.page(where, page)
        return [UpdateProposal.of(row) for row in found.items]

    @strawberry.field
    async def update_proposal_tally(
        self, info: RegistryNodeInfo, filter: UpdateProposalFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or UpdateProposalFilterInput()).parsed()
        context = info.context
        tallies = await proposals_tally(context.reader, context.caller.principal.regions, where)
        return [Tally.of(tally) for tally in tallies]

    @strawberry.field(description="The update proposal a verification visit filed, if any.")
    async def update_proposal_of_visit(
        self, info: RegistryNodeInfo, visit_id: strawberry.ID
    ) -> UpdateProposal | None:
        key = record_key(visit_id)
        row = None if key is None else await info.context.registry.proposals.by_visit.load(key)
        return None if row is None else UpdateProposal.of(row)
