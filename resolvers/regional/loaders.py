"""Per-request loaders of the regional source: every statement carries the caller's region scope."""

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import ColumnElement, Row, Select, Table, and_, func, not_, select
from sqlalchemy.sql.elements import KeyedColumnElement

from auth.regions import RegionScope
from resolvers.batching import many_per_key, one_per_key
from resolvers.paging import Page, PageRequest
from resolvers.regional.enums import ComplaintStatus
from resolvers.regional.filters import (
    CaseFilter,
    ComplaintFilter,
    KubeGroupFilter,
    OfficeFilter,
    VisitFilter,
)
from resolvers.regional.tables import (
    complaints,
    kube_grants,
    kube_groups,
    kube_members,
    rehabilitation_cases,
    social_offices,
    verification_visits,
)
from resolvers.rows import column
from resolvers.source import Reader

OPEN_COMPLAINT_STATUSES = (ComplaintStatus.DITERIMA, ComplaintStatus.DIPROSES)


def reference_date() -> datetime.date:
    """The day complaints are judged overdue against."""
    return datetime.date.today()


def overdue_on(day: datetime.date) -> ColumnElement[bool]:
    """SQL condition: the complaint is still open and its due date lies before ``day``."""
    return and_(
        complaints.c.due_on.is_not(None),
        complaints.c.due_on < day,
        complaints.c.status.in_([status.value for status in OPEN_COMPLAINT_STATUSES]),
    )


@dataclass(frozen=True)
class Listing:
    """One filtered list of the source: its pages in key order, and its size."""

    reader: Reader
    query: Select[Any]
    key: KeyedColumnElement[int]
    # The column that decides who may see a record.
    region: str = "village_code"

    async def page(self, request: PageRequest) -> Page[Row[Any]]:
        return Page.of(await self.reader.rows(request.apply(self.query, self.key)), request)

    async def count(self) -> int:
        counted = select(func.count()).select_from(self.query.order_by(None).subquery())
        return int(await self.reader.scalar(counted))

    async def tally(self) -> list[tuple[str, int]]:
        """Its size per region, for a hub that counts only what lies in the caller's scope."""
        found = self.query.order_by(None).subquery()
        region = found.c[self.region]
        total = func.count().label("total")
        grouped = select(region, total).group_by(region).order_by(region)
        return [(str(row[0]), int(row.total)) for row in await self.reader.rows(grouped)]


class RegionalLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    # -- lists -----------------------------------------------------------------------------

    def office_list(self, where: OfficeFilter) -> Listing:
        return Listing(self._reader, self._offices(where), social_offices.c.id, "region_code")

    def visit_list(self, where: VisitFilter) -> Listing:
        return Listing(self._reader, self._visits(where), verification_visits.c.id)

    def case_list(self, where: CaseFilter) -> Listing:
        return Listing(self._reader, self._cases(where), rehabilitation_cases.c.id)

    def complaint_list(self, where: ComplaintFilter) -> Listing:
        return Listing(self._reader, self._complaints(where), complaints.c.id)

    def kube_group_list(self, where: KubeGroupFilter) -> Listing:
        return Listing(self._reader, self._kube_groups(where), kube_groups.c.id)

    # -- loaders ---------------------------------------------------------------------------

    @cached_property
    def office(self) -> DataLoader[int, Row[Any] | None]:
        return self._one_office_per(social_offices.c.id)

    @cached_property
    def office_by_region(self) -> DataLoader[str, Row[Any] | None]:
        return self._one_office_per(social_offices.c.region_code)

    @cached_property
    def visit(self) -> DataLoader[int, Row[Any] | None]:
        return self._one_per(self._visits(VisitFilter()), verification_visits.c.id)

    @cached_property
    def kube_group(self) -> DataLoader[int, Row[Any] | None]:
        return self._one_per(self._kube_groups(KubeGroupFilter()), kube_groups.c.id)

    @cached_property
    def visits_by_household(self) -> DataLoader[int, list[Row[Any]]]:
        visits = self._visits(VisitFilter()).order_by(
            verification_visits.c.visited_on, verification_visits.c.id
        )
        return self._many_per(visits, verification_visits.c.household_id)

    @cached_property
    def cases_by_nik(self) -> DataLoader[str, list[Row[Any]]]:
        cases = self._cases(CaseFilter()).order_by(
            rehabilitation_cases.c.opened_on, rehabilitation_cases.c.id
        )
        return self._many_per(cases, rehabilitation_cases.c.client_nik)

    @cached_property
    def kube_members(self) -> DataLoader[int, list[Row[Any]]]:
        members = self._in_visible_group(select(kube_members), kube_members.c.group_id)
        return self._many_per(members.order_by(kube_members.c.id), kube_members.c.group_id)

    @cached_property
    def kube_grants(self) -> DataLoader[int, list[Row[Any]]]:
        grants = self._in_visible_group(select(kube_grants), kube_grants.c.group_id)
        ordered = grants.order_by(kube_grants.c.granted_on, kube_grants.c.id)
        return self._many_per(ordered, kube_grants.c.group_id)

    # -- statements ------------------------------------------------------------------------

    def _within(self, region_code: str | None) -> RegionScope:
        return self._scope.narrowed(region_code) if region_code else self._scope

    def _offices(self, where: OfficeFilter) -> Select[Any]:
        # A province office sits above a regency caller and still serves it.
        visible = self._within(where.region_code).overlap_clause(social_offices.c.region_code)
        return select(social_offices).where(visible)

    def _in_villages(self, table: Table, region_code: str | None) -> Select[Any]:
        return select(table).where(self._within(region_code).clause(table.c.village_code))

    def _visits(self, where: VisitFilter) -> Select[Any]:
        table = verification_visits
        query = self._in_villages(table, where.region_code)
        if where.outcome is not None:
            query = query.where(table.c.outcome == where.outcome.value)
        if where.visited_from is not None:
            query = query.where(table.c.visited_on >= where.visited_from)
        if where.visited_to is not None:
            query = query.where(table.c.visited_on <= where.visited_to)
        return query

    def _cases(self, where: CaseFilter) -> Select[Any]:
        table = rehabilitation_cases
        query = self._in_villages(table, where.region_code)
        if where.cluster is not None:
            query = query.where(table.c.cluster == where.cluster.value)
        if where.status is not None:
            query = query.where(table.c.status == where.status.value)
        return query

    def _complaints(self, where: ComplaintFilter) -> Select[Any]:
        late = overdue_on(reference_date())
        query = self._in_villages(complaints, where.region_code).add_columns(late.label("overdue"))
        if where.kind is not None:
            query = query.where(complaints.c.kind == where.kind.value)
        if where.status is not None:
            query = query.where(complaints.c.status == where.status.value)
        if where.overdue is not None:
            query = query.where(late if where.overdue else not_(late))
        return query

    def _kube_groups(self, where: KubeGroupFilter) -> Select[Any]:
        return self._in_villages(kube_groups, where.region_code)

    def _in_visible_group(
        self, query: Select[Any], group_id: KeyedColumnElement[int]
    ) -> Select[Any]:
        return query.join(kube_groups, kube_groups.c.id == group_id).where(
            self._scope.clause(kube_groups.c.village_code)
        )

    def _one_office_per(self, key: KeyedColumnElement[Any]) -> DataLoader[Any, Row[Any] | None]:
        return self._one_per(self._offices(OfficeFilter()), key)

    def _one_per(
        self, query: Select[Any], key: KeyedColumnElement[Any]
    ) -> DataLoader[Any, Row[Any] | None]:
        async def load(keys: list[Any]) -> list[Row[Any] | None]:
            rows = await self._reader.rows(query.where(self._reader.keys_in(key, keys)))
            return one_per_key(keys, rows, column(key.key))

        return DataLoader(load)

    def _many_per(
        self, query: Select[Any], key: KeyedColumnElement[Any]
    ) -> DataLoader[Any, list[Row[Any]]]:
        async def load(keys: list[Any]) -> list[list[Row[Any]]]:
            rows = await self._reader.rows(query.where(self._reader.keys_in(key, keys)))
            return many_per_key(keys, rows, column(key.key))

        return DataLoader(load)
