"""The root fields of the regional subgraph: pages of its lists, up to ``first + 1``
records after the cursor, tallies that count them per region, and the lookups by a key
that is not an id (a region's office, a person's cases)."""

import datetime
from collections.abc import Callable
from typing import Any

import strawberry

from resolvers.regional import enums
from resolvers.regional.filters import (
    CaseFilter,
    ComplaintFilter,
    KubeGroupFilter,
    OfficeFilter,
    VisitFilter,
)
from resolvers.regional.loaders import Listing
from schema.node.agency_rows import AgencyReadsQuery
from schema.node.agency_writes import AgencyKeysQuery
from schema.node.common import Tally, choice, page_request
from schema.node.context import RegionalNodeInfo
from schema.node.regional import (
    Complaint,
    KubeGroup,
    RehabilitationCase,
    SocialOffice,
    VerificationVisit,
)


@strawberry.input(name="SocialOfficeFilter")
class SocialOfficeFilterInput:
    region_code: str | None = None

    def parsed(self) -> OfficeFilter:
        return OfficeFilter(region_code=self.region_code)


@strawberry.input(name="VerificationVisitFilter")
class VerificationVisitFilterInput:
    region_code: str | None = None
    outcome: str | None = None
    visited_from: datetime.date | None = None
    visited_to: datetime.date | None = None

    def parsed(self) -> VisitFilter:
        return VisitFilter(
            region_code=self.region_code,
            outcome=choice(enums.VisitOutcome, self.outcome),
            visited_from=self.visited_from,
            visited_to=self.visited_to,
        )


@strawberry.input(name="RehabilitationCaseFilter")
class RehabilitationCaseFilterInput:
    region_code: str | None = None
    cluster: str | None = None
    status: str | None = None

    def parsed(self) -> CaseFilter:
        return CaseFilter(
            region_code=self.region_code,
            cluster=choice(enums.RehabilitationCluster, self.cluster),
            status=choice(enums.CaseStatus, self.status),
        )


@strawberry.input(name="ComplaintFilter")
class ComplaintFilterInput:
    region_code: str | None = None
    kind: str | None = None
    status: str | None = None
    overdue: bool | None = None

    def parsed(self) -> ComplaintFilter:
        return ComplaintFilter(
            region_code=self.region_code,
            kind=choice(enums.ComplaintKind, self.kind),
            status=choice(enums.ComplaintStatus, self.status),
            overdue=self.overdue,
        )


@strawberry.input(name="KubeGroupFilter")
class KubeGroupFilterInput:
    region_code: str | None = None

    def parsed(self) -> KubeGroupFilter:
        return KubeGroupFilter(region_code=self.region_code)


async def _page(listing: Listing, first: int, after: int | None, of: Callable[[Any], Any]) -> Any:
    found = await listing.page(page_request(first, after, "record"))
    return [of(row) for row in found.items]


async def _tally(listing: Listing) -> list[Tally]:
    return [Tally(region_codes=[code], count=count) for code, count in await listing.tally()]


@strawberry.type
class RegionalNodeQuery(AgencyReadsQuery, AgencyKeysQuery):
    @strawberry.field
    async def social_office_page(
        self,
        info: RegionalNodeInfo,
        first: int,
        filter: SocialOfficeFilterInput | None = None,
        after: int | None = None,
    ) -> list[SocialOffice]:
        listing = info.context.regional.office_list((filter or SocialOfficeFilterInput()).parsed())
        found: list[SocialOffice] = await _page(listing, first, after, SocialOffice.of)
        return found

    @strawberry.field
    async def social_office_tally(
        self, info: RegionalNodeInfo, filter: SocialOfficeFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or SocialOfficeFilterInput()).parsed()
        return await _tally(info.context.regional.office_list(where))

    @strawberry.field(description="The office of a province or regency, if it is visible.")
    async def social_office_of_region(
        self, info: RegionalNodeInfo, region_code: str
    ) -> SocialOffice | None:
        row = await info.context.regional.office_by_region.load(region_code)
        return None if row is None else SocialOffice.of(row)

    @strawberry.field
    async def verification_visit_page(
        self,
        info: RegionalNodeInfo,
        first: int,
        filter: VerificationVisitFilterInput | None = None,
        after: int | None = None,
    ) -> list[VerificationVisit]:
        where = (filter or VerificationVisitFilterInput()).parsed()
        listing = info.context.regional.visit_list(where)
        found: list[VerificationVisit] = await _page(listing, first, after, VerificationVisit.of)
        return found

    @strawberry.field
    async def verification_visit_tally(
        self, info: RegionalNodeInfo, filter: VerificationVisitFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or VerificationVisitFilterInput()).parsed()
        return await _tally(info.context.regional.visit_list(where))

    @strawberry.field
    async def rehabilitation_case_page(
        self,
        info: RegionalNodeInfo,
        first: int,
        filter: RehabilitationCaseFilterInput | None = None,
        after: int | None = None,
    ) -> list[RehabilitationCase]:
        where = (filter or RehabilitationCaseFilterInput()).parsed()
        listing = info.context.regional.case_list(where)
        found: list[RehabilitationCase] = await _page(listing, first, after, RehabilitationCase.of)
        return found

    @strawberry.field
    async def rehabilitation_case_tally(
        self, info: RegionalNodeInfo, filter: RehabilitationCaseFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or RehabilitationCaseFilterInput()).parsed()
        return await _tally(info.context.regional.case_list(where))

    @strawberry.field(description="A person's cases in the caller's regions, oldest first.")
    async def rehabilitation_cases_of(
        self, info: RegionalNodeInfo, client_nik: str
    ) -> list[RehabilitationCase]:
        rows = await info.context.regional.cases_by_nik.load(client_nik)
        return [RehabilitationCase.of(row) for row in rows]

    @strawberry.field
    async def complaint_page(
        self,
        info: RegionalNodeInfo,
        first: int,
        filter: ComplaintFilterInput | None = None,
        after: int | None = None,
    ) -> list[Complaint]:
        where = (filter or ComplaintFilterInput()).parsed()
        listing = info.context.regional.complaint_list(where)
        found: list[Complaint] = await _page(listing, first, after, Complaint.of)
        return found

    @strawberry.field
    async def complaint_tally(
        self, info: RegionalNodeInfo, filter: ComplaintFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or ComplaintFilterInput()).parsed()
        return await _tally(info.context.regional.complaint_list(where))

    @strawberry.field
    async def kube_group_page(
        self,
        info: RegionalNodeInfo,
        first: int,
        filter: KubeGroupFilterInput | None = None,
        after: int | None = None,
    ) -> list[KubeGroup]:
        where = (filter or KubeGroupFilterInput()).parsed()
        listing = info.context.regional.kube_group_list(where)
        found: list[KubeGroup] = await _page(listing, first, after, KubeGroup.of)
        return found

    @strawberry.field
    async def kube_group_tally(
        self, info: RegionalNodeInfo, filter: KubeGroupFilterInput | None = None
    ) -> list[Tally]:
        where = (filter or KubeGroupFilterInput()).parsed()
        return await _tally(info.context.regional.kube_group_list(where))
