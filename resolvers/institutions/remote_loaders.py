"""The institutions reads of a request when the agency runs its own node: the same questions
as ``InstitutionLoaders`` asks in SQL, asked of the node in batches, and the same answers.

Nothing the node returns is taken on trust: an institution is visible when its village is
in the caller's regions, and a placement when its institution's village is (the rule of the
SQL, which joins placements to institutions); anything else is dropped and logged. Counts
come as tallies per village, so a node that counts too much cannot make a count wrong.
Placements carry personal data as stored; the hub's schema applies scopes and masking.
"""

from dataclasses import replace
from typing import Any

from auth.regions import RegionScope
from resolvers.institutions import AGENCY
from resolvers.institutions.filters import InstitutionFilter
from resolvers.institutions.remote_shapes import (
    INSTITUTION,
    INSTITUTION_FIELDS,
    INSTITUTION_OCCUPANCY,
    INSTITUTION_PAGE,
    INSTITUTION_RESIDENTS,
    INSTITUTION_SERVICES,
    INSTITUTION_TALLY,
    PLACEMENT,
    RESIDENT_PLACEMENTS,
)
from resolvers.paging import Page, PageRequest
from resolvers.remote import RemoteReader
from resolvers.remote_reads import RemoteLoaders, at, region_codes
from resolvers.remote_records import TEXT, RemoteRecord, field_of, list_of


class RemoteInstitutionLoaders(RemoteLoaders):
    def __init__(self, reader: RemoteReader, scope: RegionScope) -> None:
        super().__init__(AGENCY, reader, scope)
        self.institution = self._lookup(self._institution)
        self.services = self._lookup(self._services)
        self.placements_by_institution = self._lookup(self._residents)
        self.placements_by_nik = self._lookup(self._placements_of)
        self.occupancy = self._lookup(self._occupancy)

    # -- lists -----------------------------------------------------------------------------

    async def institutions_page(
        self, where: InstitutionFilter, page: PageRequest
    ) -> Page[RemoteRecord]:
        keeps = at(self._narrowed(where.region_code).allows, "village_code")
        return await self._page_of(
            INSTITUTION_PAGE, where, page, _listed_institution, keeps, "institution"
        )

    async def institutions_count(self, where: InstitutionFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            INSTITUTION_TALLY, where, lambda codes: all(map(scope.allows, codes))
        )

    def _matches(self, where: Any, record: RemoteRecord) -> bool:
        """Its kind and accreditation are those asked, and it offers the service asked."""
        service = where.service
        offered = service is None or service.value in record.services
        return offered and super()._matches(replace(where, service=None), record)

    # -- records by key --------------------------------------------------------------------

    async def _institution(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(INSTITUTION_FIELDS, key)
        if found is None:
            return None
        return self._one(INSTITUTION.record(found), "institution", self._in_village)

    async def _services(self, key: int) -> list[RemoteRecord]:
        found = await self._visible(INSTITUTION_SERVICES, key)
        if found is None:
            return []
        codes = sorted(field_of(found, "services", region_codes))
        return [RemoteRecord({"institution_id": key, "service": code}) for code in codes]

    async def _residents(self, key: int) -> list[RemoteRecord]:
        found = await self._visible(INSTITUTION_RESIDENTS, key)
        if found is None:
            return []
        placed = [PLACEMENT.record(entry) for entry in list_of(found, "residents")]
        return _in_order(self._kept(placed, "placement", lambda p: p.institution_id == key))

    async def _placements_of(self, nik: str) -> list[RemoteRecord]:
        found = await self._batch.entity(RESIDENT_PLACEMENTS, nik)
        entries = [] if found is None else list_of(found, "placements")
        placed = [_placement_in_village(entry) for entry in entries]
        kept = self._kept(
            placed, "placement", lambda p: p.resident_nik == nik and self._in_village(p)
        )
        return _in_order(kept)

    async def _occupancy(self, key: int) -> int:
        found = await self._visible(INSTITUTION_OCCUPANCY, key)
        if found is None:
            return 0
        return self._counted(found, "occupancy")

    # -- the checks ------------------------------------------------------------------------

    async def _visible(self, fetch: Any, key: int) -> Any:
        """An institution's answer, when the institution lies in the caller's regions."""
        found = await self._batch.entity(fetch, key)
        if found is None:
            return None
        visible = self._visible_holder(found, "villageCode", self._scope.allows, "institution")
        return found if visible else None

    def _in_village(self, record: RemoteRecord) -> bool:
        return self._scope.allows(record.village_code)


def _listed_institution(found: Any) -> RemoteRecord:
    """An institution of a list, with its services (to check the filter by service)."""
    values = INSTITUTION.values(found)
    values["services"] = field_of(found, "services", region_codes)
    return RemoteRecord(values)


def _placement_in_village(found: Any) -> RemoteRecord:
    values = PLACEMENT.values(found)
    values["village_code"] = field_of(found, "villageCode", TEXT)
    return RemoteRecord(values)


def _in_order(placements: list[RemoteRecord]) -> list[RemoteRecord]:
    """Earliest admission first, as the SQL orders them; a placement sent twice, once."""
    unique = {placement.id: placement for placement in placements}
    return sorted(unique.values(), key=lambda placement: (placement.admitted_on, placement.id))
