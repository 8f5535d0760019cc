"""Update proposals: registry changes proposed from the field, as GraphQL sees them."""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.scopes import read
from resolvers.paging import PageRequest
from resolvers.registry import enums
from resolvers.registry.filters import ProposalFilter
from resolvers.remote_records import Record
from schema.context import Info
from schema.ids import to_id
from schema.pagination import Connection
from schema.protection import masked_number, personal, requires
from schema.regions import Region, region_of
from schema.scalars import NIK, RegionCode

if TYPE_CHECKING:
    from schema.regional import VerificationVisit
    from schema.registry import Household

for _enum in (enums.ProposalKind, enums.ProposalState, enums.ProposalDecision):
    strawberry.enum(_enum)


@strawberry.type(
    description=(
        "A change to the registry proposed by a verification visit. The registry owner approves"
        " it, which applies the change, or rejects it; either decision is final."
    )
)
class UpdateProposal:
    id: strawberry.ID
    kind: enums.ProposalKind
    state: enums.ProposalState
    subject_nik: NIK | None = personal(
        "registry",
        masked_number,
        description="The member the change concerns; null for a change to the whole household.",
    )
    deceased_on: datetime.date | None = strawberry.field(
        description="For a death: the day of death the registry will record."
    )
    village_code: RegionCode
    proposed_by: str = strawberry.field(description="Client id of the office that proposed it.")
    proposed_at: datetime.datetime
    decided_by: str | None = strawberry.field(description="Client id of who decided it.")
    decided_at: datetime.datetime | None
    reason: str | None = strawberry.field(description="Why it was approved or rejected.")
    household_key: strawberry.Private[int]
    visit_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "UpdateProposal":
        return cls(
            id=to_id(row.id),
            kind=enums.ProposalKind(row.kind),
            state=enums.ProposalState(row.state),
            subject_nik=None if row.subject_nik is None else NIK(row.subject_nik),
            deceased_on=row.deceased_on,
            village_code=RegionCode(row.village_code),
            proposed_by=row.proposed_by,
            proposed_at=_utc(row.proposed_at),
            decided_by=row.decided_by,
            decided_at=None if row.decided_at is None else _utc(row.decided_at),
            reason=row.reason,
            household_key=row.household_id,
            visit_key=row.source_visit_id,
        )

    @property
    def audit_subject(self) -> tuple[str, str]:
        if self.subject_nik:
            return ("nik", self.subject_nik)
        return ("household", str(self.household_key))

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @requires(read("registry"), description="The household the change concerns.")
    async def household(
        self, info: Info
    ) -> Annotated["Household", strawberry.lazy("schema.registry")] | None:
        from schema.registry import Household

        row = await info.context.registry.household.load(self.household_key)
        return None if row is None else Household.of(row)

    @requires(read("regional"), description="The verification visit that found the change.")
    async def visit(
        self, info: Info
    ) -> Annotated["VerificationVisit", strawberry.lazy("schema.regional")] | None:
        from schema.regional import VerificationVisit

        row = await info.context.regional.visit.load(self.visit_key)
        return None if row is None else VerificationVisit.of(row)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


@strawberry.input
class UpdateProposalFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only proposals for households in this region or below it."
    )
    state: enums.ProposalState | None = None

    def to_filter(self) -> ProposalFilter:
        return ProposalFilter(region_code=self.region_code, state=self.state)


@strawberry.type
class ProposalQuery:
    @requires(read("registry"), description="Update proposals in the registry owner's inbox.")
    async def update_proposals(
        self,
        info: Info,
        filter: UpdateProposalFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[UpdateProposal] | None:
        where = (filter or UpdateProposalFilterInput()).to_filter()
        page = PageRequest.parse("update_proposal", first, after)
        proposals = info.context.registry.proposals
        rows = await proposals.page(where, page)
        return Connection.of(rows, page, UpdateProposal.of, lambda: proposals.count(where))
