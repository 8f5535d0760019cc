"""Logistics types: disaster events, posts, warehouses, stock, shipments, aid."""

import datetime
from typing import Any

import strawberry
from sqlalchemy import Row

from schema.ids import to_id


@strawberry.type(description="Aid handed to a household at an emergency post.")
class AidDistribution:
    id: strawberry.ID
    distributed_on: datetime.date

    @classmethod
    def of(cls, row: Row[Any]) -> "AidDistribution":
        return cls(id=to_id(row.id), distributed_on=row.distributed_on)


@strawberry.type
class LogisticsQuery:
    pass
