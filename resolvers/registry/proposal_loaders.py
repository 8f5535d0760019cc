"""Per-request reads of the update proposals, scoped by the household's village."""

from functools import cached_property
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, Select, func, select
from sqlalchemy.sql.elements import KeyedColumnElement

from auth.regions import RegionScope
from resolvers.batching import many_per_key, one_per_key
from resolvers.paging import Page, PageRequest
from resolvers.registry.filters import ProposalFilter
from resolvers.registry.tables import update_proposals
from resolvers.rows import column
from resolvers.source import Reader


class ProposalLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope

    def _proposals(self, where: ProposalFilter) -> Select[Any]:
        return proposals_within(self._scope, where)

    async def page(self, where: ProposalFilter, request: PageRequest) -> Page[Row[Any]]:
        rows = await self._reader.rows(request.apply(self._proposals(where), update_proposals.c.id))
        return Page.of(rows, request)

    async def count(self, where: ProposalFilter) -> int:
        counted = select(func.count()).select_from(self._proposals(where).subquery())
        return int(await self._reader.scalar(counted))

    @cached_property
    def by_id(self) -> DataLoader[int, Row[Any] | None]:
        return self._one_per(update_proposals.c.id)

    @cached_property
    def by_visit(self) -> DataLoader[int, Row[Any] | None]:
        return self._one_per(update_proposals.c.source_visit_id)

    @cached_property
    def by_household(self) -> DataLoader[int, list[Row[Any]]]:
        async def load(ids: list[int]) -> list[list[Row[Any]]]:
            query = self._proposals(ProposalFilter()).where(
                self._reader.keys_in(update_proposals.c.household_id, ids)
            )
            rows = await self._reader.rows(query.order_by(update_proposals.c.id))
            return many_per_key(ids, rows, column("household_id"))

        return DataLoader(load)

    def _one_per(self, key: KeyedColumnElement[int]) -> DataLoader[int, Row[Any] | None]:
        async def load(keys: list[int]) -> list[Row[Any] | None]:
            rows = await self._reader.rows(
                self._proposals(ProposalFilter()).where(self._reader.keys_in(key, keys))
            )
            return one_per_key(keys, rows, column(key.key))

        return DataLoader(load)


def proposals_within(scope_of_caller: RegionScope, where: ProposalFilter) -> Select[Any]:
    """The proposals ``where`` asks for within the caller's scope."""
    scope = scope_of_caller.narrowed(where.region_code) if where.region_code else scope_of_caller
    query = select(update_proposals).where(scope.clause(update_proposals.c.village_code))
    if where.state is not None:
        query = query.where(update_proposals.c.state == where.state.value)
    return query
