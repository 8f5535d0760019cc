"""One record of each entity type kept by id, the region holding it, and a record outside
that region, read from the sources."""

from dataclasses import dataclass

import pytest

from tests.conftest import SourceDatabases


@dataclass(frozen=True)
class Keys:
    region: str
    inside: str
    outside: str


# (agency, the region of the first record, a record whose region is unrelated to :r)
_SQL = {
    "Household": (
        "registry",
        "SELECT substr(village_code, 1, 5) FROM households ORDER BY id LIMIT 1",
        "SELECT min(id) FROM households WHERE village_code NOT LIKE :p",
    ),
    "Person": (
        "registry",
        "SELECT substr(h.village_code, 1, 5) FROM persons p"
        " JOIN households h ON h.id = p.household_id ORDER BY p.id LIMIT 1",
        "SELECT min(p.id) FROM persons p JOIN households h ON h.id = p.household_id"
        " WHERE h.village_code NOT LIKE :p",
    ),
    "Institution": (
        "institutions",
        "SELECT substr(village_code, 1, 5) FROM institutions ORDER BY id LIMIT 1",
        "SELECT min(id) FROM institutions WHERE village_code NOT LIKE :p",
    ),
    "DisasterEvent": (
        "logistics",
        "SELECT region_code FROM event_regions ORDER BY event_id, region_code LIMIT 1",
        "SELECT min(id) FROM disaster_events WHERE id NOT IN (SELECT event_id FROM event_regions"
        " WHERE region_code = :r OR region_code LIKE :p OR :r LIKE region_code || '.%')",
    ),
}
_FIRST = {
    "Household": "SELECT min(id) FROM households",
    "Person": "SELECT min(id) FROM persons",
    "Institution": "SELECT min(id) FROM institutions",
    "DisasterEvent": "SELECT min(event_id) FROM event_regions",
}


@pytest.fixture(scope="session")
async def keys(databases: SourceDatabases) -> dict[str, Keys]:
    found = {}
    for typename, (agency, region_sql, outside_sql) in _SQL.items():
        region = str(await databases.value(agency, region_sql))
        inside = await databases.value(agency, _FIRST[typename])
        outside = await databases.value(agency, outside_sql, r=region, p=f"{region}.%")
        assert inside is not None and outside is not None, typename
        found[typename] = Keys(region, str(inside), str(outside))
    return found
