"""fileComplaint: the public and the Dinas Sosial offices file a pengaduan or a sanggah.

The public files without a token, a few times a minute per address, and learns nothing
about any household: an unknown household and one of another village are refused alike.
Idempotency keys are scoped to a client, so they need a token; the public files without.
"""

from dataclasses import asdict
from typing import Annotated

import strawberry

from auth.principal import Principal
from resolvers.errors import RateLimited
from resolvers.idempotency import KeyReused
from resolvers.paging import is_record_key
from resolvers.regional import enums
from resolvers.regional.complaints_write import FILE_COMPLAINT, Filing
from resolvers.registry.complaint_subject import household_in_village
from resolvers.wilayah import Level, gazetteer
from schema.complaint_receipts import ComplaintFiled, ComplaintReceipt, audit_subject
from schema.context import Info
from schema.idempotent_writes import key_problem
from schema.results import (
    IdempotencyKeyReused,
    InvalidInput,
    invalid,
    key_reused,
)
from schema.scalars import NIK, RegionCode

PUBLIC_FILINGS_PER_MINUTE = 5
SUMMARY_MIN, SUMMARY_MAX = 10, 2000


@strawberry.input(description="A complaint, or an objection (sanggah) to a listed recipient.")
class FileComplaintInput:
    kind: enums.ComplaintKind
    village_code: RegionCode = strawberry.field(
        description="The filer's village: a region of level VILLAGE."
    )
    summary: str = strawberry.field(description="What it is about: 10 to 2,000 characters.")
    household_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "The household concerned. A sanggah must name a household of the filer's village"
            " that receives a programme."
        ),
    )
    objector_nik: NIK | None = strawberry.field(
        default=None, description="The filer's NIK, when they give it."
    )
    channel: enums.ComplaintChannel | None = strawberry.field(
        default=None,
        description="How it reached the office: KANTOR unless given. The public files by APLIKASI.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Makes a retry safe; needs a token."
    )


FileComplaintResult = Annotated[
    ComplaintFiled | InvalidInput | IdempotencyKeyReused,
    strawberry.union("FileComplaintResult"),
]


async def file(info: Info, input: FileComplaintInput) -> FileComplaintResult:
    context = info.context
    if not context.principal.authenticated:
        wait = await context.throttle("file-complaint", PUBLIC_FILINGS_PER_MINUTE)
        if wait is not None:
            raise RateLimited(wait)
    filing = _filing(input, context.principal)
    if isinstance(filing, InvalidInput):
        return filing
    household = filing.household_id
    if household is not None and not await _may_name(info, filing, household):
        return invalid(
            "The household cannot be named in a complaint from this village", "householdId"
        )
    key = input.idempotency_key
    try:
        stored, replayed = await context.write(FILE_COMPLAINT, key, asdict(filing))
    except KeyReused:
        return key_reused()
    if not replayed:
        context.audit.note_write("regional", audit_subject(stored), "fileComplaint", key)
    return ComplaintFiled(complaint=ComplaintReceipt.of(stored), replayed=replayed)


def _filing(input: FileComplaintInput, principal: Principal) -> Filing | InvalidInput:
    """The filing the input asks for, or what is wrong with it (the registry aside)."""
    public = not principal.authenticated
    if public and input.idempotency_key is not None:
        return invalid("Idempotency keys need a token; file without one", "idempotencyKey")
    if input.idempotency_key is not None and (problem := key_problem(input.idempotency_key)):
        return problem
    region = gazetteer().get(input.village_code)
    if region is None or region.level is not Level.VILLAGE:
        return invalid("A complaint is filed from a village: give a village code", "villageCode")
    if not public and not principal.regions.allows(input.village_code):
        return invalid("This village lies outside your regions", "villageCode")
    summary = input.summary.strip()
    if not SUMMARY_MIN <= len(summary) <= SUMMARY_MAX:
        return invalid(f"The summary has {SUMMARY_MIN} to {SUMMARY_MAX:,} characters", "summary")
    channel = input.channel or (
        enums.ComplaintChannel.APLIKASI if public else enums.ComplaintChannel.KANTOR
    )
    if public and channel is not enums.ComplaintChannel.APLIKASI:
        return invalid("The public files by APLIKASI", "channel")
    household = _household_key(input.household_id)
    if input.household_id is not None and household is None:
        return invalid("householdId is not a valid id", "householdId")
    if input.kind is enums.ComplaintKind.SANGGAH and household is None:
        return invalid("A sanggah names the household it objects to", "householdId")
    return Filing(
        kind=input.kind,
        village_code=input.village_code,
        summary=summary,
        channel=channel,
        household_id=household,
        objector_nik=input.objector_nik,
    )


def _household_key(value: strawberry.ID | None) -> int | None:
    text = "" if value is None else str(value)
    return int(text) if is_record_key(text) else None


async def _may_name(info: Info, filing: Filing, household: int) -> bool:
    """Asked of the whole registry, not the caller's regions: the public has none."""
    return await household_in_village(
        info.context.ask,
        household,
        filing.village_code,
        enrolled=filing.kind is enums.ComplaintKind.SANGGAH,
    )
