"""Residents placed in LKS: people from the population who fit the institution's services."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from resolvers.bulk_insert import Row
from resolvers.institutions.enums import Service
from resolvers.population import LAST_DAY, Population, SeedPerson, random_date

RESIDENTIAL = (
    Service.PENGASUHAN_ANAK,
    Service.LANJUT_USIA,
    Service.DISABILITAS,
    Service.REHABILITASI_NAPZA,
    Service.KORBAN_TPPO,
)
RESIDENTS = (3, 15)

_FROM_ELSEWHERE = 0.1
_DISCHARGED = 0.25
_FIRST_ADMISSION = date(2015, 1, 1)


_FITS: dict[Service, Callable[[SeedPerson], bool]] = {
    Service.PENGASUHAN_ANAK: lambda person: person.age < 18,
    Service.LANJUT_USIA: lambda person: person.age >= 60,
    Service.DISABILITAS: lambda person: person.disability is not None,
    Service.REHABILITASI_NAPZA: lambda person: 15 <= person.age <= 45,
    Service.KORBAN_TPPO: lambda person: person.sex == "P" and 14 <= person.age <= 35,
}
_REASONS = {
    Service.PENGASUHAN_ANAK: (
        "anak yatim piatu",
        "anak dari keluarga tidak mampu",
        "anak terlantar",
    ),
    Service.LANJUT_USIA: ("lanjut usia terlantar", "lanjut usia tanpa keluarga pengasuh"),
    Service.DISABILITAS: ("membutuhkan perawatan harian", "rujukan puskesmas", "terlantar"),
    Service.REHABILITASI_NAPZA: ("wajib lapor pecandu", "rujukan keluarga", "putusan pengadilan"),
    Service.KORBAN_TPPO: (
        "korban perdagangan orang, rujukan kepolisian",
        "pekerja migran dipulangkan",
    ),
}


@dataclass(frozen=True, slots=True)
class Residence:
    """Where an LKS is and what it takes in, as the placements need it."""

    institution_id: int
    regency_code: str
    services: tuple[Service, ...]
    capacity: int
    registered_on: date


class _Candidates:
    """People not yet placed, by regency and by the service they fit."""

    def __init__(self, population: Population) -> None:
        self._people: dict[str, list[SeedPerson]] = {}
        for household, person in population.persons():
            if person.alive:
                self._people.setdefault(household.regency_code, []).append(person)
        self._pools: dict[tuple[str, Service], list[SeedPerson]] = {}
        self._placed: set[int] = set()

    def regencies(self) -> list[str]:
        return sorted(self._people)

    def take(self, rng: random.Random, regency: str, service: Service) -> SeedPerson | None:
        key = (regency, service)
        if key not in self._pools:
            self._pools[key] = [p for p in self._people.get(regency, []) if _FITS[service](p)]
        pool = self._pools[key]
        while pool:
            person = pool.pop(rng.randrange(len(pool)))
            if person.id not in self._placed:
                self._placed.add(person.id)
                return person
        return None


def placements(rng: random.Random, population: Population, homes: list[Residence]) -> list[Row]:
    candidates = _Candidates(population)
    rows: list[Row] = []
    for home in homes:
        services = [service for service in home.services if service in RESIDENTIAL]
        if not services:
            continue
        neighbours = [
            code
            for code in candidates.regencies()
            if code[:2] == home.regency_code[:2] and code != home.regency_code
        ]
        for _ in range(min(home.capacity, rng.randint(*RESIDENTS))):
            service = rng.choice(services)
            elsewhere = bool(neighbours) and rng.random() < _FROM_ELSEWHERE
            regency = rng.choice(neighbours) if elsewhere else home.regency_code
            person = candidates.take(rng, regency, service)
            if person is not None:
                rows.append(_placement(rng, len(rows) + 1, home, service, person))
    return rows


def _placement(
    rng: random.Random, placement_id: int, home: Residence, service: Service, person: SeedPerson
) -> Row:
    first = max(_FIRST_ADMISSION, home.registered_on, person.birth_date)
    admitted_on = random_date(rng, first, LAST_DAY)
    discharged = rng.random() < _DISCHARGED
    return {
        "id": placement_id,
        "institution_id": home.institution_id,
        "resident_nik": person.nik,
        "admitted_on": admitted_on,
        "discharged_on": random_date(rng, admitted_on, LAST_DAY) if discharged else None,
        "reason": rng.choice(_REASONS[service]),
    }
