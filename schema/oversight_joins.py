"""Anomalies seen only by joining agencies: by NIK and household id, in batches."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from auth.regions import RegionScope, covers
from resolvers.agency_reads import Ask
from resolvers.logistics import anomalies as logistics
from resolvers.regional import anomalies as regional
from resolvers.registry import anomalies as registry
from resolvers.remote_records import Record
from schema.oversight_findings import AnomalyType, Evidence, Finding
from schema.oversight_registry import PaidAfterDeath, deceased_paid


async def deceased_by_visit(ask: Ask, scope: RegionScope) -> list[Finding]:
    """A visit found the person dead, the registry still lists them alive, and the household
    was paid after the visit."""
    visits = {
        (row.subject_nik, row.household_id): row
        for row in await ask(regional.DECEASED_VISITS, scope)
    }
    reported = [(nik, household, row.visited_on) for (nik, household), row in visits.items()]
    payments: dict[tuple[str, int], list[Record]] = defaultdict(list)
    for row in await ask(registry.STILL_ALIVE_AND_PAID, scope, reported=reported):
        visit = visits[(row.nik, row.household_id)]
        if row.disbursed_on > visit.visited_on:
            payments[(row.nik, row.household_id)].append(row)
    found = []
    for key, rows in payments.items():
        visit = visits[key]
        latest = max(rows, key=lambda row: (row.disbursed_on, row.disbursement_id))
        cause = Evidence(
            "regional",
            "verificationVisit",
            str(visit.visit_id),
            f"{{nik}} found deceased on a visit on {visit.visited_on:%Y-%m-%d}",
            visit.subject_nik,
        )
        paid = PaidAfterDeath(
            latest.id,
            latest.nik,
            latest.household_id,
            latest.village_code,
            latest.disbursement_id,
            latest.disbursed_on,
            len(rows),
        )
        found.append(deceased_paid(paid, cause))
    return found


async def duplicate_aid(ask: Ask, scope: RegionScope) -> list[Finding]:
    return [
        Finding(
            AnomalyType.DUPLICATE_AID,
            f"household:{row.household_id}:event:{row.event_id}:item:{row.item}",
            row.village_code,
            row.last_on,
            row.household_id,
            None,
            (
                Evidence(
                    "logistics",
                    "aidDistribution",
                    str(row.distribution_id),
                    f"{row.item} handed out {row.handouts} times ({row.quantity} in all)"
                    f" in event {row.event_id}",
                ),
            ),
        )
        for row in await ask(logistics.DUPLICATE_AID, scope)
    ]


async def excluded_from_aid(ask: Ask, scope: RegionScope) -> list[Finding]:
    """Poor households in the regions of an event that handed out aid, never reached by it."""
    regions: dict[int, list[str]] = defaultdict(list)
    started: dict[int, date] = {}
    for row in await ask(logistics.SERVED_EVENT_REGIONS, scope):
        regions[row.event_id].append(row.region_code)
        started[row.event_id] = row.started_on
    if not regions:
        return []
    codes = {code for listed in regions.values() for code in listed}
    poor = await ask(registry.POOR_HOUSEHOLDS_UNDER, scope, region_codes=codes)
    aided = {
        (row.event_id, row.household_id) for row in await ask(logistics.AIDED_HOUSEHOLDS, scope)
    }
    return [
        _excluded(row, event_id, started[event_id])
        for row in poor
        for event_id, listed in sorted(regions.items())
        if (event_id, row.id) not in aided and any(covers(c, row.village_code) for c in listed)
    ]


def _excluded(row: Record, event_id: int, started_on: date) -> Finding:
    return Finding(
        AnomalyType.EXCLUDED_FROM_DISASTER_AID,
        f"household:{row.id}:event:{event_id}",
        row.village_code,
        started_on,
        row.id,
        None,
        (
            Evidence("logistics", "disasterEvent", str(event_id), "no aid distribution recorded"),
            Evidence("registry", "household", str(row.id), f"decile {row.decile}"),
        ),
    )


FINDERS: Sequence[tuple[AnomalyType, Any]] = (
    (AnomalyType.DECEASED_STILL_PAID, deceased_by_visit),
    (AnomalyType.DUPLICATE_AID, duplicate_aid),
    (AnomalyType.EXCLUDED_FROM_DISASTER_AID, excluded_from_aid),
)
