"""Disaster logistics' part of the oversight checks: handouts beyond quota, who was reached."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select

from auth.regions import RegionScope
from resolvers.agency_reads import read_of
from resolvers.logistics import AGENCY
from resolvers.logistics.tables import (
    aid_distributions,
    disaster_events,
    distribution_items,
    event_regions,
)
from resolvers.remote_records import DATE, INTEGER, TEXT
from resolvers.source import Reader

Rows = Sequence[Row[Any]]


async def duplicate_aid(reader: Reader, scope: RegionScope) -> Rows:
    """The same item handed to the same household more than once in one event (the quota
    is one handout per item)."""
    aid = aid_distributions.c
    query = (
        select(
            aid.household_id,
            aid.event_id,
            aid.village_code,
            distribution_items.c.item,
            func.count().label("handouts"),
            func.sum(distribution_items.c.quantity).label("quantity"),
            func.max(aid.distributed_on).label("last_on"),
            func.max(aid.id).label("distribution_id"),
        )
        .join(distribution_items, distribution_items.c.distribution_id == aid.id)
        .where(scope.clause(aid.village_code))
        .group_by(aid.household_id, aid.event_id, aid.village_code, distribution_items.c.item)
        .having(func.count() > 1)
    )
    return await reader.rows(query)


async def served_event_regions(reader: Reader, scope: RegionScope) -> Rows:
    """The regions of every event that handed out aid, where they touch the caller's scope."""
    handed_out = select(aid_distributions.c.event_id).distinct()
    query = (
        select(
            event_regions.c.event_id,
            event_regions.c.region_code,
            disaster_events.c.started_on,
        )
        .join(disaster_events, disaster_events.c.id == event_regions.c.event_id)
        .where(
            event_regions.c.event_id.in_(handed_out),
            scope.overlap_clause(event_regions.c.region_code),
        )
    )
    return await reader.rows(query)


async def aided_households(reader: Reader, scope: RegionScope) -> Rows:
    """Each (event, household) pair that received aid, in the caller's scope."""
    aid = aid_distributions.c
    query = (
        select(aid.event_id, aid.household_id, aid.village_code)
        .where(scope.clause(aid.village_code))
        .group_by(aid.event_id, aid.household_id, aid.village_code)
    )
    return await reader.rows(query)


READS = (
    read_of(
        AGENCY,
        duplicate_aid,
        {
            "household_id": INTEGER,
            "event_id": INTEGER,
            "village_code": TEXT,
            "item": TEXT,
            "handouts": INTEGER,
            "quantity": INTEGER,
            "last_on": DATE,
            "distribution_id": INTEGER,
        },
    ),
    # An event's region may lie above the caller's (a province-wide flood).
    read_of(
        AGENCY,
        served_event_regions,
        {"event_id": INTEGER, "region_code": TEXT, "started_on": DATE},
        region="region_code",
        overlapping=True,
    ),
    read_of(
        AGENCY,
        aided_households,
        {"event_id": INTEGER, "household_id": INTEGER, "village_code": TEXT},
    ),
)
DUPLICATE_AID, SERVED_EVENT_REGIONS, AIDED_HOUSEHOLDS = READS
