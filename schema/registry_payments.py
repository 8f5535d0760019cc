"""Registry programme data: enrolments, PKH components and disbursements."""

import datetime
from operator import attrgetter

import strawberry

from resolvers.registry import enums
from resolvers.remote_records import Record
from schema.batched import each, loaded
from schema.context import Info
from schema.ids import to_id
from schema.protection import sensitive
from schema.scalars import Money


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
    def of(cls, row: Record) -> "Enrolment":
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
        return await _COMPONENTS.one(info.context, self)  # type: ignore[no-any-return]


def _grant(row: Record) -> PkhComponentGrant:
    return PkhComponentGrant(
        component=enums.PkhComponent(row.component),
        yearly_amount=Money(row.yearly_amount),
        beneficiary_key=row.person_id,
    )


_COMPONENTS = loaded(
    Enrolment, "components", attrgetter("registry.components"), attrgetter("key"), each(_grant)
)


@strawberry.type(description="One payment of a programme to a household.")
class Disbursement:
    id: strawberry.ID
    programme: enums.Programme
    period: str = strawberry.field(description="YYYY-MM for monthly aid, YYYY-Qn for PKH stages.")
    amount: Money
    channel: enums.Channel = strawberry.field(description="A Himbara bank or PT Pos Indonesia.")
    status: enums.DisbursementStatus
    disbursed_on: datetime.date | None
    bank_account: str | None = sensitive("registry", description="The account paid into.")
    household_key: strawberry.Private[int]

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("household", str(self.household_key))

    @classmethod
    def of(cls, row: Record) -> "Disbursement":
        return cls(
            id=to_id(row.id),
            programme=enums.Programme(row.programme),
            period=row.period,
            amount=Money(row.amount),
            channel=enums.Channel(row.channel),
            status=enums.DisbursementStatus(row.status),
            disbursed_on=row.disbursed_on,
            bank_account=row.bank_account,
            household_key=row.household_id,
        )
