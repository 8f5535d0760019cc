"""A synthetic, deterministic population shared by every agency's demo seed.

Built from ``(households, seed)`` alone: the same pair always gives the same people, and the
seed never reads today's date. The data carries deliberate defects (duplicate NIKs, deaths
the registry never heard of, ...) so the hub has something to find; ``Population.defects``
lists them by id.
"""

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from resolvers.population_defects import Defects, plan_defects
from resolvers.population_members import MemberDraft, draw_members
from resolvers.population_names import STREETS, compose_name, stock_for
from resolvers.population_regions import SeededVillage, place_name, region_name, seeded_villages
from resolvers.registry.enums import Disability, HouseholdStatus, PersonStatus, Relationship
from resolvers.wilayah import gazetteer

__all__ = [
    "DOUBLE_AID_REGENCY",
    "LAST_DAY",
    "REFERENCE_DATE",
    "Defects",
    "Population",
    "SeedHousehold",
    "SeedPerson",
    "age_on",
    "build_population",
    "person_name",
    "place_name",
    "random_date",
    "region_name",
    "street_address",
]

REFERENCE_DATE = date(2026, 11, 1)
# Everything seeded has happened by this day; later events are only scheduled.
LAST_DAY = REFERENCE_DATE - timedelta(days=1)
# The logistics seed always runs a regency-wide disaster event here, so the households given
# aid twice (defect g) are picked from this regency.
DOUBLE_AID_REGENCY = "35.78"

_DECILE_WEIGHTS = (16, 15, 14, 12, 10, 9, 8, 7, 5, 4)
_STATUSES = (HouseholdStatus.AKTIF, HouseholdStatus.SUSPEND, HouseholdStatus.EXCLUDE)
_STATUS_WEIGHTS = (95, 3, 2)
_FIRST_REGISTRATION = date(2015, 1, 1)
_LAST_REGISTRATION = date(2026, 9, 30)
_DISABILITIES = tuple(Disability)
_DISABILITY_WEIGHTS = (40, 15, 12, 25, 8)
_DISABILITY_RATE = 0.03
_FIRST_RECORDED_DEATH = date(2024, 1, 1)
_LAST_RECORDED_DEATH = date(2026, 9, 30)
_BORN_ELSEWHERE = 0.25
_MARRIED_IN = {Relationship.ISTRI, Relationship.SUAMI, Relationship.MENANTU, Relationship.MERTUA}


@dataclass(frozen=True, slots=True)
class SeedPerson:
    id: int
    nik: str
    name: str
    sex: str
    birth_place: str
    birth_date: date
    relationship: str
    disability: str | None
    status: str
    deceased_on: date | None
    # The true date of death, set even where the registry still says "hidup" (defect b).
    died_on: date | None

    @property
    def age(self) -> int:
        """Age on the reference date."""
        return age_on(self.birth_date, REFERENCE_DATE)

    @property
    def alive(self) -> bool:
        """Alive, and still living in the household, in truth and on record."""
        return self.status == PersonStatus.HIDUP.value and self.died_on is None


@dataclass(frozen=True, slots=True)
class SeedHousehold:
    id: int
    no_kk: str
    address: str
    village_code: str
    decile: int
    status: str
    registered_on: date
    members: tuple[SeedPerson, ...]

    @property
    def district_code(self) -> str:
        return self.village_code[:8]

    @property
    def regency_code(self) -> str:
        return self.village_code[:5]

    @property
    def province_code(self) -> str:
        return self.village_code[:2]


@dataclass(frozen=True, slots=True)
class Population:
    households: tuple[SeedHousehold, ...]
    reference_date: date
    defects: Defects

    def persons(self) -> Iterator[tuple[SeedHousehold, SeedPerson]]:
        for household in self.households:
            for person in household.members:
                yield household, person


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def person_name(rng: random.Random, province_code: str, sex: str) -> str:
    """A name that fits the province, for people outside the population (officers, ...)."""
    return compose_name(rng, stock_for(province_code), sex == "P", None)


def random_date(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last``, both included."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def street_address(rng: random.Random) -> str:
    return f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 250)}"


def build_population(households: int, seed: int) -> Population:
    rng = random.Random(seed)
    villages = seeded_villages(rng)
    homes = rng.choices(villages, weights=[village.weight for village in villages], k=households)
    builder = _Builder(rng)
    built = [
        builder.household(household_id, village) for household_id, village in enumerate(homes, 1)
    ]
    plan = plan_defects(rng, built, DOUBLE_AID_REGENCY)
    return Population(
        households=tuple(_amend(built, plan.person_changes)),
        reference_date=REFERENCE_DATE,
        defects=plan.defects,
    )


def _amend(
    households: list[SeedHousehold], changes: dict[int, dict[str, Any]]
) -> Iterator[SeedHousehold]:
    for household in households:
        if any(person.id in changes for person in household.members):
            members = tuple(
                replace(person, **changes.get(person.id, {})) for person in household.members
            )
            household = replace(household, members=members)
        yield household


def _date_digits(day: date, offset: int = 0) -> str:
    return f"{day.day + offset:02d}{day.month:02d}{day.year % 100:02d}"


class _Builder:
    """Draws households one after another, keeping the NIK and No. KK serials unique."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next_person = 1
        self._nik_serials: Counter[tuple[str, date]] = Counter()
        self._kk_serials: Counter[tuple[str, date]] = Counter()

    def household(self, household_id: int, village: SeededVillage) -> SeedHousehold:
        rng = self._rng
        district = village.district_code.replace(".", "")
        registered_on = random_date(rng, _FIRST_REGISTRATION, _LAST_REGISTRATION)
        self._kk_serials[district, registered_on] += 1
        serial = self._kk_serials[district, registered_on]
        return SeedHousehold(
            id=household_id,
            no_kk=f"{district}{_date_digits(registered_on)}{serial:04d}",
            address=self._address(village),
            village_code=village.code,
            decile=rng.choices(range(1, 11), _DECILE_WEIGHTS)[0],
            status=rng.choices(_STATUSES, _STATUS_WEIGHTS)[0].value,
            registered_on=registered_on,
            members=self._members(village, district),
        )

    def _address(self, village: SeededVillage) -> str:
        rng = self._rng
        neighbourhood = f"RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 9):03d}"
        if village.kind == "kelurahan":
            return f"{street_address(rng)} {neighbourhood}, Kelurahan {village.name}"
        hamlet = rng.choice(("I", "II", "III", "IV", "V"))
        return f"Dusun {hamlet} {neighbourhood}, Desa {village.name}"

    def _members(self, village: SeededVillage, district: str) -> tuple[SeedPerson, ...]:
        rng = self._rng
        stock = stock_for(village.province_code)
        family = rng.choice(stock.family) if stock.family else None
        home = place_name(village.regency_name)
        members = []
        for draft in draw_members(rng):
            married_in = draft.relationship in _MARRIED_IN
            name = compose_name(rng, stock, draft.female, None if married_in else family)
            members.append(self._person(draft, name, self._birth_place(village, home), district))
        return tuple(members)

    def _birth_place(self, village: SeededVillage, home: str) -> str:
        if self._rng.random() >= _BORN_ELSEWHERE:
            return home
        return place_name(self._rng.choice(gazetteer().children(village.province_code)).name)

    def _person(self, draft: MemberDraft, name: str, birth_place: str, district: str) -> SeedPerson:
        rng = self._rng
        birth_date = REFERENCE_DATE - timedelta(days=int(draft.age * 365.25) + rng.randint(1, 364))
        self._nik_serials[district, birth_date] += 1
        serial = self._nik_serials[district, birth_date]
        status, died_on = self._life(draft, birth_date)
        person = SeedPerson(
            id=self._next_person,
            nik=f"{district}{_date_digits(birth_date, 40 if draft.female else 0)}{serial:04d}",
            name=name,
            sex="P" if draft.female else "L",
            birth_place=birth_place,
            birth_date=birth_date,
            relationship=draft.relationship.value,
            disability=self._disability(),
            status=status.value,
            deceased_on=died_on,
            died_on=died_on,
        )
        self._next_person += 1
        return person

    def _disability(self) -> str | None:
        if self._rng.random() >= _DISABILITY_RATE:
            return None
        return self._rng.choices(_DISABILITIES, _DISABILITY_WEIGHTS)[0].value

    def _life(self, draft: MemberDraft, birth_date: date) -> tuple[PersonStatus, date | None]:
        """Deaths and moves the registry has recorded properly."""
        rng = self._rng
        if rng.random() < (0.03 if draft.age >= 60 else 0.0012):
            first = max(_FIRST_RECORDED_DEATH, birth_date)
            # A baby born after the last recorded death cannot have died on record.
            if first <= _LAST_RECORDED_DEATH:
                return PersonStatus.MENINGGAL, random_date(rng, first, _LAST_RECORDED_DEATH)
        grown_child = draft.relationship is Relationship.ANAK and 18 <= draft.age <= 40
        if grown_child and rng.random() < 0.06:
            return PersonStatus.PINDAH, None
        return PersonStatus.HIDUP, None
