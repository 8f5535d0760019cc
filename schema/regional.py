"""Regional (Dinas Sosial) types: offices, verification visits, rehabilitation cases,
complaints and KUBE groups, linked to the registry by household id and NIK."""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry

from auth.scopes import pii, read
from resolvers.paging import PageRequest
from resolvers.regional import enums
from resolvers.regional.loaders import Listing
from resolvers.regional.remote_loaders import RemoteListing
from resolvers.remote_records import Record
from schema.context import Info
from schema.ids import to_id
from schema.pagination import Connection
from schema.protection import masked_number, personal, requires, withheld
from schema.regional_inputs import (
    ComplaintFilterInput,
    KubeGroupFilterInput,
    RehabilitationCaseFilterInput,
    SocialOfficeFilterInput,
    VerificationVisitFilterInput,
)
from schema.regions import Region, region_of
from schema.scalars import NIK, Money, RegionCode

if TYPE_CHECKING:
    from schema.proposals import UpdateProposal
    from schema.registry import Household, Person

T = TypeVar("T")


@strawberry.type(description="A provincial or regency Dinas Sosial office.")
class SocialOffice:
    id: strawberry.ID
    name: str
    address: str
    phone: str
    region_code: RegionCode

    @classmethod
    def of(cls, row: Record) -> "SocialOffice":
        return cls(
            id=to_id(row.id),
            name=row.name,
            address=row.address,
            phone=row.phone,
            region_code=RegionCode(row.region_code),
        )

    @strawberry.field
    def region(self) -> Region:
        return region_of(self.region_code)


@strawberry.type(description="A verification visit (verval) to a household.")
class VerificationVisit:
    id: strawberry.ID
    visited_on: datetime.date
    outcome: enums.VisitOutcome
    subject_nik: NIK | None = personal(
        "regional",
        masked_number,
        description="The member the outcome concerns (e.g. who died), if any.",
    )
    officer: str
    notes: str | None = personal("regional", withheld, description="Null without regional:pii.")
    village_code: RegionCode
    household_key: strawberry.Private[int]
    office_key: strawberry.Private[int]

    @property
    def audit_subject(self) -> tuple[str, str]:
        if self.subject_nik:
            return ("nik", self.subject_nik)
        return ("household", str(self.household_key))

    @classmethod
    def of(cls, row: Record) -> "VerificationVisit":
        return cls(
            id=to_id(row.id),
            visited_on=row.visited_on,
            outcome=enums.VisitOutcome(row.outcome),
            subject_nik=None if row.subject_nik is None else NIK(row.subject_nik),
            officer=row.officer,
            notes=row.notes,
            village_code=RegionCode(row.village_code),
            household_key=row.household_id,
            office_key=row.office_id,
        )

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @requires(read("registry"), description="The visited household, from the registry.")
    async def household(
        self, info: Info
    ) -> Annotated["Household", strawberry.lazy("schema.registry")] | None:
        return await _household(info, self.household_key)

    @strawberry.field(description="The office that made the visit.")
    async def office(self, info: Info) -> SocialOffice | None:
        return await _office(info, self.office_key)

    @requires(read("registry"), description="The registry change this visit proposed, if any.")
    async def proposal(
        self, info: Info
    ) -> Annotated["UpdateProposal", strawberry.lazy("schema.proposals")] | None:
        from schema.proposals import UpdateProposal

        row = await info.context.registry.proposals.by_visit.load(int(self.id))
        return None if row is None else UpdateProposal.of(row)


@strawberry.type(description="An ATENSI rehabilitation case.")
class RehabilitationCase:
    id: strawberry.ID
    client_nik: NIK = personal("regional", masked_number)
    cluster: enums.RehabilitationCluster
    status: enums.CaseStatus
    opened_on: datetime.date
    closed_on: datetime.date | None
    services: str
    village_code: RegionCode
    office_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "RehabilitationCase":
        return cls(
            id=to_id(row.id),
            client_nik=NIK(row.client_nik),
            cluster=enums.RehabilitationCluster(row.cluster),
            status=enums.CaseStatus(row.status),
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            services=row.services,
            village_code=RegionCode(row.village_code),
            office_key=row.office_id,
        )

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("nik", self.client_nik)

    @requires(
        read("registry"), description="The client in the registry; null when not registered there."
    )
    async def person(
        self, info: Info
    ) -> Annotated["Person", strawberry.lazy("schema.registry")] | None:
        return await _person(info, self.client_nik)

    @strawberry.field(description="The office handling the case.")
    async def office(self, info: Info) -> SocialOffice | None:
        return await _office(info, self.office_key)


@strawberry.type(description="A complaint (pengaduan) or an objection to registry data (sanggah).")
class Complaint:
    id: strawberry.ID
    kind: enums.ComplaintKind
    channel: enums.ComplaintChannel
    summary: str | None = personal("regional", withheld, description="Null without regional:pii.")
    status: enums.ComplaintStatus
    filed_on: datetime.date
    due_on: datetime.date | None = strawberry.field(
        description="When an answer is due: a sanggah has 14 days from filing."
    )
    resolved_on: datetime.date | None
    overdue: bool = strawberry.field(description="Still open after its due date has passed.")
    village_code: RegionCode
    household_key: strawberry.Private[int | None]

    @classmethod
    def of(cls, row: Record) -> "Complaint":
        return cls(
            id=to_id(row.id),
            kind=enums.ComplaintKind(row.kind),
            channel=enums.ComplaintChannel(row.channel),
            summary=row.summary,
            status=enums.ComplaintStatus(row.status),
            filed_on=row.filed_on,
            due_on=row.due_on,
            resolved_on=row.resolved_on,
            overdue=bool(row.overdue),
            village_code=RegionCode(row.village_code),
            household_key=row.household_id,
        )

    @property
    def audit_subject(self) -> tuple[str, str]:
        if self.household_key is not None:
            return ("household", str(self.household_key))
        return ("complaint", str(self.id))

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @requires(read("registry"), description="The household the complaint concerns, if any.")
    async def household(
        self, info: Info
    ) -> Annotated["Household", strawberry.lazy("schema.registry")] | None:
        return None if self.household_key is None else await _household(info, self.household_key)


@strawberry.type(description="A member of a KUBE group.")
class KubeMember:
    id: strawberry.ID
    nik: NIK = personal("regional", masked_number)
    role: str = strawberry.field(description="The member's role in the group, e.g. ketua.")

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("nik", self.nik)

    @classmethod
    def of(cls, row: Record) -> "KubeMember":
        return cls(id=to_id(row.id), nik=NIK(row.member_nik), role=row.role)

    @requires(
        read("registry"), description="The member in the registry; null when not registered there."
    )
    async def member(
        self, info: Info
    ) -> Annotated["Person", strawberry.lazy("schema.registry")] | None:
        return await _person(info, self.nik)


@strawberry.type(description="Business capital granted to a KUBE group.")
class KubeGrant:
    id: strawberry.ID
    amount: Money
    granted_on: datetime.date

    @classmethod
    def of(cls, row: Record) -> "KubeGrant":
        return cls(id=to_id(row.id), amount=Money(row.amount), granted_on=row.granted_on)


@strawberry.type(description="A joint business group (Kelompok Usaha Bersama) of poor families.")
class KubeGroup:
    id: strawberry.ID
    name: str
    business: str
    formed_on: datetime.date
    village_code: RegionCode
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "KubeGroup":
        return cls(
            id=to_id(row.id),
            key=row.id,
            name=row.name,
            business=row.business,
            formed_on=row.formed_on,
            village_code=RegionCode(row.village_code),
        )

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @strawberry.field
    async def members(self, info: Info) -> list[KubeMember] | None:
        return [
            KubeMember.of(row) for row in await info.context.regional.kube_members.load(self.key)
        ]

    @strawberry.field(description="Business-capital grants, oldest first.")
    async def grants(self, info: Info) -> list[KubeGrant] | None:
        return [KubeGrant.of(row) for row in await info.context.regional.kube_grants.load(self.key)]

    @strawberry.field(description="The sum of all grants to the group.")
    async def total_grants(self, info: Info) -> Money | None:
        rows = await info.context.regional.kube_grants.load(self.key)
        return Money(sum(row.amount for row in rows))


# The proposals' list joins the root Query here, next to the visits that file them.
@strawberry.type
class RegionalQuery:
    @requires(
        read("regional"), description="Dinas Sosial offices, with the province offices above you."
    )
    async def social_offices(
        self,
        info: Info,
        filter: SocialOfficeFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SocialOffice] | None:
        where = (filter or SocialOfficeFilterInput()).to_filter()
        page = PageRequest.parse("social_office", first, after)
        return await _connection(info.context.regional.office_list(where), page, SocialOffice.of)

    @requires(read("regional"), description="Verification visits (verval) to households.")
    async def verification_visits(
        self,
        info: Info,
        filter: VerificationVisitFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[VerificationVisit] | None:
        where = (filter or VerificationVisitFilterInput()).to_filter()
        page = PageRequest.parse("verification_visit", first, after)
        listing = info.context.regional.visit_list(where)
        return await _connection(listing, page, VerificationVisit.of)

    @requires(read("regional"), pii("regional"), description="ATENSI rehabilitation cases.")
    async def rehabilitation_cases(
        self,
        info: Info,
        filter: RehabilitationCaseFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[RehabilitationCase] | None:
        where = (filter or RehabilitationCaseFilterInput()).to_filter()
        page = PageRequest.parse("rehabilitation_case", first, after)
        listing = info.context.regional.case_list(where)
        return await _connection(listing, page, RehabilitationCase.of)

    @requires(read("regional"), description="Complaints and sanggah filed with the offices.")
    async def complaints(
        self,
        info: Info,
        filter: ComplaintFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Complaint] | None:
        where = (filter or ComplaintFilterInput()).to_filter()
        page = PageRequest.parse("complaint", first, after)
        return await _connection(info.context.regional.complaint_list(where), page, Complaint.of)

    @requires(read("regional"), description="KUBE empowerment groups.")
    async def kube_groups(
        self,
        info: Info,
        filter: KubeGroupFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[KubeGroup] | None:
        where = (filter or KubeGroupFilterInput()).to_filter()
        page = PageRequest.parse("kube_group", first, after)
        return await _connection(info.context.regional.kube_group_list(where), page, KubeGroup.of)


async def _connection(
    listing: Listing | RemoteListing, page: PageRequest, node: Callable[[Record], T]
) -> Connection[T]:
    return Connection.of(await listing.page(page), page, node, listing.count)


async def _office(info: Info, key: int) -> SocialOffice | None:
    row = await info.context.regional.office.load(key)
    return None if row is None else SocialOffice.of(row)


async def _household(info: Info, key: int) -> "Household | None":
    from schema.registry import Household

    row = await info.context.registry.household.load(key)
    return None if row is None else Household.of(row)


async def _person(info: Info, nik: str) -> "Person | None":
    """The registry person with this NIK; a duplicated NIK yields its first record."""
    from schema.registry import Person

    rows = await info.context.registry.persons_by_nik.load(nik)
    return Person.of(rows[0]) if rows else None
