"""Demo data for the regional Dinas Sosial offices."""

import random

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.bulk_insert import Row, insert_rows
from resolvers.population import Population, place_name, street_address
from resolvers.regional import casework, tables
from resolvers.regional.complaints import complaints
from resolvers.regional.kube import kube_groups
from resolvers.wilayah import Wilayah, gazetteer


async def seed(conn: AsyncConnection, population: Population, rng: random.Random) -> None:
    offices = _offices(rng)
    office_ids = {office["region_code"]: office["id"] for office in offices}
    kube = kube_groups(rng, population)
    for table, rows in (
        (tables.social_offices, offices),
        (tables.verification_visits, casework.verification_visits(rng, population, office_ids)),
        (tables.rehabilitation_cases, casework.rehabilitation_cases(rng, population, office_ids)),
        (tables.complaints, complaints(rng, population)),
        (tables.kube_groups, kube.groups),
        (tables.kube_members, kube.members),
        (tables.kube_grants, kube.grants),
    ):
        await insert_rows(conn, table, rows)


def _offices(rng: random.Random) -> list[Row]:
    """A Dinas Sosial for every province and every regency in the gazetteer."""
    regions: list[tuple[Wilayah, str]] = []
    for province in gazetteer().provinces():
        regions.append((province, f"Dinas Sosial Provinsi {province.name}"))
        regions.extend(
            (regency, f"Dinas Sosial {regency.name}")
            for regency in gazetteer().children(province.code)
        )
    return [
        {
            "id": office_id,
            "region_code": region.code,
            "name": name,
            "address": f"{street_address(rng)}, {place_name(region.name)}",
            "phone": f"(0{rng.randint(211, 986)}) {rng.randint(300000, 899999)}",
        }
        for office_id, (region, name) in enumerate(regions, 1)
    ]
