"""Per-request loaders of the logistics source: every statement carries the caller's scope."""

from functools import cached_property
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, select

from auth.regions import RegionScope
from resolvers.batching import column, many_per_key
from resolvers.logistics.tables import aid_distributions
from resolvers.source import Reader


class LogisticsLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    @cached_property
    def distributions_by_household(self) -> DataLoader[int, list[Row[Any]]]:
        async def load(ids: list[int]) -> list[list[Row[Any]]]:
            query = (
                select(aid_distributions)
                .where(aid_distributions.c.household_id.in_(ids))
                .where(self._scope.clause(aid_distributions.c.village_code))
                .order_by(aid_distributions.c.distributed_on, aid_distributions.c.id)
            )
            return many_per_key(ids, await self._reader.rows(query), column("household_id"))

        return DataLoader(load)
