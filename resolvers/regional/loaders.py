"""Per-request loaders of the regional source: every statement carries the caller's region scope."""

from functools import cached_property
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, select

from auth.regions import RegionScope
from resolvers.batching import column, many_per_key, one_per_key
from resolvers.regional.tables import rehabilitation_cases, social_offices, verification_visits
from resolvers.source import Reader


class RegionalLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    @cached_property
    def office_by_region(self) -> DataLoader[str, Row[Any] | None]:
        async def load(codes: list[str]) -> list[Row[Any] | None]:
            query = (
                select(social_offices)
                .where(social_offices.c.region_code.in_(codes))
                .where(self._scope.overlap_clause(social_offices.c.region_code))
            )
            return one_per_key(codes, await self._reader.rows(query), column("region_code"))

        return DataLoader(load)

    @cached_property
    def visits_by_household(self) -> DataLoader[int, list[Row[Any]]]:
        async def load(ids: list[int]) -> list[list[Row[Any]]]:
            query = (
                select(verification_visits)
                .where(verification_visits.c.household_id.in_(ids))
                .where(self._scope.clause(verification_visits.c.village_code))
                .order_by(verification_visits.c.visited_on, verification_visits.c.id)
            )
            return many_per_key(ids, await self._reader.rows(query), column("household_id"))

        return DataLoader(load)

    @cached_property
    def cases_by_nik(self) -> DataLoader[str, list[Row[Any]]]:
        async def load(niks: list[str]) -> list[list[Row[Any]]]:
            query = (
                select(rehabilitation_cases)
                .where(rehabilitation_cases.c.client_nik.in_(niks))
                .where(self._scope.clause(rehabilitation_cases.c.village_code))
                .order_by(rehabilitation_cases.c.opened_on, rehabilitation_cases.c.id)
            )
            return many_per_key(niks, await self._reader.rows(query), column("client_nik"))

        return DataLoader(load)
