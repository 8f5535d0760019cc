"""Whether a household may be named in a complaint filed from a village.

Asked for any caller, the public included, so it runs without a region scope and answers
only yes or no: an unknown household and one in another village look the same.
"""

from sqlalchemy import exists, select

from resolvers.registry.enums import EnrolmentStatus
from resolvers.registry.tables import enrolments, households
from resolvers.source import Reader


async def household_in_village(
    reader: Reader, household_id: int, village_code: str, *, enrolled: bool
) -> bool:
    """The household lives in the village and, when ``enrolled``, receives some programme."""
    conditions = [households.c.id == household_id, households.c.village_code == village_code]
    if enrolled:
        active = select(enrolments.c.id).where(
            enrolments.c.household_id == households.c.id,
            enrolments.c.status == EnrolmentStatus.AKTIF.value,
        )
        conditions.append(exists(active))
    found = exists(select(households.c.id).where(*conditions))
    return bool(await reader.scalar(select(found)))
