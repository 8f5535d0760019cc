"""Per-request loaders of the institutions source: every statement carries the caller's scope."""

from functools import cached_property
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, select

from auth.regions import RegionScope
from resolvers.batching import column, many_per_key
from resolvers.institutions.tables import institutions, placements
from resolvers.source import Reader


class InstitutionLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    @cached_property
    def placements_by_nik(self) -> DataLoader[str, list[Row[Any]]]:
        async def load(niks: list[str]) -> list[list[Row[Any]]]:
            query = (
                select(placements)
                .join(institutions, institutions.c.id == placements.c.institution_id)
                .where(placements.c.resident_nik.in_(niks))
                .where(self._scope.clause(institutions.c.village_code))
                .order_by(placements.c.admitted_on, placements.c.id)
            )
            return many_per_key(niks, await self._reader.rows(query), column("resident_nik"))

        return DataLoader(load)
