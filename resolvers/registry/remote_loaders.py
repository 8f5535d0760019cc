"""The registry reads of a request when the agency runs its own node: the same questions
as ``RegistryLoaders`` asks in SQL, asked of the node in batches, and the same answers.

A household, a person, and every record a household holds lie in the household's village;
the node sends that village with each, and the hub keeps only what the caller's regions
allow (``RemoteChecks``: dropped and logged otherwise). A record that is not the one asked
for (another id, household, enrolment or NIK) means the node does not answer as agreed,
and the source is unavailable. Counts are tallies per village.
"""

import asyncio
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from auth.regions import RegionScope
from resolvers.paging import Page, PageRequest
from resolvers.registry import AGENCY
from resolvers.registry.filters import Area, HouseholdFilter, PersonFilter
from resolvers.registry.remote_proposals import RemoteProposalLoaders
from resolvers.registry.remote_shapes import (
    COMPONENT,
    COMPONENTS,
    DISBURSEMENT,
    DISBURSEMENTS,
    ENROLMENT,
    ENROLMENTS,
    HOUSEHOLD,
    HOUSEHOLD_FIELDS,
    HOUSEHOLD_PAGE,
    HOUSEHOLD_TALLY,
    MEMBERS,
    PERSON,
    PERSON_FIELDS,
    PERSON_PAGE,
    PERSON_TALLY,
    PERSONS_WITH_NIK,
)
from resolvers.remote import RemoteReader
from resolvers.remote_batch import Entities
from resolvers.remote_reads import Bound, Keeps, RemoteLoaders, at, belongs
from resolvers.remote_records import RemoteRecord, Shape, list_of


class RemoteRegistryLoaders(RemoteLoaders):
    _bounds: ClassVar[dict[str, Bound]] = {
        # The area (a disaster's regions) is checked with the region, by ``keeps``.
        "area": lambda wanted, values: True,
        # Enrolments are not part of a household's record: checked apart, after the page.
        "programme": lambda wanted, values: True,
        "decile_min": lambda wanted, values: values["decile"] >= wanted,
        "decile_max": lambda wanted, values: values["decile"] <= wanted,
        "born_from_year": lambda wanted, values: values["birth_date"].year >= wanted,
        "born_to_year": lambda wanted, values: values["birth_date"].year <= wanted,
    }

    def __init__(self, reader: RemoteReader, scope: RegionScope) -> None:
        super().__init__(AGENCY, reader, scope)
        self.household = self._lookup(self._household)
        self.person = self._lookup(self._person)
        self.members = self._lookup(self._members)
        self.persons_by_nik = self._lookup(self._persons_by_nik)
        self.enrolments = self._lookup(self._enrolments)
        self.disbursements = self._lookup(self._disbursements)
        self.components = self._lookup(self._components)
        self.households_in_area = self._lookup(self._households_in_area)
        self.households_in_area_count = self._lookup(self._households_in_area_count)

    @cached_property
    def proposals(self) -> RemoteProposalLoaders:
        return RemoteProposalLoaders(self._reader, self._scope, self._batch)

    # -- lists -----------------------------------------------------------------------------

    async def households_page(self, where: HouseholdFilter, page: PageRequest) -> Page[Any]:
        keeps = _in(self._household_scope(where))
        found = await self._page_of(
            HOUSEHOLD_PAGE, where, page, HOUSEHOLD.record, keeps, "household"
        )
        if where.programme is None:
            return found
        return await self._enrolled(found, where.programme.value)

    async def households_count(self, where: HouseholdFilter) -> int:
        visible = self._household_scope(where)
        return await self._count_of(HOUSEHOLD_TALLY, where, lambda codes: all(map(visible, codes)))

    async def persons_page(self, where: PersonFilter, page: PageRequest) -> Page[Any]:
        keeps = _in(self._narrowed(where.region_code).allows)
        return await self._page_of(PERSON_PAGE, where, page, PERSON.record, keeps, "person")

    async def persons_count(self, where: PersonFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            PERSON_TALLY, where, lambda codes: all(map(scope.allows, codes))
        )

    async def _households_in_area(self, key: tuple[Area, PageRequest]) -> Page[Any]:
        area, page = key
        return await self.households_page(HouseholdFilter(area=area), page)

    async def _households_in_area_count(self, area: Area) -> int:
        return await self.households_count(HouseholdFilter(area=area))

    # -- records by key --------------------------------------------------------------------

    async def _household(self, key: int) -> RemoteRecord | None:
        return await self._by_key(HOUSEHOLD_FIELDS, HOUSEHOLD, key, "household")

    async def _person(self, key: int) -> RemoteRecord | None:
        return await self._by_key(PERSON_FIELDS, PERSON, key, "person")

    async def _persons_by_nik(self, nik: str) -> list[RemoteRecord]:
        found = await self._batch.root(PERSONS_WITH_NIK, nik=nik)
        persons = [PERSON.record(entry) for entry in self._listed(found)]
        belongs(persons, "nik", nik)
        return sorted(self._kept(persons, "person", _in(self._scope.allows)), key=_id)

    async def _members(self, key: int) -> list[RemoteRecord]:
        members = await self._held(MEMBERS, "members", PERSON, key, "household_id")
        return self._kept(members, "person", _in(self._scope.allows))

    async def _enrolments(self, key: int) -> list[RemoteRecord]:
        return await self._held(ENROLMENTS, "enrolments", ENROLMENT, key, "household_id")

    async def _disbursements(self, key: int) -> list[RemoteRecord]:
        paid = await self._held(DISBURSEMENTS, "disbursements", DISBURSEMENT, key, "household_id")
        return sorted(paid, key=lambda record: record.period, reverse=True)

    async def _components(self, key: int) -> list[RemoteRecord]:
        return await self._held(COMPONENTS, "components", COMPONENT, key, "enrolment_id")

    # -- the checks ------------------------------------------------------------------------

    async def _by_key(
        self, fetch: Entities, shape: Shape, key: int, what: str
    ) -> RemoteRecord | None:
        found = await self._batch.entity(fetch, key)
        if found is None:
            return None
        record = shape.record(found)
        belongs([record], "id", key)
        return self._one(record, what, _in(self._scope.allows))

    async def _held(
        self, fetch: Entities, name: str, shape: Shape, key: int, owner: str
    ) -> list[RemoteRecord]:
        """The records a household (or an enrolment) holds, by id, when it is visible: they
        lie in its village."""
        found = await self._batch.entity(fetch, key)
        if found is None or not self._visible_holder(found, "villageCode", self._allows, name):
            return []
        records = [shape.record(entry) for entry in list_of(found, name)]
        belongs(records, owner, key)
        return sorted(records, key=_id)

    async def _enrolled(self, found: Page[RemoteRecord], programme: str) -> Page[RemoteRecord]:
        """The households of a page filtered by programme that the node's own enrolments
        show in it; one more call for the page, not one per household."""
        held = await asyncio.gather(*(self.enrolments.load(record.id) for record in found.items))
        kept = [
            record
            for record, enrolled in zip(found.items, held, strict=True)
            if any(enrolment.programme == programme for enrolment in enrolled)
        ]
        return Page(kept, found.has_next, found.has_previous)

    def _allows(self, code: str) -> bool:
        return self._scope.allows(code)

    def _household_scope(self, where: HouseholdFilter) -> Callable[[str], bool]:
        """A village the filter's region and area (a disaster's regions) hold, in scope."""
        scope = self._narrowed(where.region_code)
        area = RegionScope.of(where.area) if where.area else None
        return lambda code: scope.allows(code) and (area is None or area.allows(code))


def _id(record: RemoteRecord) -> int:
    return int(record.id)


def _in(visible: Callable[[str], bool]) -> Keeps:
    return at(visible, "village_code")
