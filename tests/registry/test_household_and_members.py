"""A household and its members read in one statement are exactly the rows the two separate
lookups give (the compiled path's ``household(id)`` relies on it), region checks included."""

from collections.abc import AsyncIterator

import pytest

from auth.regions import RegionScope
from gateway.settings import Settings
from gateway.sources import Sources
from resolvers.population import Population
from resolvers.registry.loaders import RegistryLoaders

SCOPES = [RegionScope.of(["*"]), RegionScope.of(["32"]), RegionScope.of(["35.07", "32.04"])]
COLUMNS = [(), ("id", "nik"), ("birth_date", "id", "name", "nik"), ("household_id",)]


@pytest.fixture(scope="module")
async def sources(settings: Settings, population: Population) -> AsyncIterator[Sources]:
    opened = Sources.open(settings)
    yield opened
    await opened.close()


@pytest.mark.parametrize("scope", SCOPES, ids=str)
async def test_one_statement_reads_what_two_lookups_read(
    sources: Sources, population: Population, scope: RegionScope
) -> None:
    registry = sources.database("registry")
    keys = [household.id for household in population.households[:40]] + [0, 10**9]
    seen_outside = seen_inside = 0
    for key in keys:
        for names in COLUMNS:
            together = RegistryLoaders(registry.reader(), scope)
            apart = RegistryLoaders(registry.reader(), scope)
            household, members = await together.household_and_members(key, names)
            expected = await apart.household.load(key)
            expected_members = (await apart.members_of([key], names))[0]
            if expected is None:
                assert household is None and members == []
                assert expected_members == []  # nothing of a household outside the regions
                seen_outside += 1
                continue
            assert household is not None
            assert tuple(household) == tuple(expected)
            assert household._fields == expected._fields
            assert household.village_code == expected.village_code
            assert [tuple(m) for m in members] == [tuple(m) for m in expected_members]
            assert [m._fields for m in members] == [m._fields for m in expected_members]
            seen_inside += 1
            # the loader now knows the household: no second read for it
            assert await together.household.load(key) is household
    assert seen_inside and seen_outside
