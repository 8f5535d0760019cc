"""Institution types: LKS, Karang Taruna, PSKS and their placed residents."""

import datetime
from typing import Any

import strawberry
from sqlalchemy import Row

from schema.ids import to_id


@strawberry.type(description="A resident's placement in a welfare institution.")
class Placement:
    id: strawberry.ID
    admitted_on: datetime.date
    discharged_on: datetime.date | None
    reason: str

    @classmethod
    def of(cls, row: Row[Any]) -> "Placement":
        return cls(
            id=to_id(row.id),
            admitted_on=row.admitted_on,
            discharged_on=row.discharged_on,
            reason=row.reason,
        )


@strawberry.type
class InstitutionQuery:
    pass
