"""Recording a verification visit (verval) made by a Dinas Sosial office."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.scopes import write
from resolvers.agency_writes import AgencyWrite, Author, Work
from resolvers.regional import AGENCY
from resolvers.regional.enums import VisitOutcome
from resolvers.regional.tables import idempotency_keys, verification_visits


@dataclass(frozen=True, slots=True)
class NewVisit:
    office_id: int
    household_id: int
    village_code: str
    subject_nik: str | None
    visited_on: datetime.date
    outcome: VisitOutcome
    officer: str
    notes: str


async def record_visit(conn: AsyncConnection, visit: NewVisit) -> int:
    """Stores ``visit``; returns its id."""
    result = await conn.execute(
        insert(verification_visits)
        .values(
            office_id=visit.office_id,
            household_id=visit.household_id,
            village_code=visit.village_code,
            subject_nik=visit.subject_nik,
            visited_on=visit.visited_on,
            outcome=visit.outcome.value,
            officer=visit.officer,
            notes=visit.notes,
        )
        .returning(verification_visits.c.id)
    )
    return int(result.scalar_one())


def _visited(author: Author, arguments: Mapping[str, Any]) -> Work:
    nik = arguments["subject_nik"]
    visit = NewVisit(
        office_id=int(arguments["office_id"]),
        household_id=int(arguments["household_id"]),
        village_code=str(arguments["village_code"]),
        subject_nik=None if nik is None else str(nik),
        visited_on=datetime.date.fromisoformat(arguments["visited_on"]),
        outcome=VisitOutcome(arguments["outcome"]),
        officer=str(arguments["officer"]),
        notes=str(arguments["notes"]),
    )

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        return {"id": await record_visit(conn, visit)}

    return work


RECORD_VISIT = AgencyWrite(
    AGENCY, "recordVerificationVisit", idempotency_keys, _visited, write(AGENCY)
)
