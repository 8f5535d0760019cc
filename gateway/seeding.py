"""Rebuild every agency's demo database from one synthetic population: drop its tables,
build them again through its migrations, and fill them."""

import random
from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy import MetaData, false, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.schema_migrations import upgrade, version_table
from resolvers import institutions, logistics, regional, registry
from resolvers.agencies import AGENCIES
from resolvers.institutions.seed import seed as seed_institutions
from resolvers.logistics.seed import seed as seed_logistics
from resolvers.population import Population, build_population
from resolvers.regional.seed import seed as seed_regional
from resolvers.registry.seed import seed as seed_registry

Seeder = Callable[[AsyncConnection, Population, random.Random], Awaitable[None]]

SEEDERS: dict[str, Seeder] = {
    registry.AGENCY: seed_registry,
    regional.AGENCY: seed_regional,
    institutions.AGENCY: seed_institutions,
    logistics.AGENCY: seed_logistics,
}


async def seed_all(engines: Mapping[str, AsyncEngine], households: int, seed: int) -> Population:
    """Drop, recreate and fill each agency's tables; the same arguments give the same rows."""
    population = build_population(households, seed)
    for agency in AGENCIES:
        # One generator per agency, so a change in one agency's seed leaves the others' data alone.
        rng = random.Random(f"{seed}:{agency.key}")
        engine = engines[agency.key]
        async with engine.begin() as conn:
            await conn.run_sync(agency.metadata.drop_all)
            await conn.execute(text(f"DROP TABLE IF EXISTS {version_table(agency.key)}"))
        await upgrade(engine, agency.key)
        async with engine.begin() as conn:
            await SEEDERS[agency.key](conn, population, rng)
            await _continue_ids(conn, agency.metadata)
    return population


async def _continue_ids(conn: AsyncConnection, metadata: MetaData) -> None:
    """The seed chooses ids itself; on PostgreSQL that leaves each id sequence behind, and
    the first row written later would collide (SQLite takes the next id from the table)."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        key = table.c.get("id")
        if key is None or not key.primary_key or not key.autoincrement:
            continue
        sequence = func.pg_get_serial_sequence(table.name, "id")
        await conn.execute(
            select(func.setval(sequence, func.coalesce(func.max(key), 0) + 1, false()))
        )
