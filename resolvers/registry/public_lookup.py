"""Cek Bansos: anyone may ask whether a person of a given name in a district or village
receives social assistance.

The answer is masked here, before it leaves the registry package: a masked name, the
village, and per programme the enrolment and its latest disbursement. Never an id, NIK,
No. KK, address or birth date. Two statements per lookup, whatever the number of matches.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, and_, func, select

from auth.masking import mask_name
from auth.regions import RegionScope
from resolvers.agency_reads import EVERYWHERE, Ask, read_of
from resolvers.registry import AGENCY
from resolvers.registry.enums import (
    DisbursementStatus,
    EnrolmentStatus,
    PersonStatus,
    Programme,
)
from resolvers.registry.tables import disbursements, enrolments, households, persons
from resolvers.remote_records import INTEGER, TEXT, Record, one_of, optional
from resolvers.source import Reader

MAX_MATCHES = 10


@dataclass(frozen=True, slots=True)
class Standing:
    """A household's place in one programme."""

    programme: Programme
    enrolment: EnrolmentStatus
    latest_period: str | None
    latest_disbursement: DisbursementStatus | None


@dataclass(frozen=True, slots=True)
class Match:
    masked_name: str
    village_code: str
    standings: tuple[Standing, ...]


@dataclass(frozen=True, slots=True)
class Lookup:
    matches: tuple[Match, ...]
    capped: bool


async def matching_people(reader: Reader, scope: RegionScope, name: str) -> Sequence[Row[Any]]:
    """Living persons in ``scope`` whose name holds ``name`` as whole words, case ignored,
    in id order; one more than ``MAX_MATCHES``, to tell whether there are more."""
    words = " ".join(name.split()).lower()
    # Padding both sides with a space turns a containment test into a whole-word match.
    padded = func.lower(" " + persons.c.name + " ")
    query = (
        select(persons.c.name, persons.c.household_id, households.c.village_code)
        .join(households, households.c.id == persons.c.household_id)
        .where(
            scope.clause(households.c.village_code),
            persons.c.status == PersonStatus.HIDUP.value,
            padded.contains(f" {words} ", autoescape=True),
        )
        .order_by(persons.c.id)
        .limit(MAX_MATCHES + 1)
    )
    return await reader.rows(query)


async def standings_of(
    reader: Reader, scope: RegionScope, household_ids: Sequence[int]
) -> Sequence[Row[Any]]:
    """Each current enrolment of the households, with its latest disbursement."""
    ranked = (
        select(
            disbursements.c.enrolment_id,
            disbursements.c.period,
            disbursements.c.status,
            func.row_number()
            .over(
                partition_by=disbursements.c.enrolment_id,
                order_by=(disbursements.c.period.desc(), disbursements.c.id.desc()),
            )
            .label("rank"),
        )
        .where(disbursements.c.household_id.in_(household_ids))
        .subquery()
    )
    latest = and_(ranked.c.enrolment_id == enrolments.c.id, ranked.c.rank == 1)
    query = (
        select(
            enrolments.c.household_id,
            enrolments.c.programme,
            enrolments.c.status,
            ranked.c.period,
            ranked.c.status.label("paid"),
        )
        .select_from(enrolments.outerjoin(ranked, latest))
        .where(
            enrolments.c.household_id.in_(household_ids),
            enrolments.c.status != EnrolmentStatus.BERAKHIR.value,
        )
        .order_by(enrolments.c.household_id, enrolments.c.programme, enrolments.c.id)
    )
    return await reader.rows(query)


# The public has no regions: the hub gives the area asked about as the scope.
PEOPLE = read_of(
    AGENCY,
    matching_people,
    {"name": TEXT, "household_id": INTEGER, "village_code": TEXT},
    confined=False,
    needs=None,
)
STANDINGS = read_of(
    AGENCY,
    standings_of,
    {
        "household_id": INTEGER,
        "programme": one_of(Programme),
        "status": one_of(EnrolmentStatus),
        "period": optional(TEXT),
        "paid": optional(one_of(DisbursementStatus)),
    },
    region=None,
    confined=False,
    needs=None,
)


async def look_up(ask: Ask, area_code: str, name: str) -> Lookup:
    """Living persons under ``area_code`` whose name holds ``name`` as whole words, case
    ignored, at most ``MAX_MATCHES``. ``name`` is taken literally: wildcards match nothing.
    Two reads, whatever the number of matches."""
    found = await ask(PEOPLE, RegionScope.of([area_code]), name=name)
    people = found[:MAX_MATCHES]
    household_ids = sorted({row.household_id for row in people})
    standings: dict[int, list[Standing]] = defaultdict(list)
    if household_ids:
        for row in await ask(STANDINGS, EVERYWHERE, household_ids=household_ids):
            standings[row.household_id].append(_standing(row))
    matches = tuple(
        Match(
            masked_name=mask_name(row.name),
            village_code=row.village_code,
            standings=tuple(standings.get(row.household_id, ())),
        )
        for row in people
    )
    return Lookup(matches, capped=len(found) > MAX_MATCHES)


def _standing(row: Record) -> Standing:
    return Standing(
        programme=Programme(row.programme),
        enrolment=EnrolmentStatus(row.status),
        latest_period=row.period,
        latest_disbursement=None if row.paid is None else DisbursementStatus(row.paid),
    )
