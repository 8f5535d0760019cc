"""The registry agency (DTSEN) as a federation subgraph: its records as entities keyed by
``id`` and the records each holds (its lists are in ``registry_lists``).

Every answer comes from ``RegistryLoaders`` built with the caller's regions from the
caller-context token, so the node filters inside its SQL exactly as the hub would. Records
carry their raw stored values, personal ones included (the hub masks them for its callers
and audits their reading), and the village that decides whether a caller may see them, so
that the hub can check every one. Amounts are decimal strings: they may pass 32 bits.
"""

import datetime
from typing import Self

import strawberry

from schema.node.common import Stored
from schema.node.context import RegistryNodeInfo


async def _village_of(info: RegistryNodeInfo, household_id: int) -> str:
    """The village of a visible household; a record is visible only when it is."""
    household = await info.context.registry.household.load(household_id)
    if household is None:
        raise LookupError("a record without a visible household")
    return str(household.village_code)


@strawberry.federation.type(keys=["id"], description="A person, with their household's village.")
class Person(Stored):
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
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.registry.person, id)

    @strawberry.field
    async def village_code(self, info: RegistryNodeInfo) -> str:
        return await _village_of(info, int(self.household_id))


@strawberry.type
class PkhComponent(Stored):
    id: strawberry.ID
    enrolment_id: strawberry.ID
    component: str
    person_id: strawberry.ID | None
    yearly_amount: str


@strawberry.federation.type(keys=["id"], description="An enrolment, with its household's village.")
class Enrolment(Stored):
    id: strawberry.ID
    household_id: strawberry.ID
    programme: str
    status: str
    started_on: datetime.date
    ended_on: datetime.date | None

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.registry.enrolment, id)

    @strawberry.field
    async def village_code(self, info: RegistryNodeInfo) -> str:
        return await _village_of(info, int(self.household_id))

    @strawberry.field(description="Its PKH components in the caller's regions, by id.")
    async def components(self, info: RegistryNodeInfo) -> list[PkhComponent]:
        rows = await info.context.registry.components.load(int(self.id))
        return [PkhComponent.of(row) for row in rows]


@strawberry.type
class Disbursement(Stored):
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


@strawberry.federation.type(keys=["id"])
class UpdateProposal(Stored):
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
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.registry.proposals.by_id, id)


@strawberry.federation.type(keys=["id"], description="A household (keluarga) of the registry.")
class Household(Stored):
    id: strawberry.ID
    no_kk: str
    address: str
    village_code: str
    decile: int
    status: str
    registered_on: datetime.date
    updated_at: datetime.datetime

    @classmethod
    async def resolve_reference(cls, info: RegistryNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.registry.household, id)

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
