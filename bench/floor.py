"""The plain-SQL floor: the rows each workload returns, fetched with SQLAlchemy Core and
grouped by parent, with no GraphQL, masking or loaders in between."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.regions import under
from resolvers.logistics.tables import disaster_events, event_regions
from resolvers.registry.tables import enrolments, households, persons, pkh_components

MEMBER_COLUMNS = (
    persons.c.id,
    persons.c.household_id,
    persons.c.nik,
    persons.c.name,
    persons.c.birth_date,
)


async def _rows(engine: AsyncEngine, query: Select[Any]) -> Sequence[Row[Any]]:
    async with engine.connect() as conn:
        rows: Sequence[Row[Any]] = (await conn.execute(query)).all()
    return rows


def _grouped(rows: Sequence[Row[Any]], key: str) -> dict[int, list[Row[Any]]]:
    groups: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


async def _members(engine: AsyncEngine, ids: list[int]) -> dict[int, list[Row[Any]]]:
    query = select(*MEMBER_COLUMNS).where(persons.c.household_id.in_(ids)).order_by(persons.c.id)
    return _grouped(await _rows(engine, query), "household_id")


async def small(registry: AsyncEngine, household_id: int, region: str) -> Any:
    query = select(households).where(households.c.id == household_id)
    found = await _rows(registry, query.where(under(households.c.village_code, region)))
    members = await _members(registry, [household_id])
    return [(row, members[row.id]) for row in found]


async def nested(registry: AsyncEngine, region: str) -> Any:
    query = select(households.c.id).where(under(households.c.village_code, region))
    found = await _rows(registry, query.order_by(households.c.id).limit(500))
    members = await _members(registry, [row.id for row in found])
    return [(row, members[row.id]) for row in found]


async def cross(registry: AsyncEngine, logistics: AsyncEngine, event_id: int, region: str) -> Any:
    event = await _rows(logistics, select(disaster_events).where(disaster_events.c.id == event_id))
    codes = await _rows(
        logistics, select(event_regions.c.region_code).where(event_regions.c.event_id == event_id)
    )
    area = or_(*(under(households.c.village_code, row.region_code) for row in codes))
    query = select(households.c.id, households.c.village_code).where(
        and_(area, under(households.c.village_code, region))
    )
    found = await _rows(registry, query.order_by(households.c.id).limit(500))
    ids = [row.id for row in found]
    members = await _members(registry, ids)
    enrolled = _grouped(
        await _rows(registry, select(enrolments).where(enrolments.c.household_id.in_(ids))),
        "household_id",
    )
    enrolment_ids = [e.id for group in enrolled.values() for e in group]
    components = _grouped(
        await _rows(
            registry, select(pkh_components).where(pkh_components.c.enrolment_id.in_(enrolment_ids))
        ),
        "enrolment_id",
    )
    return event, [
        (row, members[row.id], [(e, components[e.id]) for e in enrolled[row.id]]) for row in found
    ]
