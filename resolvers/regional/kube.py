"""KUBE (Kelompok Usaha Bersama) empowerment groups, their members and capital grants."""

import random
from dataclasses import dataclass, field
from datetime import date

from resolvers.bulk_insert import Row
from resolvers.population import (
    LAST_DAY,
    Population,
    SeedHousehold,
    random_date,
    region_name,
)

HOUSEHOLDS_PER_GROUP = 300
GROUP_SIZE = (5, 10)
GRANT_MILLIONS = (10, 30)

_ROLES = ("ketua", "sekretaris", "bendahara")
_MEMBER_AGES = (18, 64)
_POOR = 5
_FIRST_FORMED = date(2018, 1, 1)
_LAST_FORMED = date(2026, 6, 30)
_NAMES = (
    "Maju Bersama",
    "Sumber Rezeki",
    "Berkah Mandiri",
    "Mekar Jaya",
    "Sejahtera",
    "Tunas Harapan",
    "Karya Usaha",
    "Makmur Sentosa",
    "Bina Usaha",
    "Harapan Baru",
)
_BUSINESSES = (
    "warung sembako",
    "ternak kambing",
    "ternak ayam kampung",
    "budidaya lele",
    "menjahit",
    "kerajinan anyaman bambu",
    "olahan keripik singkong",
    "kue basah",
    "bengkel sepeda motor",
    "tenun ikat",
)


@dataclass
class KubeRows:
    groups: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    grants: list[Row] = field(default_factory=list)


def kube_groups(rng: random.Random, population: Population) -> KubeRows:
    """Groups of poor neighbours: one adult per household, all from the group's village."""
    pools = _pools_by_village(rng, population)
    villages = sorted(code for code, pool in pools.items() if len(pool) >= GROUP_SIZE[0])
    rows = KubeRows()
    for _ in range(max(1, len(population.households) // HOUSEHOLDS_PER_GROUP)):
        if not villages:
            break
        village = rng.choice(villages)
        pool = pools[village]
        size = min(len(pool), rng.randint(*GROUP_SIZE))
        members = [pool.pop(rng.randrange(len(pool))) for _ in range(size)]
        if len(pool) < GROUP_SIZE[0]:
            villages.remove(village)
        _add_group(rng, rows, village, members)
    return rows


def _pools_by_village(rng: random.Random, population: Population) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for household in population.households:
        nik = _member_nik(rng, household)
        if household.decile <= _POOR and nik is not None:
            pools.setdefault(household.village_code, []).append(nik)
    return pools


def _member_nik(rng: random.Random, household: SeedHousehold) -> str | None:
    adults = [
        person.nik
        for person in household.members
        if person.alive and _MEMBER_AGES[0] <= person.age <= _MEMBER_AGES[1]
    ]
    return rng.choice(adults) if adults else None


def _add_group(rng: random.Random, rows: KubeRows, village: str, niks: list[str]) -> None:
    group_id = len(rows.groups) + 1
    formed_on = random_date(rng, _FIRST_FORMED, _LAST_FORMED)
    rows.groups.append(
        {
            "id": group_id,
            "name": f"KUBE {rng.choice(_NAMES)} {region_name(village)}",
            "village_code": village,
            "business": rng.choice(_BUSINESSES),
            "formed_on": formed_on,
        }
    )
    for index, nik in enumerate(niks):
        role = _ROLES[index] if index < len(_ROLES) else "anggota"
        rows.members.append(
            {"id": len(rows.members) + 1, "group_id": group_id, "member_nik": nik, "role": role}
        )
    granted_on = formed_on
    for _ in range(rng.randint(1, 2)):
        granted_on = random_date(rng, granted_on, LAST_DAY)
        rows.grants.append(
            {
                "id": len(rows.grants) + 1,
                "group_id": group_id,
                "amount": rng.randint(*GRANT_MILLIONS) * 1_000_000,
                "granted_on": granted_on,
            }
        )
