"""Per-request loaders of the institutions source: every statement carries the caller's scope.

A placement lies in its institution's village, so every placements statement joins
institutions.
"""

from collections.abc import Hashable
from functools import cached_property
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Column, Row, Select, and_, exists, func, select

from auth.regions import RegionScope
from resolvers.batching import grouped_loader, one_per_key
from resolvers.institutions.filters import InstitutionFilter
from resolvers.institutions.tables import institution_services, institutions, placements
from resolvers.paging import Page, PageRequest, counts_together
from resolvers.rows import column
from resolvers.source import Reader

K = TypeVar("K", bound=Hashable)
# How many records lie in a set of regions.
Tally = tuple[tuple[str, ...], int]


class InstitutionLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    # -- queries ---------------------------------------------------------------------------

    def _institutions(self, where: InstitutionFilter) -> Select[Any]:
        scope = self._scope.narrowed(where.region_code) if where.region_code else self._scope
        query = select(institutions).where(scope.clause(institutions.c.village_code))
        if where.kind is not None:
            query = query.where(institutions.c.kind == where.kind.value)
        if where.accreditation is not None:
            query = query.where(institutions.c.accreditation == where.accreditation.value)
        if where.service is not None:
            offered = and_(
                institution_services.c.institution_id == institutions.c.id,
                institution_services.c.service == where.service.value,
            )
            query = query.where(exists(select(institution_services.c.service).where(offered)))
        return query

    async def institutions_page(
        self, where: InstitutionFilter, page: PageRequest
    ) -> Page[Row[Any]]:
        rows = await self._reader.rows(page.apply(self._institutions(where), institutions.c.id))
        return Page.of(rows, page)

    async def institutions_count(self, where: InstitutionFilter) -> int:
        (total,) = await counts_together(self._reader, [self._institutions(where)])
        return total

    async def institutions_tally(self, where: InstitutionFilter) -> list[Tally]:
        """Institutions by village: what an agency node answers for a count."""
        found = self._institutions(where).subquery()
        village = found.c.village_code
        query = select(village, func.count().label("total")).group_by(village).order_by(village)
        return [((row.village_code,), int(row.total)) for row in await self._reader.rows(query)]

    def _placements(self) -> Select[Any]:
        return (
            select(placements)
            .join(institutions, institutions.c.id == placements.c.institution_id)
            .where(self._scope.clause(institutions.c.village_code))
        )

    # -- loaders ---------------------------------------------------------------------------

    @cached_property
    def institution(self) -> DataLoader[int, Row[Any] | None]:
        async def load(ids: list[int]) -> list[Row[Any] | None]:
            query = self._institutions(InstitutionFilter()).where(
                self._reader.keys_in(institutions.c.id, ids)
            )
            return one_per_key(ids, await self._reader.rows(query), column("id"))

        return DataLoader(load)

    @cached_property
    def services(self) -> DataLoader[int, list[Row[Any]]]:
        query = (
            select(institution_services)
            .join(institutions, institutions.c.id == institution_services.c.institution_id)
            .where(self._scope.clause(institutions.c.village_code))
            .order_by(institution_services.c.service)
        )
        return self._grouped(query, institution_services.c.institution_id)

    @cached_property
    def placements_by_institution(self) -> DataLoader[int, list[Row[Any]]]:
        query = self._placements().order_by(placements.c.admitted_on, placements.c.id)
        return self._grouped(query, placements.c.institution_id)

    @cached_property
    def placements_by_nik(self) -> DataLoader[str, list[Row[Any]]]:
        query = self._placements().order_by(placements.c.admitted_on, placements.c.id)
        return self._grouped(query, placements.c.resident_nik)

    @cached_property
    def occupancy(self) -> DataLoader[int, int]:
        """Residents not yet discharged, per institution."""
        base = self._placements().where(placements.c.discharged_on.is_(None))

        async def load(ids: list[int]) -> list[int]:
            found = base.where(self._reader.keys_in(placements.c.institution_id, ids)).subquery()
            query = select(found.c.institution_id, func.count().label("total")).group_by(
                found.c.institution_id
            )
            totals = {row.institution_id: row.total for row in await self._reader.rows(query)}
            return [int(totals.get(key, 0)) for key in ids]

        return DataLoader(load)

    def _grouped(self, query: Select[Any], key: Column[Any]) -> DataLoader[Any, list[Row[Any]]]:
        return grouped_loader(self._reader, query, key)
