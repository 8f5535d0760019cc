"""Registry (DTSEN) types: households, persons, enrolments, disbursements."""

import datetime
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.scopes import read
from resolvers.registry import enums
from resolvers.registry.loaders import RegistryLoaders
from resolvers.remote_records import Record
from resolvers.rows import by_value, columns, optional
from schema.batched import each, loaded
from schema.compiled.rows import RowList, RowType
from schema.context import Context, Info
from schema.ids import keyed_by, to_id
from schema.protection import (
    masked_name,
    masked_number,
    personal,
    requires,
    sensitive,
    withheld,
)
from schema.regions import Region, region_of
from schema.registry_payments import Disbursement, Enrolment
from schema.scalars import NIK, RegionCode

if TYPE_CHECKING:
    from schema.institutions import Placement
    from schema.logistics import AidDistribution
    from schema.proposals import UpdateProposal
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


_PERSON_COLUMNS = columns(
    "id",
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "disability",
    "status",
    "deceased_on",
    "household_id",
)
_HOUSEHOLD_COLUMNS = columns(
    "id", "no_kk", "address", "village_code", "decile", "status", "registered_on"
)
_HOUSEHOLD_STATUS = by_value(enums.HouseholdStatus)
_SEX = by_value(enums.Sex)
_RELATIONSHIP = by_value(enums.Relationship)
_DISABILITY = optional(by_value(enums.Disability))
_PERSON_STATUS = by_value(enums.PersonStatus)

_ADDRESS = "Street address; only the village name without registry:pii."


def _village_name(_address: str, household: "Household") -> str:
    return region_of(household.village_code).name


@strawberry.type(
    description="A family (keluarga) in the registry, identified by its No. KK.",
    directives=[keyed_by("id")],
)
class Household:
    id: strawberry.ID
    no_kk: str = personal("registry", masked_number, description="Nomor Kartu Keluarga, 16 digits.")
    address: str = personal("registry", _village_name, description=_ADDRESS)
    village_code: RegionCode
    decile: int = strawberry.field(description="Welfare decile, 1 (poorest) to 10.")
    status: enums.HouseholdStatus
    registered_on: datetime.date
    key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "Household":
        key, no_kk, address, village_code, decile, status, registered_on = next(
            _HOUSEHOLD_COLUMNS([row])
        )
        return cls(
            id=to_id(key),
            key=key,
            no_kk=no_kk,
            address=address,
            village_code=RegionCode(village_code),
            decile=decile,
            status=_HOUSEHOLD_STATUS(status),
            registered_on=registered_on,
        )

    @classmethod
    async def fetch(cls, context: Context, key: int) -> "Household | None":
        """The household with this id, when it lies in the caller's regions."""
        row = await context.registry.household.load(key)
        return None if row is None else cls.of(row)

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("household", str(self.key))

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.village_code)

    @strawberry.field(description="Members of the family, head first.")
    async def members(self, info: Info) -> list["Person"] | None:
        return await _MEMBERS.one(info.context, self)  # type: ignore[no-any-return]

    @strawberry.field(description="Programme enrolments (PKH, Sembako/BPNT, PBI-JK, RTLH).")
    async def enrolments(self, info: Info) -> list["Enrolment"] | None:
        return await _ENROLMENTS.one(info.context, self)  # type: ignore[no-any-return]

    @strawberry.field(description="Aid paid to the family, newest period first.")
    async def disbursements(self, info: Info) -> list["Disbursement"] | None:
        return await _DISBURSEMENTS.one(info.context, self)  # type: ignore[no-any-return]

    @requires(read("regional"), description="Verification visits (verval) by the regional offices.")
    async def verification_visits(
        self, info: Info
    ) -> list[Annotated["VerificationVisit", strawberry.lazy("schema.regional")]] | None:
        from schema.regional import VerificationVisit

        rows = await info.context.regional.visits_by_household.load(self.key)
        return [VerificationVisit.of(row) for row in rows]

    @strawberry.field(description="Registry changes proposed for the family, oldest first.")
    async def update_proposals(
        self, info: Info
    ) -> list[Annotated["UpdateProposal", strawberry.lazy("schema.proposals")]] | None:
        from schema.proposals import UpdateProposal

        rows = await info.context.registry.proposals.by_household.load(self.key)
        return [UpdateProposal.of(row) for row in rows]

    @requires(read("logistics"), description="Disaster aid the family received.")
    async def aid_received(
        self, info: Info
    ) -> list[Annotated["AidDistribution", strawberry.lazy("schema.logistics")]] | None:
        from schema.logistics import AidDistribution

        rows = await info.context.logistics.distributions_by_household.load(self.key)
        return [AidDistribution.of(row) for row in rows]


@strawberry.type(
    description="A person in the registry, identified by NIK.", directives=[keyed_by("id")]
)
class Person:
    id: strawberry.ID
    nik: NIK = personal("registry", masked_number)
    name: str = personal("registry", masked_name)
    sex: enums.Sex
    birth_place: str
    birth_date: datetime.date | None = personal(
        "registry", withheld, description="Null without registry:pii; see birthYear."
    )
    relationship: enums.Relationship = strawberry.field(description="Relationship to the head.")
    disability: enums.Disability | None = sensitive("registry")
    status: enums.PersonStatus
    deceased_on: datetime.date | None
    household_key: strawberry.Private[int]

    @classmethod
    def of(cls, row: Record) -> "Person":
        return cls.all_of([row])[0]

    @classmethod
    async def fetch(cls, context: Context, key: int) -> "Person | None":
        """The person with this record id, when their household lies in the caller's regions."""
        row = await context.registry.person.load(key)
        return None if row is None else cls.of(row)

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("nik", self.nik)

    @staticmethod
    def all_of(rows: Sequence[Record]) -> list["Person"]:
        return [
            Person(
                id=to_id(key),
                nik=NIK(nik),
                name=name,
                sex=_SEX(sex),
                birth_place=birth_place,
                birth_date=birth_date,
                relationship=_RELATIONSHIP(relationship),
                disability=_DISABILITY(disability),
                status=_PERSON_STATUS(status),
                deceased_on=deceased_on,
                household_key=household_key,
            )
            for (
                key,
                nik,
                name,
                sex,
                birth_place,
                birth_date,
                relationship,
                disability,
                status,
                deceased_on,
                household_key,
            ) in _PERSON_COLUMNS(rows)
        ]

    @strawberry.field
    def birth_year(self) -> int:
        return self.birth_date.year if self.birth_date else 0

    @strawberry.field
    async def household(self, info: Info) -> Household | None:
        return await Household.fetch(info.context, self.household_key)

    @strawberry.field(
        description="How many registry records carry this NIK; more than 1 is a data defect."
    )
    async def records_with_same_nik(self, info: Info) -> int | None:
        return len(await info.context.registry.persons_by_nik.load(self.nik))

    @sensitive(
        "regional", read("regional"), description="ATENSI rehabilitation cases of this person."
    )
    async def rehabilitation_cases(
        self, info: Info
    ) -> list[Annotated["RehabilitationCase", strawberry.lazy("schema.regional")]] | None:
        from schema.regional import RehabilitationCase

        rows = await info.context.regional.cases_by_nik.load(self.nik)
        return [RehabilitationCase.of(row) for row in rows]

    @sensitive(
        "institutions", read("institutions"), description="Placements in welfare institutions."
    )
    async def institution_placements(
        self, info: Info
    ) -> list[Annotated["Placement", strawberry.lazy("schema.institutions")]] | None:
        from schema.institutions import Placement

        rows = await info.context.institutions.placements_by_nik.load(self.nik)
        return [Placement.of(row) for row in rows]


def _household_key(household: Household) -> int:
    return household.key


_MEMBERS, _ENROLMENTS, _DISBURSEMENTS = (
    loaded(Household, field, attrgetter(f"registry.{field}"), _household_key, convert)
    for field, convert in (
        ("members", Person.all_of),
        ("enrolments", each(Enrolment.of)),
        ("disbursements", each(Disbursement.of)),
    )
)


def _person_subject(row: Record) -> tuple[str, str]:
    return ("nik", row.nik)


def _household_subject(row: Record) -> tuple[str, str]:
    return ("household", str(row.id))


async def _members_of(
    context: Context, ids: list[int], names: tuple[str, ...]
) -> Sequence[Sequence[Record]]:
    loaders = context.registry
    assert isinstance(loaders, RegistryLoaders)  # the compiled path reads databases only
    return await loaders.members_of(ids, names)


# The compiled path's reading of the same rows (schema/compiled): each leaf's column and the
# conversion ``Person.all_of`` and ``Household.of`` give it (``to_id`` is ``str``, and the
# ``NIK`` and ``RegionCode`` types are the text itself).
PERSON_ROWS = RowType(
    "Person",
    {
        "id": ("id", str),
        "nik": ("nik", None),
        "name": ("name", None),
        "sex": ("sex", _SEX),
        "birthPlace": ("birth_place", None),
        "birthDate": ("birth_date", None),
        "relationship": ("relationship", _RELATIONSHIP),
        "status": ("status", _PERSON_STATUS),
        "deceasedOn": ("deceased_on", None),
    },
    _person_subject,
    ("id", "nik"),
)
HOUSEHOLD_ROWS = RowType(
    "Household",
    {
        "id": ("id", str),
        "noKk": ("no_kk", None),
        "address": ("address", None),
        "villageCode": ("village_code", None),
        "decile": ("decile", None),
        "status": ("status", _HOUSEHOLD_STATUS),
        "registeredOn": ("registered_on", None),
    },
    _household_subject,
    ("id", "village_code"),
    {"members": RowList(_members_of, "id", PERSON_ROWS)},
)
