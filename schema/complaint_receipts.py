"""What the complaint mutations answer: the complaint's state and clock, nothing personal."""

import datetime
from collections.abc import Mapping
from typing import Any

import strawberry

from resolvers.regional import enums
from schema.ids import to_id


@strawberry.type(description="A complaint as its filer may see it: state and clock only.")
class ComplaintReceipt:
    id: strawberry.ID
    kind: enums.ComplaintKind
    status: enums.ComplaintStatus
    filed_on: datetime.date
    due_on: datetime.date | None = strawberry.field(
        description="When an answer is due: a sanggah has 14 days from filing."
    )
    resolved_on: datetime.date | None

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> "ComplaintReceipt":
        return cls(
            id=to_id(stored["id"]),
            kind=enums.ComplaintKind(stored["kind"]),
            status=enums.ComplaintStatus(stored["status"]),
            filed_on=datetime.date.fromisoformat(stored["filed_on"]),
            due_on=_day(stored["due_on"]),
            resolved_on=_day(stored["resolved_on"]),
        )


@strawberry.type(description="The complaint was filed.")
class ComplaintFiled:
    complaint: ComplaintReceipt
    replayed: bool = strawberry.field(
        description="True when this answers a retry: the complaint was filed by the first try."
    )


@strawberry.type(description="The complaint was resolved and its clock stopped.")
class ComplaintResolved:
    complaint: ComplaintReceipt
    replayed: bool = strawberry.field(
        description="True when this answers a retry: the first try resolved it."
    )


def _day(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def audit_subject(stored: Mapping[str, Any]) -> tuple[str, str]:
    """Whom a complaint write concerns, for the audit log."""
    household = stored["household_id"]
    return ("complaint", str(stored["id"])) if household is None else ("household", str(household))
