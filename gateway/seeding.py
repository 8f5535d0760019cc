"""Rebuild every agency's demo database from one synthetic population."""

import random
from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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
        async with engines[agency.key].begin() as conn:
            await conn.run_sync(agency.metadata.drop_all)
            await conn.run_sync(agency.metadata.create_all)
            await SEEDERS[agency.key](conn, population, rng)
    return population
