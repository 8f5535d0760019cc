"""Registry queries and their filter inputs."""

import strawberry

from auth.scopes import read
from resolvers.errors import BadUserInput
from resolvers.paging import PageRequest
from resolvers.registry import enums
from resolvers.registry.filters import HouseholdFilter, PersonFilter
from schema.context import Info
from schema.ids import parse_id
from schema.pagination import Connection
from schema.protection import requires
from schema.registry import Household, Person
from schema.scalars import NIK, RegionCode

MIN_BIRTH_YEAR = 1850
MAX_BIRTH_YEAR = 2100


def _within(argument: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise BadUserInput(
            f"Argument '{argument}' must be between {low} and {high}", argument=argument
        )


@strawberry.input
class HouseholdFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only households in this region or below it."
    )
    programme: enums.Programme | None = None
    decile_min: int | None = None
    decile_max: int | None = None
    status: enums.HouseholdStatus | None = None

    def to_filter(self) -> HouseholdFilter:
        _within("decileMin", self.decile_min, 1, 10)
        _within("decileMax", self.decile_max, 1, 10)
        return HouseholdFilter(
            region_code=self.region_code,
            programme=self.programme,
            decile_min=self.decile_min,
            decile_max=self.decile_max,
            status=self.status,
        )


@strawberry.input
class PersonFilterInput:
    region_code: RegionCode | None = None
    status: enums.PersonStatus | None = None
    sex: enums.Sex | None = None
    born_from_year: int | None = None
    born_to_year: int | None = None

    def to_filter(self) -> PersonFilter:
        _within("bornFromYear", self.born_from_year, MIN_BIRTH_YEAR, MAX_BIRTH_YEAR)
        _within("bornToYear", self.born_to_year, MIN_BIRTH_YEAR, MAX_BIRTH_YEAR)
        return PersonFilter(
            region_code=self.region_code,
            status=self.status,
            sex=self.sex,
            born_from_year=self.born_from_year,
            born_to_year=self.born_to_year,
        )


@strawberry.type
class RegistryQuery:
    @requires(
        read("registry"),
        description="One household by id; null when absent or not in your regions.",
    )
    async def household(self, info: Info, id: strawberry.ID) -> Household | None:
        return await Household.fetch(info.context, parse_id(id))

    @requires(
        read("registry"), description="One person by NIK; null when absent or not in your regions."
    )
    async def person(self, info: Info, nik: NIK) -> Person | None:
        rows = await info.context.registry.persons_by_nik.load(nik)
        return Person.of(rows[0]) if rows else None

    @requires(read("registry"))
    async def households(
        self,
        info: Info,
        filter: HouseholdFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Household] | None:
        where = (filter or HouseholdFilterInput()).to_filter()
        page = PageRequest.parse("household", first, after)
        loaders = info.context.registry
        rows = await loaders.households_page(where, page)
        return Connection.of(rows, page, Household.of, lambda: loaders.households_count(where))

    @requires(read("registry"))
    async def persons(
        self,
        info: Info,
        filter: PersonFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Person] | None:
        where = (filter or PersonFilterInput()).to_filter()
        page = PageRequest.parse("person", first, after)
        loaders = info.context.registry
        rows = await loaders.persons_page(where, page)
        return Connection.of(rows, page, Person.of, lambda: loaders.persons_count(where))
