"""Demo data for registered welfare institutions: LKS, Karang Taruna, PSKS."""

import random
from collections import Counter
from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.bulk_insert import Row, insert_rows
from resolvers.institutions.enums import Accreditation, InstitutionKind, Service
from resolvers.institutions.residents import RESIDENTIAL, Residence, placements
from resolvers.institutions.tables import institution_services, institutions
from resolvers.institutions.tables import placements as placements_table
from resolvers.population import (
    Population,
    place_name,
    random_date,
    region_name,
    street_address,
)

HOUSEHOLDS_PER_INSTITUTION = 250
MAX_SERVICES = 4

_KINDS = tuple(InstitutionKind)
_KIND_WEIGHTS = (70, 20, 10)
_PREFIXES = {
    InstitutionKind.LKS: "LKS",
    InstitutionKind.KARANG_TARUNA: "KT",
    InstitutionKind.PSKS: "PSKS",
}
_LKS_SERVICES = (*RESIDENTIAL, Service.PENDAMPINGAN_SOSIAL)
_LKS_SERVICE_WEIGHTS = (30, 25, 20, 10, 5, 10)
_LKS_EXTRAS = (0, 1, 2, 3)
_LKS_EXTRA_WEIGHTS = (50, 30, 15, 5)
_EXTRA_SERVICES = {
    InstitutionKind.KARANG_TARUNA: (Service.TANGGAP_BENCANA, Service.PENDAMPINGAN_SOSIAL),
    InstitutionKind.PSKS: (Service.TANGGAP_BENCANA, Service.PEMBERDAYAAN_PEMUDA),
}
_MAIN_SERVICES = {
    InstitutionKind.KARANG_TARUNA: Service.PEMBERDAYAAN_PEMUDA,
    InstitutionKind.PSKS: Service.PENDAMPINGAN_SOSIAL,
}
_ACCREDITATIONS = tuple(Accreditation)
_ACCREDITATION_WEIGHTS = (15, 30, 25, 30)
_LKS_TITLES = {
    Service.PENGASUHAN_ANAK: "LKSA",
    Service.LANJUT_USIA: "LKS Lanjut Usia",
    Service.DISABILITAS: "LKS Penyandang Disabilitas",
    Service.REHABILITASI_NAPZA: "IPWL",
    Service.KORBAN_TPPO: "Rumah Aman",
    Service.PENDAMPINGAN_SOSIAL: "Yayasan",
}
_LKS_NAMES = (
    "Al-Hikmah",
    "Kasih Bunda",
    "Bina Insani",
    "Harapan Bangsa",
    "Nurul Iman",
    "Budi Mulia",
    "Mekar Sari",
    "Darul Aitam",
    "Tresna Asih",
    "Pelita Hati",
    "Cahaya Kasih",
    "Bakti Luhur",
    "Insan Mandiri",
    "Kasih Sayang Ibu",
)
_FIRST_REGISTRATION = date(2005, 1, 1)
_LAST_REGISTRATION = date(2025, 12, 31)


async def seed(conn: AsyncConnection, population: Population, rng: random.Random) -> None:
    villages: dict[str, list[str]] = {}
    for code in sorted({household.village_code for household in population.households}):
        villages.setdefault(code[:5], []).append(code)
    builder = _Institutions(rng)
    for _ in range(max(3, len(population.households) // HOUSEHOLDS_PER_INSTITUTION)):
        regency = rng.choice(sorted(villages))
        builder.add(rng.choice(villages[regency]))
    await insert_rows(conn, institutions, builder.rows)
    await insert_rows(conn, institution_services, builder.services)
    await insert_rows(conn, placements_table, placements(rng, population, builder.residences))


class _Institutions:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._serials: Counter[str] = Counter()
        self._youth_villages: set[str] = set()
        self.rows: list[Row] = []
        self.services: list[Row] = []
        self.residences: list[Residence] = []

    def add(self, village_code: str) -> None:
        rng = self._rng
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        # One Karang Taruna per village.
        if kind is InstitutionKind.KARANG_TARUNA and village_code in self._youth_villages:
            kind = InstitutionKind.LKS
        if kind is InstitutionKind.KARANG_TARUNA:
            self._youth_villages.add(village_code)
        services = self._services(kind)
        institution_id = len(self.rows) + 1
        registered_on = random_date(rng, _FIRST_REGISTRATION, _LAST_REGISTRATION)
        regency = village_code[:5]
        self._serials[regency] += 1
        lks = kind is InstitutionKind.LKS
        capacity = rng.randint(20, 120) if lks else rng.randint(20, 150)
        self.rows.append(
            {
                "id": institution_id,
                "registration_number": (
                    f"{_PREFIXES[kind]}-{regency.replace('.', '')}-{registered_on.year}"
                    f"-{self._serials[regency]:04d}"
                ),
                "name": self._name(kind, services[0], village_code),
                "kind": kind.value,
                "accreditation": (
                    rng.choices(_ACCREDITATIONS, _ACCREDITATION_WEIGHTS)[0]
                    if lks
                    else Accreditation.BELUM
                ).value,
                "village_code": village_code,
                "address": f"{street_address(rng)}, {region_name(village_code)}",
                "capacity": capacity,
                "registered_on": registered_on,
            }
        )
        self.services.extend(
            {"institution_id": institution_id, "service": service.value} for service in services
        )
        if lks:
            self.residences.append(
                Residence(institution_id, regency, services, capacity, registered_on)
            )

    def _services(self, kind: InstitutionKind) -> tuple[Service, ...]:
        rng = self._rng
        if kind is InstitutionKind.LKS:
            main = rng.choices(_LKS_SERVICES, _LKS_SERVICE_WEIGHTS)[0]
            others = [service for service in _LKS_SERVICES if service is not main]
            extras = rng.sample(others, rng.choices(_LKS_EXTRAS, _LKS_EXTRA_WEIGHTS)[0])
        else:
            main = _MAIN_SERVICES[kind]
            extras = rng.sample(_EXTRA_SERVICES[kind], rng.randint(0, 2))
        return (main, *extras)[:MAX_SERVICES]

    def _name(self, kind: InstitutionKind, main: Service, village_code: str) -> str:
        rng = self._rng
        if kind is InstitutionKind.KARANG_TARUNA:
            return f"Karang Taruna {region_name(village_code)}"
        if kind is InstitutionKind.PSKS:
            return rng.choice(
                (
                    f"LK3 {place_name(region_name(village_code[:5]))}",
                    f"WKSBM {region_name(village_code)}",
                    f"Forum PSM Kecamatan {region_name(village_code[:8])}",
                )
            )
        return f"{_LKS_TITLES[main]} {rng.choice(_LKS_NAMES)}"
