"""Institution types: LKS, Karang Taruna, PSKS and their placed residents."""

import datetime

import strawberry

from auth.scopes import pii, read
from resolvers.institutions.enums import Accreditation, InstitutionKind, Service
from resolvers.institutions.filters import InstitutionFilter
from resolvers.paging import PageRequest
from resolvers.remote_records import Record
from schema.context import Context, Info
from schema.ids import keyed_by, parse_id, to_id
from schema.pagination import Connection
from schema.protection import masked_number, personal, requires, withheld
from schema.regions import Region, region_of
from schema.registry import Person
from schema.scalars import NIK, RegionCode

# strawberry.enum marks the classes in place, so annotations can name them directly.
strawberry.enum(InstitutionKind)
strawberry.enum(Accreditation)
strawberry.enum(Service)


@strawberry.type(
    description="A registered welfare institution: LKS, Karang Taruna or PSKS.",
    directives=[keyed_by("id")],
)
class Institution:
    id: strawberry.ID
    registration_number: str
    name: str
    kind: InstitutionKind
    accreditation: Accreditation
    village_code: RegionCode
    address: str
    capacity: int = strawberry.field(description="How many residents it may hold.")
    registered_on: datetime.date
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "Institution":
        return cls(
            id=to_id(row.id),
            key=row.id,
            registration_number=row.registration_number,
            name=row.name,
            kind=InstitutionKind(row.kind),
            accreditation=Accreditation(row.accreditation),
            village_code=RegionCode(row.village_code),
            address=row.address,
            capacity=row.capacity,
            registered_on=row.registered_on,
        )

    @classmethod
    async def fetch(cls, context: Context, key: int) -> "Institution | None":
        """The institution with this id, when it lies in the caller's regions."""
        row = await context.institutions.institution.load(key)
        return None if row is None else cls.of(row)

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @strawberry.field(description="Services it is registered to provide.")
    async def services(self, info: Info) -> list[Service] | None:
        rows = await info.context.institutions.services.load(self.key)
        return [Service(row.service) for row in rows]

    @requires(
        pii("institutions"), description="Everyone placed here, discharged or not, earliest first."
    )
    async def residents(self, info: Info) -> list["Placement"] | None:
        rows = await info.context.institutions.placements_by_institution.load(self.key)
        return [Placement.of(row) for row in rows]

    @strawberry.field(description="Residents placed here and not yet discharged.")
    async def occupancy(self, info: Info) -> int | None:
        return await info.context.institutions.occupancy.load(self.key)


@strawberry.type(description="A resident's placement in a welfare institution.")
class Placement:
    id: strawberry.ID
    admitted_on: datetime.date
    discharged_on: datetime.date | None
    reason: str | None = personal(
        "institutions", withheld, description="Null without institutions:pii."
    )
    resident_nik: NIK = personal("institutions", masked_number)
    institution_key: strawberry.Private[int]

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("nik", self.resident_nik)

    @classmethod
    def of(cls, row: Record) -> "Placement":
        return cls(
            id=to_id(row.id),
            admitted_on=row.admitted_on,
            discharged_on=row.discharged_on,
            reason=row.reason,
            resident_nik=NIK(row.resident_nik),
            institution_key=row.institution_id,
        )

    @strawberry.field
    async def institution(self, info: Info) -> Institution | None:
        return await Institution.fetch(info.context, self.institution_key)

    @requires(read("registry"), description="The resident's registry record, when in your regions.")
    async def resident(self, info: Info) -> Person | None:
        rows = await info.context.registry.persons_by_nik.load(self.resident_nik)
        return Person.of(rows[0]) if rows else None


@strawberry.input
class InstitutionFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only institutions in this region or below it."
    )
    kind: InstitutionKind | None = None
    accreditation: Accreditation | None = None
    service: Service | None = strawberry.field(
        default=None, description="Only institutions that provide this service."
    )

    def to_filter(self) -> InstitutionFilter:
        return InstitutionFilter(
            region_code=self.region_code,
            kind=self.kind,
            accreditation=self.accreditation,
            service=self.service,
        )


@strawberry.type
class InstitutionQuery:
    @requires(
        read("institutions"),
        description="One institution by id; null when absent or outside your regions.",
    )
    async def institution(self, info: Info, id: strawberry.ID) -> Institution | None:
        return await Institution.fetch(info.context, parse_id(id))

    @requires(read("institutions"))
    async def institutions(
        self,
        info: Info,
        filter: InstitutionFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Institution] | None:
        where = (filter or InstitutionFilterInput()).to_filter()
        page = PageRequest.parse("institution", first, after)
        loaders = info.context.institutions
        rows = await loaders.institutions_page(where, page)
        return Connection.of(rows, page, Institution.of, lambda: loaders.institutions_count(where))
