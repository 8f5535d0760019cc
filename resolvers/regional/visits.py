"""Recording a verification visit (verval) made by a Dinas Sosial office."""

import datetime
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.regional.enums import VisitOutcome
from resolvers.regional.tables import verification_visits


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
