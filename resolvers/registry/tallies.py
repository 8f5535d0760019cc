"""The registry's lists counted per village, as its node answers counts: the hub adds up
only the villages inside its caller's regions, so a node cannot inflate a count."""

from typing import Any

from sqlalchemy import Select, func, select

from auth.regions import RegionScope
from resolvers.registry.filters import HouseholdFilter, PersonFilter, ProposalFilter
from resolvers.registry.loaders import households_within, persons_within
from resolvers.registry.proposal_loaders import proposals_within
from resolvers.registry.tables import households
from resolvers.source import Reader

Tally = tuple[tuple[str, ...], int]


async def households_tally(
    reader: Reader, scope: RegionScope, where: HouseholdFilter
) -> list[Tally]:
    return await _by_village(reader, households_within(scope, where))


async def persons_tally(reader: Reader, scope: RegionScope, where: PersonFilter) -> list[Tally]:
    query = persons_within(scope, where).add_columns(households.c.village_code)
    return await _by_village(reader, query)


async def proposals_tally(reader: Reader, scope: RegionScope, where: ProposalFilter) -> list[Tally]:
    return await _by_village(reader, proposals_within(scope, where))


async def _by_village(reader: Reader, query: Select[Any]) -> list[Tally]:
    found = query.order_by(None).subquery()
    village = found.c.village_code
    grouped = select(village, func.count().label("total")).group_by(village).order_by(village)
    return [((row[0],), int(row.total)) for row in await reader.rows(grouped)]
