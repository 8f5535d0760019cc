"""The regional offices' part of the oversight checks: deaths seen on verification visits."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select

from auth.regions import RegionScope
from resolvers.agency_reads import read_of
from resolvers.regional import AGENCY
from resolvers.regional.enums import VisitOutcome
from resolvers.regional.tables import verification_visits
from resolvers.remote_records import DATE, INTEGER, TEXT
from resolvers.source import Reader


async def deceased_visits(reader: Reader, scope: RegionScope) -> Sequence[Row[Any]]:
    """The first visit that found each person dead, per person and household."""
    visits = verification_visits.c
    query = (
        select(
            visits.subject_nik,
            visits.household_id,
            visits.village_code,
            func.min(visits.visited_on).label("visited_on"),
            func.min(visits.id).label("visit_id"),
        )
        .where(
            visits.outcome == VisitOutcome.DECEASED.value,
            visits.subject_nik.is_not(None),
            scope.clause(visits.village_code),
        )
        .group_by(visits.subject_nik, visits.household_id, visits.village_code)
    )
    return await reader.rows(query)


DECEASED_VISITS = read_of(
    AGENCY,
    deceased_visits,
    {
        "subject_nik": TEXT,
        "household_id": INTEGER,
        "village_code": TEXT,
        "visited_on": DATE,
        "visit_id": INTEGER,
    },
)
READS = (DECEASED_VISITS,)
