"""The regional agency (Dinas Sosial offices) as a federation subgraph: its records as
entities keyed by ``id``, with their stored values (enum values, raw codes, foreign keys)
and the region code that decides who may see each, so that the hub can check every one.

Every answer comes from ``RegionalLoaders`` built with the caller's regions from the
caller-context token. Personal values (NIKs, notes, summaries) are sent as stored: the hub
applies its scopes, masking and audit to them as it does to a database's rows. The lists
are in ``regional_lists``.
"""

import datetime
from typing import Self

import strawberry

from schema.node.common import ByHouseholdId, Stored
from schema.node.context import RegionalNodeInfo


@strawberry.federation.type(keys=["id"])
class SocialOffice(Stored):
    id: strawberry.ID
    name: str
    address: str
    phone: str
    region_code: str

    @classmethod
    async def resolve_reference(cls, info: RegionalNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.regional.office, id)


@strawberry.federation.type(keys=["id"])
class VerificationVisit(Stored):
    id: strawberry.ID
    office_id: strawberry.ID
    household_id: strawberry.ID
    subject_nik: str | None
    village_code: str
    visited_on: datetime.date
    outcome: str
    officer: str
    notes: str

    @classmethod
    async def resolve_reference(cls, info: RegionalNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.regional.visit, id)


@strawberry.type
class RehabilitationCase(Stored):
    id: strawberry.ID
    office_id: strawberry.ID
    client_nik: str
    village_code: str
    cluster: str
    status: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    services: str


@strawberry.type
class Complaint(Stored):
    id: strawberry.ID
    kind: str
    village_code: str
    household_id: strawberry.ID | None
    channel: str
    summary: str
    status: str
    filed_on: datetime.date
    due_on: datetime.date | None
    resolved_on: datetime.date | None


@strawberry.type
class KubeMember(Stored):
    id: strawberry.ID
    member_nik: str
    role: str


@strawberry.type
class KubeGrant:
    id: strawberry.ID
    amount: str = strawberry.field(description="In rupiah, as a decimal string (beyond Int).")
    granted_on: datetime.date


@strawberry.federation.type(keys=["id"])
class KubeGroup(Stored):
    id: strawberry.ID
    name: str
    business: str
    formed_on: datetime.date
    village_code: str

    @classmethod
    async def resolve_reference(cls, info: RegionalNodeInfo, id: strawberry.ID) -> Self | None:
        return await cls.by_key(info.context.regional.kube_group, id)

    @strawberry.field
    async def members(self, info: RegionalNodeInfo) -> list[KubeMember]:
        rows = await info.context.regional.kube_members.load(int(self.id))
        return [KubeMember.of(row) for row in rows]

    @strawberry.field
    async def grants(self, info: RegionalNodeInfo) -> list[KubeGrant]:
        rows = await info.context.regional.kube_grants.load(int(self.id))
        return [
            KubeGrant(id=strawberry.ID(str(r.id)), amount=str(r.amount), granted_on=r.granted_on)
            for r in rows
        ]


@strawberry.federation.type(keys=["id"], description="A registry household, by its id.")
class Household(ByHouseholdId):
    id: strawberry.ID

    @strawberry.field(description="Its verification visits in the caller's regions, oldest first.")
    async def verification_visits(self, info: RegionalNodeInfo) -> list[VerificationVisit]:
        rows = await info.context.regional.visits_by_household.load(int(self.id))
        return [VerificationVisit.of(row) for row in rows]


REGIONAL_ENTITIES: tuple[type, ...] = (Household, VerificationVisit, KubeGroup, SocialOffice)
