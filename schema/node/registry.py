"""The registry agency (DTSEN) as a federation subgraph: its records as entities keyed by
``id`` and the records each holds (its lists are in ``registry_lists``).

Every answer comes from ``RegistryLoaders`` built with the caller's regions from the
caller-context token, so the node filters inside its SQL exactly as the hub would. Records
carry their raw stored values, personal ones included (the hub masks them for its callers
and audits their reading), and the village that decides whether a caller may see them, so
that the hub can check every one. Amounts are decimal strings: they may pass 32 bits.
"""

import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import Row

from schema.node.common import referenced
from schema.node.context import RegistryNodeInfo


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _id(value: int) -> strawberry.ID:
    return strawberry.ID(str(value))


async def _village_of(info: RegistryNodeInfo, household_id: int) -> str:
    """The village of a visible household; a record is visible only when it is."""
    household = await info.context.registry.household.load(household_id)
    if household is None:
        raise LookupError("a record without a visible household")
    return str(household.village_code)


@strawberry.federation.type(keys=["id"], description="A person, with their household's village.")
class Person:
    id: strawberry.ID
    nik: str
    household_id: strawberry.ID
    name: str
    sex: str
    birth_place: str
    birth_date: datetime.date
    relationship: str
    disability: str | None
    status: str
    deceased_on: datetime.date | None

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            nik=row.nik,
            household_id=_id(row.household_id),
            name=row.name,
            sex=row.sex,
            birth_place=row.birth_place,
            birth_date=row.birth_date,
            relationship=row.relationship,
            disability=row.disability,
            status=row.status,
            deceased_on=row.deceased_on,
        )

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        row = await referenced(info.context.registry.person, id)
        return None if row is None else cls.of(row)

    @strawberry.field
    async def village_code(self, info: RegistryNodeInfo) -> str:
        return await _village_of(info, int(self.household_id))


@strawberry.type
class PkhComponent:
    id: strawberry.ID
    enrolment_id: strawberry.ID
    component: str
    person_id: strawberry.ID | None
    yearly_amount: str

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            enrolment_id=_id(row.enrolment_id),
            component=row.component,
            person_id=None if row.person_id is None else _id(row.person_id),
            yearly_amount=str(row.yearly_amount),
        )


@strawberry.federation.type(keys=["id"], description="An enrolment, with its household's village.")
class Enrolment:
    id: strawberry.ID
    household_id: strawberry.ID
    programme: str
    status: str
    started_on: datetime.date
    ended_on: datetime.date | None

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            household_id=_id(row.household_id),
            programme=row.programme,
            status=row.status,
            started_on=row.started_on,
            ended_on=row.ended_on,
        )

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        row = await referenced(info.context.registry.enrolment, id)
        return None if row is None else cls.of(row)

    @strawberry.field
    async def village_code(self, info: RegistryNodeInfo) -> str:
        return await _village_of(info, int(self.household_id))

    @strawberry.field(description="Its PKH components in the caller's regions, by id.")
    async def components(self, info: RegistryNodeInfo) -> list[PkhComponent]:
        rows = await info.context.registry.components.load(int(self.id))
        return [PkhComponent.of(row) for row in rows]


@strawberry.type
class Disbursement:
    id: strawberry.ID
    enrolment_id: strawberry.ID
    household_id: strawberry.ID
    programme: str
    period: str
    amount: str
    channel: str
    bank_account: str | None
    status: str
    disbursed_on: datetime.date | None

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            enrolment_id=_id(row.enrolment_id),
            household_id=_id(row.household_id),
            programme=row.programme,
            period=row.period,
            amount=str(row.amount),
            channel=row.channel,
            bank_account=row.bank_account,
            status=row.status,
            disbursed_on=row.disbursed_on,
        )


@strawberry.federation.type(keys=["id"])
class UpdateProposal:
    id: strawberry.ID
    household_id: strawberry.ID
    village_code: str
    subject_nik: str | None
    kind: str
    deceased_on: datetime.date | None
    state: str
    source_visit_id: strawberry.ID
    proposed_by: str
    proposed_at: datetime.datetime
    decided_by: str | None
    decided_at: datetime.datetime | None
    reason: str | None

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            household_id=_id(row.household_id),
            village_code=row.village_code,
            subject_nik=row.subject_nik,
            kind=row.kind,
            deceased_on=row.deceased_on,
            state=row.state,
            source_visit_id=_id(row.source_visit_id),
            proposed_by=row.proposed_by,
            proposed_at=_utc(row.proposed_at),
            decided_by=row.decided_by,
            decided_at=None if row.decided_at is None else _utc(row.decided_at),
            reason=row.reason,
        )

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        row = await referenced(info.context.registry.proposals.by_id, id)
        return None if row is None else cls.of(row)


@strawberry.federation.type(keys=["id"], description="A household (keluarga) of the registry.")
class Household:
    id: strawberry.ID
    no_kk: str
    address: str
    village_code: str
    decile: int
    status: str
    registered_on: datetime.date
    updated_at: datetime.datetime

    @classmethod
    def of(cls, row: Row[Any]) -> Self:
        return cls(
            id=_id(row.id),
            no_kk=row.no_kk,
            address=row.address,
            village_code=row.village_code,
            decile=row.decile,
            status=row.status,
            registered_on=row.registered_on,
            updated_at=_utc(row.updated_at),
        )

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        row = await referenced(info.context.registry.household, id)
        return None if row is None else cls.of(row)

    @strawberry.field(description="Its members, by id.")
    async def members(self, info: RegistryNodeInfo) -> list[Person]:
        return [Person.of(row) for row in await info.context.registry.members.load(int(self.id))]

    @strawberry.field(description="Its enrolments, by id.")
    async def enrolments(self, info: RegistryNodeInfo) -> list[Enrolment]:
        rows = await info.context.registry.enrolments.load(int(self.id))
        return [Enrolment.of(row) for row in rows]

    @strawberry.field(description="Its disbursements, latest period first.")
    async def disbursements(self, info: RegistryNodeInfo) -> list[Disbursement]:
        rows = await info.context.registry.disbursements.load(int(self.id))
        return [Disbursement.of(row) for row in rows]

    @strawberry.field(description="The update proposals that concern it, by id.")
    async def update_proposals(self, info: RegistryNodeInfo) -> list[UpdateProposal]:
        rows = await info.context.registry.proposals.by_household.load(int(self.id))
        return [UpdateProposal.of(row) for row in rows]


# Entities reached only through ``_entities``, named so that the schema holds them.
REGISTRY_ENTITIES: tuple[type, ...] = (Enrolment,)
