"""The seeded population and tables the seed tests read, shared by the test modules."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.seeding import seed_all
from resolvers.agencies import AGENCIES, AGENCY_KEYS
from resolvers.population import Population, SeedPerson

HOUSEHOLDS = 2000
SEED = 11
Row = dict[str, Any]
Tables = dict[str, list[Row]]


def _engines(directory: Path) -> dict[str, AsyncEngine]:
    return {
        key: create_async_engine("sqlite+aiosqlite:///" + str(directory / f"{key}.db"))
        for key in AGENCY_KEYS
    }


async def seed_and_read(directory: Path, households: int, seed: int) -> tuple[Population, Tables]:
    engines = _engines(directory)
    try:
        population = await seed_all(engines, households, seed)
        tables: Tables = {}
        for agency in AGENCIES:
            async with engines[agency.key].connect() as conn:
                for table in agency.metadata.sorted_tables:
                    result = await conn.execute(select(table).order_by(*table.primary_key.columns))
                    tables[table.name] = [dict(row) for row in result.mappings()]
        return population, tables
    finally:
        for engine in engines.values():
            await engine.dispose()


@pytest.fixture(scope="package")
async def seeded(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Population, Tables]:
    return await seed_and_read(tmp_path_factory.mktemp("seed"), HOUSEHOLDS, SEED)


@pytest.fixture(scope="package")
def population(seeded: tuple[Population, Tables]) -> Population:
    return seeded[0]


@pytest.fixture(scope="package")
def tables(seeded: tuple[Population, Tables]) -> Tables:
    return seeded[1]


def people_by_id(population: Population) -> dict[int, SeedPerson]:
    return {person.id: person for _, person in population.persons()}


def household_of_person(population: Population) -> dict[int, int]:
    """Person id -> household id."""
    return {person.id: household.id for household, person in population.persons()}
