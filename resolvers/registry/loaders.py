"""Per-request loaders of the registry: every statement carries the caller's region scope."""

import asyncio
import datetime
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Row, Select, and_, exists, func, or_, select

from auth.regions import RegionScope, under
from resolvers.batching import many_per_key, one_loader, one_per_key
from resolvers.keys import KEYS, keys_param
from resolvers.paging import Page, PageRequest, counts_together, pages_together
from resolvers.prebuilt import Prebuilt, row_class
from resolvers.registry.filters import Area, HouseholdFilter, PersonFilter
from resolvers.registry.proposal_loaders import ProposalLoaders
from resolvers.registry.tables import disbursements, enrolments, households, persons, pkh_components
from resolvers.rows import column
from resolvers.source import Reader

T = TypeVar("T")


class RegistryLoaders:
    def __init__(self, reader: Reader, scope: RegionScope) -> None:
        self._reader = reader
        self._scope = scope
        self._answers: dict[tuple[Any, ...], asyncio.Future[Any]] = {}

    # -- queries ---------------------------------------------------------------------------

    def _households(self, where: HouseholdFilter) -> Select[Any]:
        return households_within(self._scope, where)

    async def households_page(self, where: HouseholdFilter, page: PageRequest) -> Page[Row[Any]]:
        async def read() -> Page[Row[Any]]:
            rows = await self._reader.rows(page.apply(self._households(where), households.c.id))
            return Page.of(rows, page)

        return await self._once(("households", where, page), read)

    async def households_count(self, where: HouseholdFilter) -> int:
        async def read() -> int:
            return int(await self._reader.scalar(_count(self._households(where))))

        return await self._once(("households count", where), read)

    def _persons(self, where: PersonFilter) -> Select[Any]:
        return persons_within(self._scope, where)

    async def persons_page(self, where: PersonFilter, page: PageRequest) -> Page[Row[Any]]:
        async def read() -> Page[Row[Any]]:
            rows = await self._reader.rows(page.apply(self._persons(where), persons.c.id))
            return Page.of(rows, page)

        return await self._once(("persons", where, page), read)

    async def persons_count(self, where: PersonFilter) -> int:
        async def read() -> int:
            return int(await self._reader.scalar(_count(self._persons(where))))

        return await self._once(("persons count", where), read)

    async def _once(self, key: tuple[Any, ...], read: Callable[[], Awaitable[T]]) -> T:
        """``read()``'s answer, read once per request for the same ``key``."""
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = asyncio.ensure_future(read())
        return await found  # type: ignore[no-any-return]

    # -- loaders ---------------------------------------------------------------------------

    @cached_property
    def household(self) -> DataLoader[int, Row[Any] | None]:
        async def load(ids: list[int]) -> list[Row[Any] | None]:
            query = _households_by_key(self._scope, self._reader.dialect)
            rows = await self._reader.rows(query, {KEYS: ids})
            return one_per_key(ids, rows, column("id"))

        return DataLoader(load)

    @cached_property
    def person(self) -> DataLoader[int, Row[Any] | None]:
        """A person by record id; their household's village decides the region."""
        return one_loader(self._reader, self._persons(PersonFilter()), persons.c.id)

    @cached_property
    def enrolment(self) -> DataLoader[int, Row[Any] | None]:
        """An enrolment by id, with its household's village, which decides the region."""
        query = (
            select(enrolments, households.c.village_code)
            .join(households, households.c.id == enrolments.c.household_id)
            .where(self._scope.clause(households.c.village_code))
        )
        return one_loader(self._reader, query, enrolments.c.id)

    async def members_of(self, ids: list[int], names: Sequence[str] = ()) -> list[list[Row[Any]]]:
        """Each household's members, in record order, in one statement: every column, or
        only ``names`` (with ``household_id``)."""
        query = _members(self._scope, self._reader.dialect, tuple(sorted(names)))
        rows = await self._reader.rows(query, {KEYS: ids})
        return many_per_key(ids, rows, column("household_id"))

    async def household_and_members(
        self, key: int, names: Sequence[str]
    ) -> tuple[Row[Any] | None, list[Row[Any]]]:
        """A household and its members (``names`` and ``household_id``, in record order) in
        one statement: the rows ``household`` and ``members_of`` give, read together."""
        chosen = _member_columns(names)
        query = _household_with_members(self._scope, self._reader.dialect, chosen)
        rows = await self._reader.rows(query, {KEYS: [key]})
        if not rows:
            self.household.prime(key, None)
            return None, []
        width = len(households.c)
        household: Any = row_class(tuple(households.c.keys()))(rows[0][:width])
        member_row = row_class(chosen)
        present = width + chosen.index("household_id")
        members: list[Any] = [member_row(row[width:]) for row in rows if row[present] is not None]
        self.household.prime(key, household)
        return household, members

    @cached_property
    def members(self) -> DataLoader[int, list[Row[Any]]]:
        return DataLoader(self.members_of)

    @cached_property
    def persons_by_nik(self) -> DataLoader[str, list[Row[Any]]]:
        async def load(niks: list[str]) -> list[list[Row[Any]]]:
            query = self._persons(PersonFilter()).where(self._reader.keys_in(persons.c.nik, niks))
            rows = await self._reader.rows(query.order_by(persons.c.id))
            return many_per_key(niks, rows, column("nik"))

        return DataLoader(load)

    @cached_property
    def proposals(self) -> ProposalLoaders:
        return ProposalLoaders(self._reader, self._scope)

    @cached_property
    def enrolments(self) -> DataLoader[int, list[Row[Any]]]:
        return self._by_household(select(enrolments), enrolments, enrolments.c.id)

    @cached_property
    def disbursements(self) -> DataLoader[int, list[Row[Any]]]:
        paid = disbursements.join(enrolments, enrolments.c.id == disbursements.c.enrolment_id)
        query = select(disbursements, enrolments.c.programme).select_from(paid)
        return self._by_household(
            query, disbursements, disbursements.c.period.desc(), disbursements.c.id
        )

    @cached_property
    def components(self) -> DataLoader[int, list[Row[Any]]]:
        async def load(ids: list[int]) -> list[list[Row[Any]]]:
            query = (
                select(pkh_components)
                .join(enrolments, enrolments.c.id == pkh_components.c.enrolment_id)
                .join(households, households.c.id == enrolments.c.household_id)
                .where(self._reader.keys_in(pkh_components.c.enrolment_id, ids))
                .where(self._scope.clause(households.c.village_code))
                .order_by(pkh_components.c.id)
            )
            return many_per_key(ids, await self._reader.rows(query), column("enrolment_id"))

        return DataLoader(load)

    @cached_property
    def households_in_area(self) -> DataLoader[tuple[Area, PageRequest], Page[Row[Any]]]:
        """Households under any of an area's codes (a disaster's regions), one page per key."""

        async def load(keys: list[tuple[Area, PageRequest]]) -> list[Page[Row[Any]]]:
            requests = [(self._households(HouseholdFilter(area=area)), page) for area, page in keys]
            return await pages_together(self._reader, requests)

        return DataLoader(load)

    @cached_property
    def households_in_area_count(self) -> DataLoader[Area, int]:
        async def load(areas: list[Area]) -> list[int]:
            queries = [self._households(HouseholdFilter(area=area)) for area in areas]
            return await counts_together(self._reader, queries)

        return DataLoader(load)

    def _by_household(
        self, base: Select[Any], table: Any, *order: Any
    ) -> DataLoader[int, list[Row[Any]]]:
        visible = _visible(self._scope, self._reader.dialect)
        query = base.where(table.c.household_id.in_(visible)).order_by(*order)

        async def load(ids: list[int]) -> list[list[Row[Any]]]:
            rows = await self._reader.rows(query, {KEYS: ids})
            return many_per_key(ids, rows, column("household_id"))

        return DataLoader(load)


@lru_cache(maxsize=1024)
def _households_by_key(scope: RegionScope, dialect: str) -> Prebuilt:
    query = households_within(scope, HouseholdFilter()).where(keys_param(households.c.id, dialect))
    return Prebuilt(query)


@lru_cache(maxsize=1024)
def _visible(scope: RegionScope, dialect: str) -> Select[Any]:
    """The households bound as ``KEYS`` that lie in the caller's regions, as a keys-only
    subquery: PostgreSQL then looks at the batch's households, not at all the households of
    the caller's regions (as a join with them did)."""
    return select(households.c.id).where(
        keys_param(households.c.id, dialect), scope.clause(households.c.village_code)
    )


@lru_cache(maxsize=1024)
def _members(scope: RegionScope, dialect: str, names: tuple[str, ...]) -> Prebuilt:
    """Members of the households bound as ``KEYS`` in the caller's regions."""
    chosen = [persons.c[name] for name in _member_columns(names)]
    query = select(*chosen).where(persons.c.household_id.in_(_visible(scope, dialect)))
    return Prebuilt(query.order_by(persons.c.id))


def _member_columns(names: Sequence[str]) -> tuple[str, ...]:
    """The columns a members list reads: ``names`` and ``household_id``; all when none."""
    return tuple(sorted({*names, "household_id"})) if names else tuple(persons.c.keys())


@lru_cache(maxsize=1024)
def _household_with_members(scope: RegionScope, dialect: str, chosen: tuple[str, ...]) -> Prebuilt:
    """The household bound as ``KEYS`` in the caller's regions, once per member (once with
    null member columns when it has none): every household column, then ``chosen``."""
    joined = households.outerjoin(persons, persons.c.household_id == households.c.id)
    labelled = [persons.c[name].label(f"member_{name}") for name in chosen]
    query = _households_by_key(scope, dialect).statement.add_columns(*labelled).select_from(joined)
    return Prebuilt(query.order_by(persons.c.id))


def _count(query: Select[Any]) -> Select[Any]:
    return select(func.count()).select_from(query.order_by(None).subquery())


@lru_cache(maxsize=1024)
def households_within(scope_of_caller: RegionScope, where: HouseholdFilter) -> Select[Any]:
    """The base query for ``where`` within the caller's scope; built once per pair."""
    scope = scope_of_caller.narrowed(where.region_code) if where.region_code else scope_of_caller
    query = select(households).where(scope.clause(households.c.village_code))
    if where.area:
        query = query.where(or_(*(under(households.c.village_code, c) for c in where.area)))
    if where.status is not None:
        query = query.where(households.c.status == where.status.value)
    if where.decile_min is not None:
        query = query.where(households.c.decile >= where.decile_min)
    if where.decile_max is not None:
        query = query.where(households.c.decile <= where.decile_max)
    if where.programme is not None:
        enrolled = and_(
            enrolments.c.household_id == households.c.id,
            enrolments.c.programme == where.programme.value,
        )
        query = query.where(exists(select(enrolments.c.id).where(enrolled)))
    return query


@lru_cache(maxsize=1024)
def persons_within(scope_of_caller: RegionScope, where: PersonFilter) -> Select[Any]:
    """The base query for ``where`` within the caller's scope; built once per pair."""
    scope = scope_of_caller.narrowed(where.region_code) if where.region_code else scope_of_caller
    query = (
        select(persons)
        .join(households, households.c.id == persons.c.household_id)
        .where(scope.clause(households.c.village_code))
    )
    if where.status is not None:
        query = query.where(persons.c.status == where.status.value)
    if where.sex is not None:
        query = query.where(persons.c.sex == where.sex.value)
    if where.born_from_year is not None:
        query = query.where(persons.c.birth_date >= datetime.date(where.born_from_year, 1, 1))
    if where.born_to_year is not None:
        query = query.where(persons.c.birth_date <= datetime.date(where.born_to_year, 12, 31))
    return query
