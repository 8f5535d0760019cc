"""The regional reads of a request when the agency runs its own node: the same questions
as ``RegionalLoaders`` asks in SQL, asked of the node in batches, and the same answers.

Nothing the node returns is taken on trust: every record is checked here against the
caller's scope with the rule the SQL applies (an office where its region overlaps the
caller's, every other record in its village) and against the list's filter, and one that
fails is dropped and logged. Counts come as tallies per region and only those inside the
scope are added up. Whether a complaint is overdue is judged here, from its stored dates.
"""

import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from auth.regions import RegionScope
from resolvers.paging import Page, PageRequest
from resolvers.regional import AGENCY
from resolvers.regional.filters import (
    CaseFilter,
    ComplaintFilter,
    KubeGroupFilter,
    OfficeFilter,
    VisitFilter,
)
from resolvers.regional.loaders import OPEN_COMPLAINT_STATUSES, reference_date
from resolvers.regional.remote_shapes import (
    CASE,
    CASE_PAGE,
    CASE_TALLY,
    CASES_OF_PERSON,
    COMPLAINT,
    COMPLAINT_PAGE,
    COMPLAINT_TALLY,
    KUBE_GRANT,
    KUBE_GRANTS,
    KUBE_GROUP,
    KUBE_GROUP_PAGE,
    KUBE_GROUP_TALLY,
    KUBE_MEMBER,
    KUBE_MEMBERS,
    OFFICE,
    OFFICE_FIELDS,
    OFFICE_OF_REGION,
    OFFICE_PAGE,
    OFFICE_TALLY,
    VISIT,
    VISIT_FIELDS,
    VISIT_PAGE,
    VISIT_TALLY,
    VISITS_OF_HOUSEHOLD,
)
from resolvers.remote import RemoteReader
from resolvers.remote_batch import Entities, RootField
from resolvers.remote_reads import Bound, Keeps, RemoteLoaders, at
from resolvers.remote_records import RemoteRecord, Shape, list_of

Where = OfficeFilter | VisitFilter | CaseFilter | ComplaintFilter | KubeGroupFilter
_OPEN = frozenset(status.value for status in OPEN_COMPLAINT_STATUSES)


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of record: how it is read, named in the logs, and which region decides."""

    shape: Shape
    what: str
    region: str = "village_code"
    # An office sits above a regency caller and still serves it: its region overlaps.
    overlapping: bool = False


OFFICES = Kind(OFFICE, "social office", "region_code", overlapping=True)
VISITS = Kind(VISIT, "verification visit")
CASES = Kind(CASE, "rehabilitation case")
COMPLAINTS = Kind(COMPLAINT, "complaint")
KUBE_GROUPS = Kind(KUBE_GROUP, "KUBE group")


@dataclass(frozen=True, slots=True)
class RemoteListing:
    """One filtered list of the node: its pages in key order, and its size from tallies."""

    page: Callable[[PageRequest], Awaitable[Page[RemoteRecord]]]
    count: Callable[[], Awaitable[int]]


class RemoteRegionalLoaders(RemoteLoaders):
    _bounds: ClassVar[dict[str, Bound]] = {
        "visited_from": lambda wanted, values: values["visited_on"] >= wanted,
        "visited_to": lambda wanted, values: values["visited_on"] <= wanted,
    }

    def __init__(self, reader: RemoteReader, scope: RegionScope) -> None:
        super().__init__(AGENCY, reader, scope)
        self.office = self._lookup(self._office)
        self.office_by_region = self._lookup(self._office_by_region)
        self.visit = self._lookup(self._visit)
        self.visits_by_household = self._lookup(self._visits_by_household)
        self.cases_by_nik = self._lookup(self._cases_by_nik)
        self.kube_members = self._lookup(self._kube_members)
        self.kube_grants = self._lookup(self._kube_grants)

    # -- lists -----------------------------------------------------------------------------

    def office_list(self, where: OfficeFilter) -> RemoteListing:
        return self._listing(OFFICE_PAGE, OFFICE_TALLY, OFFICES, where)

    def visit_list(self, where: VisitFilter) -> RemoteListing:
        return self._listing(VISIT_PAGE, VISIT_TALLY, VISITS, where)

    def case_list(self, where: CaseFilter) -> RemoteListing:
        return self._listing(CASE_PAGE, CASE_TALLY, CASES, where)

    def complaint_list(self, where: ComplaintFilter) -> RemoteListing:
        return self._listing(COMPLAINT_PAGE, COMPLAINT_TALLY, COMPLAINTS, where)

    def kube_group_list(self, where: KubeGroupFilter) -> RemoteListing:
        return self._listing(KUBE_GROUP_PAGE, KUBE_GROUP_TALLY, KUBE_GROUPS, where)

    def _listing(
        self, paged_field: RootField, tally: RootField, kind: Kind, where: Where
    ) -> RemoteListing:
        return RemoteListing(
            partial(self._page, paged_field, kind, where), partial(self._count, tally, kind, where)
        )

    async def _page(
        self, fetch: RootField, kind: Kind, where: Where, request: PageRequest
    ) -> Page[RemoteRecord]:
        keeps = self._keeps(kind, where.region_code)
        record = partial(self._record, kind)
        return await self._page_of(fetch, where, request, record, keeps, kind.what)

    async def _count(self, fetch: RootField, kind: Kind, where: Where) -> int:
        scope = self._narrowed(where.region_code)
        visible = scope.overlaps if kind.overlapping else scope.allows
        return await self._count_of(fetch, where, lambda codes: all(map(visible, codes)))

    # -- records by key --------------------------------------------------------------------

    async def _office(self, key: int) -> RemoteRecord | None:
        return await self._entity(OFFICE_FIELDS, OFFICES, key)

    async def _office_by_region(self, region_code: str) -> RemoteRecord | None:
        found = await self._batch.root(OFFICE_OF_REGION, regionCode=region_code)
        if found is None:
            return None
        office = OFFICES.shape.record(found)
        keeps = self._keeps(OFFICES, None)
        return self._one(office, OFFICES.what, lambda r: keeps(r) and r.region_code == region_code)

    async def _visit(self, key: int) -> RemoteRecord | None:
        return await self._entity(VISIT_FIELDS, VISITS, key)

    async def _visits_by_household(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(VISITS_OF_HOUSEHOLD, key)
        entries = [] if found is None else list_of(found, "verificationVisits")
        visits = self._belonging(VISITS, entries, "household_id", key)
        return sorted(visits, key=lambda visit: (visit.visited_on, visit.id))

    async def _cases_by_nik(self, nik: str) -> list[RemoteRecord]:
        found = await self._batch.root(CASES_OF_PERSON, clientNik=nik)
        cases = self._belonging(CASES, self._listed(found), "client_nik", nik)
        return sorted(cases, key=lambda case: (case.opened_on, case.id))

    async def _kube_members(self, key: int) -> list[RemoteRecord]:
        members = await self._of_group(KUBE_MEMBERS, key, "members", KUBE_MEMBER)
        return sorted(members, key=lambda member: member.id)

    async def _kube_grants(self, key: int) -> list[RemoteRecord]:
        grants = await self._of_group(KUBE_GRANTS, key, "grants", KUBE_GRANT)
        return sorted(grants, key=lambda grant: (grant.granted_on, grant.id))

    # -- the checks ------------------------------------------------------------------------

    async def _entity(self, fetch: Entities, kind: Kind, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(fetch, key)
        if found is None:
            return None
        keeps = self._keeps(kind, None)
        return self._one(self._record(kind, found), kind.what, lambda r: keeps(r) and r.id == key)

    def _belonging(self, kind: Kind, entries: list[Any], column: str, key: Any) -> list[Any]:
        """The records of ``entries`` that belong to ``key`` and lie in the caller's scope."""
        records = [self._record(kind, entry) for entry in entries]
        keeps = self._keeps(kind, None)
        return self._kept(records, kind.what, lambda r: keeps(r) and r._mapping[column] == key)

    async def _of_group(self, fetch: Entities, key: int, name: str, shape: Shape) -> list[Any]:
        """A KUBE group's members or grants, when the group lies in the caller's villages."""
        found = await self._batch.entity(fetch, key)
        if found is None:
            return []
        if not self._visible_holder(found, "villageCode", self._scope.allows, KUBE_GROUPS.what):
            return []
        return [shape.record(entry) for entry in list_of(found, name)]

    def _record(self, kind: Kind, found: Any) -> RemoteRecord:
        values = kind.shape.values(found)
        if kind is COMPLAINTS:
            values["overdue"] = _overdue(values["due_on"], values["status"], reference_date())
        return RemoteRecord(values)

    def _keeps(self, kind: Kind, region_code: str | None) -> Keeps:
        scope = self._narrowed(region_code)
        return at(scope.overlaps if kind.overlapping else scope.allows, kind.region)


def _overdue(due_on: datetime.date | None, status: str, day: datetime.date) -> bool:
    """The rule of ``loaders.overdue_on``: still open and due before ``day``."""
    return due_on is not None and due_on < day and status in _OPEN
