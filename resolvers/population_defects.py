"""The deliberate defects of the synthetic population, chosen deterministically.

Person-level defects are returned as changes for the population to apply; household-level
defects are ids the agency seeds act on (the registry pays, enrols or over-grants them,
logistics hands out aid twice).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from resolvers.registry.enums import HouseholdStatus

if TYPE_CHECKING:
    from resolvers.population import SeedHousehold, SeedPerson

_DUPLICATE_NIK_RATE = 0.003
_UNREPORTED_DEATH_RATE = 0.005
_INVALID_NIK_RATE = 0.0005
_OVER_CEILING_RATE = 0.01
_PAID_WHILE_INACTIVE_SHARE = 0.3
_HOUSEHOLDS_PER_UNJUSTIFIED = 500
_HOUSEHOLDS_PER_DOUBLE_AID = 1000
# From this many households on, every kind of defect shows up at least twice.
_ALWAYS_PRESENT_FROM = 200

_FIRST_UNREPORTED_DEATH = date(2025, 7, 1)
# Late enough in the year that the registry goes on paying for months afterwards.
_LAST_UNREPORTED_DEATH = date(2026, 7, 31)
_LAST_REGISTRATION_BEFORE_DEATH = date(2026, 5, 31)
_BORN_BY = 1976  # fifty or older in 2026


@dataclass(frozen=True, slots=True)
class Defects:
    # (a) persons holding a NIK copied from a living member of another household
    duplicate_nik_persons: frozenset[int]
    # (b) persons with a true date of death whom the registry still lists as alive
    unreported_death_persons: frozenset[int]
    # (c) households enrolled in PKH or Sembako although their decile is above the ceiling
    over_ceiling_households: frozenset[int]
    # (d) persons with a placeholder NIK that no valid NIK can be
    invalid_nik_persons: frozenset[int]
    # (e) suspended or excluded households whose payments were never stopped
    paid_while_inactive_households: frozenset[int]
    # (f) households with a PKH component no member justifies
    unjustified_component_households: frozenset[int]
    # (g) households given the same item twice in one disaster event
    double_aid_households: frozenset[int]


@dataclass(frozen=True, slots=True)
class DefectPlan:
    defects: Defects
    # Field changes per person id, for ``dataclasses.replace``.
    person_changes: dict[int, dict[str, Any]]


def plan_defects(
    rng: random.Random, households: Sequence[SeedHousehold], double_aid_regency: str
) -> DefectPlan:
    persons = [(household, person) for household in households for person in household.members]
    floor = 2 if len(households) >= _ALWAYS_PRESENT_FROM else 0
    changes: dict[int, dict[str, Any]] = {}

    deaths = _unreported_deaths(rng, persons, _quota(len(persons), _UNREPORTED_DEATH_RATE, floor))
    for person_id, died_on in deaths.items():
        changes[person_id] = {"died_on": died_on}

    alive = [pair for pair in persons if pair[1].alive and pair[1].id not in deaths]
    copies = _duplicate_niks(rng, alive, _quota(len(persons), _DUPLICATE_NIK_RATE, floor))
    for person_id, nik in copies.items():
        changes[person_id] = {"nik": nik}
    copied = set(copies.values())

    untouched = [
        person for _, person in alive if person.id not in copies and person.nik not in copied
    ]
    placeholders = _invalid_niks(rng, untouched, _quota(len(persons), _INVALID_NIK_RATE, floor))
    for person_id, nik in placeholders.items():
        changes[person_id] = {"nik": nik}

    aktif = HouseholdStatus.AKTIF.value
    defects = Defects(
        duplicate_nik_persons=frozenset(copies),
        unreported_death_persons=frozenset(deaths),
        over_ceiling_households=_pick(
            rng,
            [h for h in households if h.status == aktif and 6 <= h.decile <= 8],
            _quota(len(households), _OVER_CEILING_RATE, floor),
        ),
        invalid_nik_persons=frozenset(placeholders),
        paid_while_inactive_households=_paid_while_inactive(rng, households, floor),
        unjustified_component_households=_pick(
            rng,
            [h for h in households if h.status == aktif and h.decile <= 4],
            max(floor, len(households) // _HOUSEHOLDS_PER_UNJUSTIFIED),
        ),
        double_aid_households=_pick(
            rng,
            [h for h in households if h.regency_code == double_aid_regency],
            max(floor, len(households) // _HOUSEHOLDS_PER_DOUBLE_AID),
        ),
    )
    return DefectPlan(defects, changes)


def _quota(total: int, rate: float, floor: int) -> int:
    return max(floor, round(total * rate))


def _pick(rng: random.Random, households: list[SeedHousehold], count: int) -> frozenset[int]:
    return frozenset(h.id for h in rng.sample(households, min(count, len(households))))


def _unreported_deaths(
    rng: random.Random, persons: list[tuple[SeedHousehold, SeedPerson]], count: int
) -> dict[int, date]:
    """Older members of poor, paid households, so that payments visibly outlive them."""
    candidates = [
        (household, person)
        for household, person in persons
        if person.alive
        and household.status == HouseholdStatus.AKTIF.value
        and household.decile <= 5
        and household.registered_on <= _LAST_REGISTRATION_BEFORE_DEATH
        and person.birth_date.year <= _BORN_BY
    ]
    deaths = {}
    for household, person in rng.sample(candidates, min(count, len(candidates))):
        first = max(_FIRST_UNREPORTED_DEATH, household.registered_on + timedelta(days=30))
        deaths[person.id] = first + timedelta(
            days=rng.randint(0, (_LAST_UNREPORTED_DEATH - first).days)
        )
    return deaths


def _duplicate_niks(
    rng: random.Random, alive: list[tuple[SeedHousehold, SeedPerson]], count: int
) -> dict[int, str]:
    """Copy a NIK from one living person onto a living person of another household."""
    drawn = rng.sample(alive, min(2 * count, len(alive) - len(alive) % 2))
    half = len(drawn) // 2
    copies = {}
    for (source_home, source), (target_home, target) in zip(
        drawn[:half], drawn[half:], strict=True
    ):
        if source_home.id != target_home.id:
            copies[target.id] = source.nik
    return copies


def _invalid_niks(rng: random.Random, persons: list[SeedPerson], count: int) -> dict[int, str]:
    """Serial 0000, or the regency followed by zeros: the placeholders clerks type in."""
    placeholders = {}
    for index, person in enumerate(rng.sample(persons, min(count, len(persons)))):
        placeholders[person.id] = (
            person.nik[:12] + "0000" if index % 2 == 0 else person.nik[:4] + "0" * 12
        )
    return placeholders


def _paid_while_inactive(
    rng: random.Random, households: Sequence[SeedHousehold], floor: int
) -> frozenset[int]:
    inactive = [h for h in households if h.status != HouseholdStatus.AKTIF.value and h.decile <= 4]
    return _pick(rng, inactive, max(floor, round(len(inactive) * _PAID_WHILE_INACTIVE_SHARE)))
