"""Registry (DTSEN) types: households, persons, enrolments, disbursements."""

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Row

from resolvers.paging import PageRequest
from resolvers.registry import enums
from resolvers.registry.filters import HouseholdFilter, PersonFilter
from schema.context import Info
from schema.ids import parse_id, to_id
from schema.pagination import Connection
from schema.regions import Region, region_of
from schema.scalars import NIK, Money, RegionCode

if TYPE_CHECKING:
    from schema.institutions import Placement
    from schema.logistics import AidDistribution
    from schema.regional import RehabilitationCase, VerificationVisit

strawberry.enum(enums.HouseholdStatus)
strawberry.enum(enums.PersonStatus)
strawberry.enum(enums.Sex)
strawberry.enum(enums.Relationship)
strawberry.enum(enums.Disability)
strawberry.enum(enums.Programme)
strawberry.enum(enums.EnrolmentStatus)
strawberry.enum(enums.PkhComponent)
strawberry.enum(enums.Channel)
strawberry.enum(enums.DisbursementStatus)


@strawberry.type(description="A family (keluarga) in the registry, identified by its No. KK.")
class Household:
    id: strawberry.ID
    no_kk: str = strawberry.field(description="Nomor Kartu Keluarga, 16 digits.")
    address: str
    village_code: RegionCode
    decile: int = strawberry.field(description="Welfare decile, 1 (poorest) to 10.")
    status: enums.HouseholdStatus
    registered_on: datetime.date
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Row[Any]) -> "Household":
        return cls(
            id=to_id(row.id),
            key=row.id,
            no_kk=row.no_kk,
            address=row.address,
            village_code=RegionCode(row.village_code),
            decile=row.decile,
            status=enums.HouseholdStatus(row.status),
            registered_on=row.registered_on,
        )

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @strawberry.field(description="Members of the family, head first.")
    async def members(self, info: Info) -> list["Person"] | None:
        return [Person.of(row) for row in await info.context.registry.members.load(self.key)]

    @strawberry.field(description="Programme enrolments (PKH, Sembako/BPNT, PBI-JK, RTLH).")
    async def enrolments(self, info: Info) -> list["Enrolment"] | None:
        return [Enrolment.of(row) for row in await info.context.registry.enrolments.load(self.key)]

    @strawberry.field(description="Aid paid to the family, newest period first.")
    async def disbursements(self, info: Info) -> list["Disbursement"] | None:
        rows = await info.context.registry.disbursements.load(self.key)
        return [Disbursement.of(row) for row in rows]

    @strawberry.field(description="Verification visits (verval) by the regional social offices.")
    async def verification_visits(
        self, info: Info
    ) -> list[Annotated["VerificationVisit", strawberry.lazy("schema.regional")]] | None:
        from schema.regional import VerificationVisit

        rows = await info.context.regional.visits_by_household.load(self.key)
        return [VerificationVisit.of(row) for row in rows]

    @strawberry.field(description="Disaster aid the family received, from the logistics agency.")
    async def aid_received(
        self, info: Info
    ) -> list[Annotated["AidDistribution", strawberry.lazy("schema.logistics")]] | None:
        from schema.logistics import AidDistribution

        rows = await info.context.logistics.distributions_by_household.load(self.key)
        return [AidDistribution.of(row) for row in rows]


@strawberry.type(description="A person in the registry, identified by NIK.")
class Person:
    id: strawberry.ID
    nik: NIK
    name: str
    sex: enums.Sex
    birth_place: str
    birth_date: datetime.date
    relationship: enums.Relationship = strawberry.field(description="Relationship to the head.")
    disability: enums.Disability | None
    status: enums.PersonStatus
    deceased_on: datetime.date | None
    household_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Row[Any]) -> "Person":
        return cls(
            id=to_id(row.id),
            nik=NIK(row.nik),
            name=row.name,
            sex=enums.Sex(row.sex),
            birth_place=row.birth_place,
            birth_date=row.birth_date,
            relationship=enums.Relationship(row.relationship),
            disability=None if row.disability is None else enums.Disability(row.disability),
            status=enums.PersonStatus(row.status),
            deceased_on=row.deceased_on,
            household_key=row.household_id,
        )

    @strawberry.field
    async def household(self, info: Info) -> Household | None:
        row = await info.context.registry.household.load(self.household_key)
        return None if row is None else Household.of(row)

    @strawberry.field(
        description="How many registry records carry this NIK; more than 1 is a data defect."
    )
    async def records_with_same_nik(self, info: Info) -> int | None:
        return len(await info.context.registry.persons_by_nik.load(self.nik))

    @strawberry.field(description="ATENSI rehabilitation cases held by the regional offices.")
    async def rehabilitation_cases(
        self, info: Info
    ) -> list[Annotated["RehabilitationCase", strawberry.lazy("schema.regional")]] | None:
        from schema.regional import RehabilitationCase

        rows = await info.context.regional.cases_by_nik.load(self.nik)
        return [RehabilitationCase.of(row) for row in rows]

    @strawberry.field(description="Placements in welfare institutions (LKS).")
    async def institution_placements(
        self, info: Info
    ) -> list[Annotated["Placement", strawberry.lazy("schema.institutions")]] | None:
        from schema.institutions import Placement

        rows = await info.context.institutions.placements_by_nik.load(self.nik)
        return [Placement.of(row) for row in rows]


@strawberry.type
class PkhComponentGrant:
    component: enums.PkhComponent
    yearly_amount: Money
    beneficiary_key: strawberry.Private[int | None]


@strawberry.type(description="A household's enrolment in a programme.")
class Enrolment:
    id: strawberry.ID
    programme: enums.Programme
    status: enums.EnrolmentStatus
    started_on: datetime.date
    ended_on: datetime.date | None
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Row[Any]) -> "Enrolment":
        return cls(
            id=to_id(row.id),
            key=row.id,
            programme=enums.Programme(row.programme),
            status=enums.EnrolmentStatus(row.status),
            started_on=row.started_on,
            ended_on=row.ended_on,
        )

    @strawberry.field(description="PKH components (empty for other programmes).")
    async def components(self, info: Info) -> list[PkhComponentGrant] | None:
        rows = await info.context.registry.components.load(self.key)
        return [
            PkhComponentGrant(
                component=enums.PkhComponent(row.component),
                yearly_amount=Money(row.yearly_amount),
                beneficiary_key=row.person_id,
            )
            for row in rows
        ]


@strawberry.type(description="One payment of a programme to a household.")
class Disbursement:
    id: strawberry.ID
    programme: enums.Programme
    period: str = strawberry.field(description="YYYY-MM for monthly aid, YYYY-Qn for PKH stages.")
    amount: Money
    channel: enums.Channel = strawberry.field(description="A Himbara bank or PT Pos Indonesia.")
    status: enums.DisbursementStatus
    disbursed_on: datetime.date | None
    bank_account: str | None

    @classmethod
    def of(cls, row: Row[Any]) -> "Disbursement":
        return cls(
            id=to_id(row.id),
            programme=enums.Programme(row.programme),
            period=row.period,
            amount=Money(row.amount),
            channel=enums.Channel(row.channel),
            status=enums.DisbursementStatus(row.status),
            disbursed_on=row.disbursed_on,
            bank_account=row.bank_account,
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
        for name, value in (("decileMin", self.decile_min), ("decileMax", self.decile_max)):
            if value is not None and not 1 <= value <= 10:
                from resolvers.errors import BadUserInput

                raise BadUserInput(f"Argument '{name}' must be between 1 and 10", argument=name)
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
        return PersonFilter(
            region_code=self.region_code,
            status=self.status,
            sex=self.sex,
            born_from_year=self.born_from_year,
            born_to_year=self.born_to_year,
        )


@strawberry.type
class RegistryQuery:
    @strawberry.field(description="One household by id; null when absent or outside your regions.")
    async def household(self, info: Info, id: strawberry.ID) -> Household | None:
        row = await info.context.registry.household.load(parse_id(id))
        return None if row is None else Household.of(row)

    @strawberry.field(description="One person by NIK; null when absent or outside your regions.")
    async def person(self, info: Info, nik: NIK) -> Person | None:
        rows = await info.context.registry.persons_by_nik.load(nik)
        return Person.of(rows[0]) if rows else None

    @strawberry.field
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

    @strawberry.field
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
