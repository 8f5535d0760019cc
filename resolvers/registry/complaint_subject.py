"""Whether a household may be named in a complaint filed from a village.

Asked for any caller, the public included, so it runs without a region scope and answers
only yes or no: an unknown household and one in another village look the same.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, exists, select

from auth.regions import RegionScope
from resolvers.agency_reads import EVERYWHERE, Ask, read_of
from resolvers.registry import AGENCY
from resolvers.registry.enums import EnrolmentStatus
from resolvers.registry.tables import enrolments, households
from resolvers.remote_records import BOOLEAN
from resolvers.source import Reader


async def household_check(
    reader: Reader, scope: RegionScope, household_id: int, village_code: str, enrolled: bool
) -> Sequence[Row[Any]]:
    """One row: ``found``, whether the household lives in the village and, when
    ``enrolled``, receives some programme."""
    conditions = [households.c.id == household_id, households.c.village_code == village_code]
    if enrolled:
        active = select(enrolments.c.id).where(
            enrolments.c.household_id == households.c.id,
            enrolments.c.status == EnrolmentStatus.AKTIF.value,
        )
        conditions.append(exists(active))
    found = exists(select(households.c.id).where(*conditions))
    return await reader.rows(select(found.label("found")))


HOUSEHOLD_CHECK = read_of(
    AGENCY, household_check, {"found": BOOLEAN}, region=None, confined=False, needs=None
)


async def household_in_village(
    ask: Ask, household_id: int, village_code: str, *, enrolled: bool
) -> bool:
    """The household lives in the village and, when ``enrolled``, receives some programme."""
    rows = await ask(
        HOUSEHOLD_CHECK,
        EVERYWHERE,
        household_id=household_id,
        village_code=village_code,
        enrolled=enrolled,
    )
    return len(rows) == 1 and rows[0].found is True
