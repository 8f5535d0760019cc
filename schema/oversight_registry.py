"""Anomalies the registry shows on its own, turned from candidate rows into findings."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from auth.regions import RegionScope
from resolvers.agency_reads import Ask
from resolvers.population import REFERENCE_DATE, SeedPerson
from resolvers.registry import anomalies as registry
from resolvers.registry.enums import PkhComponent
from resolvers.registry.programmes import justifies
from resolvers.remote_records import Record
from schema.oversight_findings import AnomalyType, Evidence, Finding
from schema.scalars import nik_problem

AGENCY = "registry"


async def duplicate_niks(ask: Ask, scope: RegionScope) -> list[Finding]:
    return [
        Finding(
            AnomalyType.DUPLICATE_NIK,
            f"person:{row.id}",
            row.village_code,
            None,
            row.household_id,
            row.nik,
            (
                Evidence(
                    AGENCY,
                    "person",
                    str(row.id),
                    f"NIK {{nik}} is held by living members of {row.holders} households",
                    row.nik,
                ),
            ),
        )
        for row in await ask(registry.DUPLICATE_NIKS, scope)
    ]


async def invalid_niks(ask: Ask, scope: RegionScope) -> list[Finding]:
    found = []
    for row in await ask(registry.ODD_NIKS, scope):
        problem = nik_problem(row.nik)
        if problem is None:
            continue
        evidence = Evidence(AGENCY, "person", str(row.id), f"NIK {{nik}}: {problem}", row.nik)
        found.append(
            Finding(
                AnomalyType.INVALID_NIK,
                f"person:{row.id}",
                row.village_code,
                None,
                row.household_id,
                row.nik,
                (evidence,),
            )
        )
    return found


async def above_ceiling(ask: Ask, scope: RegionScope) -> list[Finding]:
    by_household: dict[int, list[Record]] = defaultdict(list)
    for row in await ask(registry.ABOVE_CEILING, scope):
        by_household[row.household_id].append(row)
    return [
        Finding(
            AnomalyType.ABOVE_DECILE_CEILING,
            f"household:{household_id}",
            rows[0].village_code,
            max(row.started_on for row in rows),
            household_id,
            None,
            tuple(
                Evidence(
                    AGENCY,
                    "enrolment",
                    str(row.id),
                    f"active {row.programme} enrolment of a decile {row.decile} household",
                )
                for row in rows
            ),
        )
        for household_id, rows in by_household.items()
    ]


def _member(row: Record) -> SeedPerson:
    return SeedPerson(
        id=row.id,
        nik=row.nik,
        name=row.name,
        sex=row.sex,
        birth_place=row.birth_place,
        birth_date=row.birth_date,
        relationship=row.relationship,
        disability=row.disability,
        status=row.status,
        deceased_on=row.deceased_on,
        died_on=row.deceased_on,
    )


async def unjustified_components(ask: Ask, scope: RegionScope) -> list[Finding]:
    members: dict[int, list[SeedPerson]] = defaultdict(list)
    for row in await ask(registry.PKH_MEMBERS, scope):
        members[row.household_id].append(_member(row))
    unjustified: dict[int, list[Record]] = defaultdict(list)
    for row in await ask(registry.PKH_COMPONENTS_OF, scope):
        component = PkhComponent(row.component)
        # The registry's data describes the household as of the reference date.
        if not any(justifies(component, m, REFERENCE_DATE) for m in members[row.household_id]):
            unjustified[row.household_id].append(row)
    return [
        Finding(
            AnomalyType.UNJUSTIFIED_PKH_COMPONENT,
            f"household:{household_id}",
            rows[0].village_code,
            max(row.started_on for row in rows),
            household_id,
            None,
            tuple(
                Evidence(
                    AGENCY, "pkhComponent", str(row.id), f"no member qualifies for {row.component}"
                )
                for row in rows
            ),
        )
        for household_id, rows in unjustified.items()
    ]


async def paid_while_inactive(ask: Ask, scope: RegionScope) -> list[Finding]:
    return [
        Finding(
            AnomalyType.PAID_WHILE_INACTIVE,
            f"household:{row.household_id}",
            row.village_code,
            row.last_paid_on,
            row.household_id,
            None,
            (
                Evidence(
                    AGENCY,
                    "disbursement",
                    str(row.disbursement_id),
                    f"{row.payments} payments to a household in status {row.status}",
                ),
            ),
        )
        for row in await ask(registry.PAID_WHILE_INACTIVE, scope)
    ]


async def paid_after_recorded_death(ask: Ask, scope: RegionScope) -> list[Finding]:
    return [
        deceased_paid(
            PaidAfterDeath(
                row.id,
                row.nik,
                row.household_id,
                row.village_code,
                row.disbursement_id,
                row.last_paid_on,
                row.payments,
            ),
            Evidence(
                AGENCY,
                "person",
                str(row.id),
                f"{{nik}} recorded deceased on {row.deceased_on:%Y-%m-%d}",
                row.nik,
            ),
        )
        for row in await ask(registry.PAID_AFTER_RECORDED_DEATH, scope)
    ]


@dataclass(frozen=True, slots=True)
class PaidAfterDeath:
    """A person found dead and the latest payment to their household after it."""

    person_id: int
    nik: str
    household_id: int
    village_code: str
    disbursement_id: int
    last_paid_on: date
    payments: int


def deceased_paid(paid: PaidAfterDeath, cause: Evidence) -> Finding:
    latest = Evidence(
        AGENCY,
        "disbursement",
        str(paid.disbursement_id),
        f"latest of {paid.payments} payments after the death",
    )
    return Finding(
        AnomalyType.DECEASED_STILL_PAID,
        f"person:{paid.person_id}",
        paid.village_code,
        paid.last_paid_on,
        paid.household_id,
        paid.nik,
        (cause, latest),
    )


FINDERS: Sequence[tuple[AnomalyType, Any]] = (
    (AnomalyType.DUPLICATE_NIK, duplicate_niks),
    (AnomalyType.INVALID_NIK, invalid_niks),
    (AnomalyType.ABOVE_DECILE_CEILING, above_ceiling),
    (AnomalyType.UNJUSTIFIED_PKH_COMPONENT, unjustified_components),
    (AnomalyType.PAID_WHILE_INACTIVE, paid_while_inactive),
    (AnomalyType.DECEASED_STILL_PAID, paid_after_recorded_death),
)
