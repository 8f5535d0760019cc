"""resolveComplaint: an office closes an open complaint of its regions, stopping its clock."""

from typing import Annotated, Any

import strawberry

from resolvers.idempotency import KeyReused, Refused
from resolvers.regional import enums
from resolvers.regional.complaints_write import RESOLVE_COMPLAINT, Final
from schema.complaint_receipts import ComplaintReceipt, ComplaintResolved, audit_subject
from schema.context import Info
from schema.idempotent_writes import idempotency_key_field, key_problem
from schema.ids import parse_id
from schema.results import (
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidInput,
    NotFound,
    illegal,
    invalid,
    key_reused,
    not_found,
)

NOTE_MAX = 2000

strawberry.enum(enums.ComplaintResolution)


@strawberry.input(description="How an open complaint ends.")
class ResolveComplaintInput:
    complaint_id: strawberry.ID
    resolution: enums.ComplaintResolution
    note: str = strawberry.field(
        description="What was done, for the record: 1 to 2,000 characters."
    )
    idempotency_key: str = idempotency_key_field()


ResolveComplaintResult = Annotated[
    ComplaintResolved | NotFound | IllegalTransition | InvalidInput | IdempotencyKeyReused,
    strawberry.union("ResolveComplaintResult"),
]


async def resolve(info: Info, input: ResolveComplaintInput) -> ResolveComplaintResult:
    complaint_id = parse_id(input.complaint_id, "complaintId")
    note = input.note.strip()
    if not 1 <= len(note) <= NOTE_MAX:
        return invalid(f"The note has 1 to {NOTE_MAX:,} characters", "note")
    key = input.idempotency_key
    if problem := key_problem(key):
        return problem
    arguments = {"complaint_id": complaint_id, "resolution": input.resolution.value, "note": note}
    try:
        stored, replayed = await info.context.write(RESOLVE_COMPLAINT, key, arguments)
    except KeyReused:
        return key_reused()
    except Refused as refused:
        return _refusal(refused.outcome)
    if not replayed:
        info.context.audit.note_write("regional", audit_subject(stored), "resolveComplaint", key)
    return ComplaintResolved(complaint=ComplaintReceipt.of(stored), replayed=replayed)


def _refusal(outcome: Any) -> IllegalTransition | NotFound:
    if isinstance(outcome, Final):
        return illegal(outcome.status.name, "resolve the complaint")
    return not_found("complaint")
