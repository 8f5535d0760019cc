"""Filing and resolving complaints, each inside a write transaction of the regional database
(the hub's source, or the offices' node).

A sanggah starts a clock of ``SANGGAH_DAYS`` on filing; resolving a complaint stops it.
Results are plain JSON values, so a replayed write answers exactly like the first one.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.regions import RegionScope
from auth.scopes import write
from resolvers.agency_writes import AgencyWrite, Author, Work
from resolvers.idempotency import Refused
from resolvers.regional import AGENCY
from resolvers.regional.complaints import SANGGAH_DAYS
from resolvers.regional.enums import (
    ComplaintChannel,
    ComplaintKind,
    ComplaintResolution,
    ComplaintStatus,
)
from resolvers.regional.loaders import reference_date
from resolvers.regional.tables import complaints, idempotency_keys

# Which states a complaint may move to from each state; a state not listed is final.
TRANSITIONS: Mapping[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.DITERIMA: frozenset(
        {ComplaintStatus.DIPROSES, ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK}
    ),
    ComplaintStatus.DIPROSES: frozenset({ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK}),
}


@dataclass(frozen=True, slots=True)
class Filing:
    kind: ComplaintKind
    village_code: str
    summary: str
    channel: ComplaintChannel
    household_id: int | None = None
    objector_nik: str | None = None


@dataclass(frozen=True, slots=True)
class Missing:
    """No complaint with that id lies in the caller's regions."""


@dataclass(frozen=True, slots=True)
class Final:
    """The complaint's state does not allow the change."""

    status: ComplaintStatus


def due_on(kind: ComplaintKind, filed_on: datetime.date) -> datetime.date | None:
    if kind is ComplaintKind.SANGGAH:
        return filed_on + datetime.timedelta(days=SANGGAH_DAYS)
    return None


async def file_complaint(
    conn: AsyncConnection, filing: Filing, today: datetime.date
) -> dict[str, Any]:
    values = {
        "kind": filing.kind.value,
        "village_code": filing.village_code,
        "household_id": filing.household_id,
        "channel": filing.channel.value,
        "summary": filing.summary,
        "objector_nik": filing.objector_nik,
        "status": ComplaintStatus.DITERIMA.value,
        "filed_on": today,
        "due_on": due_on(filing.kind, today),
        "resolved_on": None,
    }
    inserted = await conn.execute(insert(complaints).values(values).returning(complaints.c.id))
    return receipt({**values, "id": inserted.scalar_one()})


async def resolve_complaint(
    conn: AsyncConnection,
    scope: RegionScope,
    complaint_id: int,
    resolution: ComplaintResolution,
    note: str,
    today: datetime.date,
) -> dict[str, Any]:
    """Close an open complaint in ``scope``; ``Refused(Missing())`` or ``Refused(Final(..))``."""
    target = ComplaintStatus(resolution.value)
    sources = [status.value for status, targets in TRANSITIONS.items() if target in targets]
    visible = (complaints.c.id == complaint_id, scope.clause(complaints.c.village_code))
    # The state condition sits in the UPDATE itself, so of two concurrent resolutions
    # only one changes the row and the other sees the state it left.
    changed = await conn.execute(
        update(complaints)
        .where(*visible, complaints.c.status.in_(sources))
        .values(status=target.value, resolved_on=today, resolution_note=note)
    )
    row = (await conn.execute(select(complaints).where(*visible))).first()
    if row is None:
        raise Refused(Missing())
    if changed.rowcount != 1:
        raise Refused(Final(ComplaintStatus(row.status)))
    return receipt(row._mapping)


def receipt(values: Mapping[Any, Any]) -> dict[str, Any]:
    """What a write reports about the complaint: its state and clock, no personal data."""
    return {
        "id": values["id"],
        "kind": values["kind"],
        "status": values["status"],
        "household_id": values["household_id"],
        "filed_on": _day(values["filed_on"]),
        "due_on": _day(values["due_on"]),
        "resolved_on": _day(values["resolved_on"]),
    }


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _filed(author: Author, arguments: Mapping[str, Any]) -> Work:
    household = arguments["household_id"]
    filing = Filing(
        kind=ComplaintKind(arguments["kind"]),
        village_code=str(arguments["village_code"]),
        summary=str(arguments["summary"]),
        channel=ComplaintChannel(arguments["channel"]),
        household_id=None if household is None else int(household),
        objector_nik=arguments["objector_nik"],
    )
    return lambda conn: file_complaint(conn, filing, reference_date())


def _resolved(author: Author, arguments: Mapping[str, Any]) -> Work:
    complaint_id = int(arguments["complaint_id"])
    resolution = ComplaintResolution(arguments["resolution"])
    note = str(arguments["note"])
    return lambda conn: resolve_complaint(
        conn, author.scope, complaint_id, resolution, note, reference_date()
    )


# The public files complaints too: filing asks no scope.
FILE_COMPLAINT = AgencyWrite(AGENCY, "fileComplaint", idempotency_keys, _filed, None)
RESOLVE_COMPLAINT = AgencyWrite(
    AGENCY, "resolveComplaint", idempotency_keys, _resolved, write(AGENCY), (Missing, Final)
)
