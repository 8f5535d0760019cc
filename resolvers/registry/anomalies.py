"""The registry's part of the oversight checks: candidate rows, each set in one statement."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, and_, exists, func, or_, select, tuple_

from auth.regions import RegionScope, under
from resolvers.agency_reads import read_of
from resolvers.registry import AGENCY
from resolvers.registry.enums import (
    DisbursementStatus,
    EnrolmentStatus,
    HouseholdStatus,
    PersonStatus,
    Programme,
)
from resolvers.registry.programmes import PKH_CEILING, SEMBAKO_CEILING
from resolvers.registry.tables import (
    disbursements,
    enrolments,
    households,
    persons,
    pkh_components,
)
from resolvers.remote_records import DATE, INTEGER, TEXT, optional
from resolvers.source import Reader

Rows = Sequence[Row[Any]]

_HIDUP = PersonStatus.HIDUP.value
_AKTIF = HouseholdStatus.AKTIF.value
_PAID = DisbursementStatus.TERSALUR.value
_INACTIVE = (HouseholdStatus.SUSPEND.value, HouseholdStatus.EXCLUDE.value)
_NIK_BATCH = 2000


async def duplicate_niks(reader: Reader, scope: RegionScope) -> Rows:
    """Living members of active households whose NIK a living member elsewhere also holds.
    Holders in other regions count, but only the caller's own rows come back."""
    living = and_(persons.c.status == _HIDUP, households.c.status == _AKTIF)
    shared = (
        select(persons.c.nik, func.count(persons.c.household_id.distinct()).label("holders"))
        .join(households, households.c.id == persons.c.household_id)
        .where(living)
        .group_by(persons.c.nik)
        .having(func.count(persons.c.household_id.distinct()) > 1)
        .subquery()
    )
    query = (
        select(
            persons.c.id,
            persons.c.nik,
            persons.c.household_id,
            households.c.village_code,
            shared.c.holders,
        )
        .join(households, households.c.id == persons.c.household_id)
        .join(shared, shared.c.nik == persons.c.nik)
        .where(living, scope.clause(households.c.village_code))
    )
    return await reader.rows(query)


async def odd_niks(reader: Reader, scope: RegionScope) -> Rows:
    """Persons whose NIK fails a shape check; the caller applies the full NIK rule."""
    nik = persons.c.nik
    day = func.substr(nik, 7, 2)
    month = func.substr(nik, 9, 2)
    query = (
        select(persons.c.id, nik, persons.c.household_id, households.c.village_code)
        .join(households, households.c.id == persons.c.household_id)
        .where(
            scope.clause(households.c.village_code),
            or_(
                func.length(nik) != 16,
                func.substr(nik, 13, 4) == "0000",
                func.substr(nik, 5, 2) == "00",
                day.in_(("00", "40")),
                day > "71",
                month == "00",
                month > "12",
            ),
        )
    )
    return await reader.rows(query)


async def above_ceiling(reader: Reader, scope: RegionScope) -> Rows:
    """Active PKH or Sembako enrolments of households above the programme's decile ceiling."""
    over = or_(
        and_(enrolments.c.programme == Programme.PKH.value, households.c.decile > PKH_CEILING),
        and_(
            enrolments.c.programme == Programme.SEMBAKO.value,
            households.c.decile > SEMBAKO_CEILING,
        ),
    )
    query = (
        select(
            enrolments.c.id,
            enrolments.c.household_id,
            enrolments.c.programme,
            enrolments.c.started_on,
            households.c.village_code,
            households.c.decile,
        )
        .join(households, households.c.id == enrolments.c.household_id)
        .where(
            enrolments.c.status == EnrolmentStatus.AKTIF.value,
            over,
            scope.clause(households.c.village_code),
        )
    )
    return await reader.rows(query)


def _active_pkh(scope: RegionScope) -> Any:
    return and_(
        enrolments.c.programme == Programme.PKH.value,
        enrolments.c.status == EnrolmentStatus.AKTIF.value,
        scope.clause(households.c.village_code),
    )


async def pkh_components_of(reader: Reader, scope: RegionScope) -> Rows:
    """The components of active PKH enrolments."""
    query = (
        select(
            pkh_components.c.id,
            pkh_components.c.component,
            enrolments.c.household_id,
            enrolments.c.started_on,
            households.c.village_code,
        )
        .join(enrolments, enrolments.c.id == pkh_components.c.enrolment_id)
        .join(households, households.c.id == enrolments.c.household_id)
        .where(_active_pkh(scope))
    )
    return await reader.rows(query)


async def pkh_members(reader: Reader, scope: RegionScope) -> Rows:
    """Every member of the households with an active PKH enrolment, in one statement."""
    enrolled = (
        select(enrolments.c.household_id)
        .join(households, households.c.id == enrolments.c.household_id)
        .where(_active_pkh(scope))
    )
    query = (
        select(persons, households.c.village_code)
        .join(households, households.c.id == persons.c.household_id)
        .where(persons.c.household_id.in_(enrolled))
    )
    return await reader.rows(query)


async def paid_while_inactive(reader: Reader, scope: RegionScope) -> Rows:
    """Suspended or excluded households with paid disbursements, one row per household."""
    query = (
        select(
            households.c.id.label("household_id"),
            households.c.village_code,
            households.c.status,
            func.count().label("payments"),
            func.max(disbursements.c.disbursed_on).label("last_paid_on"),
            func.max(disbursements.c.id).label("disbursement_id"),
        )
        .join(disbursements, disbursements.c.household_id == households.c.id)
        .where(
            households.c.status.in_(_INACTIVE),
            disbursements.c.status == _PAID,
            scope.clause(households.c.village_code),
        )
        .group_by(households.c.id, households.c.village_code, households.c.status)
    )
    return await reader.rows(query)


def _paid_after(on: Any) -> Any:
    return and_(
        disbursements.c.household_id == persons.c.household_id,
        disbursements.c.status == _PAID,
        disbursements.c.disbursed_on > on,
    )


async def paid_after_recorded_death(reader: Reader, scope: RegionScope) -> Rows:
    """Persons the registry lists as deceased whose household, with nobody left alive in it,
    was still paid after the death."""
    survivor = persons.alias("survivor")
    nobody_alive = ~exists().where(
        survivor.c.household_id == persons.c.household_id, survivor.c.status == _HIDUP
    )
    query = (
        select(
            persons.c.id,
            persons.c.nik,
            persons.c.household_id,
            persons.c.deceased_on,
            households.c.village_code,
            func.count().label("payments"),
            func.max(disbursements.c.disbursed_on).label("last_paid_on"),
            func.max(disbursements.c.id).label("disbursement_id"),
        )
        .join(households, households.c.id == persons.c.household_id)
        .join(disbursements, _paid_after(persons.c.deceased_on))
        .where(
            persons.c.status == PersonStatus.MENINGGAL.value,
            persons.c.deceased_on.is_not(None),
            nobody_alive,
            scope.clause(households.c.village_code),
        )
        .group_by(
            persons.c.id,
            persons.c.nik,
            persons.c.household_id,
            persons.c.deceased_on,
            households.c.village_code,
        )
    )
    return await reader.rows(query)


async def still_alive_and_paid(
    reader: Reader, scope: RegionScope, reported: Sequence[tuple[str, int, date]]
) -> list[Row[Any]]:
    """Of ``(nik, household id, reported dead on)``, the persons the registry still lists
    as alive in that household, with the payments made to it after that day."""
    found: list[Row[Any]] = []
    for start in range(0, len(reported), _NIK_BATCH):
        batch = reported[start : start + _NIK_BATCH]
        keys = [(nik, household_id) for nik, household_id, _ in batch]
        since = min(on for _, _, on in batch)
        query = (
            select(
                persons.c.id,
                persons.c.nik,
                persons.c.household_id,
                households.c.village_code,
                disbursements.c.id.label("disbursement_id"),
                disbursements.c.disbursed_on,
            )
            .join(households, households.c.id == persons.c.household_id)
            .join(disbursements, _paid_after(since))
            .where(
                tuple_(persons.c.nik, persons.c.household_id).in_(keys),
                persons.c.status == _HIDUP,
                scope.clause(households.c.village_code),
            )
        )
        found.extend(await reader.rows(query))
    return found


async def poor_households_under(
    reader: Reader, scope: RegionScope, region_codes: Iterable[str]
) -> Rows:
    """Active households of deciles 1-4 in any of ``region_codes`` that the caller sees."""
    codes = sorted(set(region_codes))
    if not codes:
        return []
    query = select(households.c.id, households.c.village_code, households.c.decile).where(
        households.c.decile <= PKH_CEILING,
        households.c.status == _AKTIF,
        or_(*(under(households.c.village_code, code) for code in codes)),
        scope.clause(households.c.village_code),
    )
    return await reader.rows(query)


_PERSON = {
    "id": INTEGER,
    "nik": TEXT,
    "household_id": INTEGER,
    "name": TEXT,
    "sex": TEXT,
    "birth_place": TEXT,
    "birth_date": DATE,
    "relationship": TEXT,
    "disability": optional(TEXT),
    "status": TEXT,
    "deceased_on": optional(DATE),
    "village_code": TEXT,
}
_PAYMENTS = {"payments": INTEGER, "last_paid_on": DATE, "disbursement_id": INTEGER}


def _reported(arguments: dict[str, Any]) -> dict[str, Any]:
    """``still_alive_and_paid``'s arguments back from JSON: each ``[nik, household, day]``."""
    reported = [
        (str(nik), int(household), date.fromisoformat(on))
        for nik, household, on in arguments["reported"]
    ]
    return {"reported": reported}


READS = (
    read_of(
        AGENCY,
        duplicate_niks,
        {
            "id": INTEGER,
            "nik": TEXT,
            "household_id": INTEGER,
            "village_code": TEXT,
            "holders": INTEGER,
        },
    ),
    read_of(
        AGENCY,
        odd_niks,
        {"id": INTEGER, "nik": TEXT, "household_id": INTEGER, "village_code": TEXT},
    ),
    read_of(
        AGENCY,
        above_ceiling,
        {
            "id": INTEGER,
            "household_id": INTEGER,
            "programme": TEXT,
            "started_on": DATE,
            "village_code": TEXT,
            "decile": INTEGER,
        },
    ),
    read_of(
        AGENCY,
        pkh_components_of,
        {
            "id": INTEGER,
            "component": TEXT,
            "household_id": INTEGER,
            "started_on": DATE,
            "village_code": TEXT,
        },
    ),
    read_of(AGENCY, pkh_members, _PERSON),
    read_of(
        AGENCY,
        paid_while_inactive,
        {"household_id": INTEGER, "village_code": TEXT, "status": TEXT, **_PAYMENTS},
    ),
    read_of(
        AGENCY,
        paid_after_recorded_death,
        {
            "id": INTEGER,
            "nik": TEXT,
            "household_id": INTEGER,
            "deceased_on": DATE,
            "village_code": TEXT,
            **_PAYMENTS,
        },
    ),
    read_of(
        AGENCY,
        still_alive_and_paid,
        {
            "id": INTEGER,
            "nik": TEXT,
            "household_id": INTEGER,
            "village_code": TEXT,
            "disbursement_id": INTEGER,
            "disbursed_on": DATE,
        },
        decode=_reported,
    ),
    read_of(
        AGENCY,
        poor_households_under,
        {"id": INTEGER, "village_code": TEXT, "decile": INTEGER},
    ),
)
(
    DUPLICATE_NIKS,
    ODD_NIKS,
    ABOVE_CEILING,
    PKH_COMPONENTS_OF,
    PKH_MEMBERS,
    PAID_WHILE_INACTIVE,
    PAID_AFTER_RECORDED_DEATH,
    STILL_ALIVE_AND_PAID,
    POOR_HOUSEHOLDS_UNDER,
) = READS
