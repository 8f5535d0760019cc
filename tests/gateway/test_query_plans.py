"""Region filters are served by an index on both engines: the range form of the prefix
condition (and, on PostgreSQL, the C collation of code columns) keeps them sargable."""

from typing import Any

from sqlalchemy import Select, text

from auth.regions import RegionScope
from gateway.settings import Settings
from gateway.sources import engine_for
from resolvers.population import Population
from resolvers.registry.filters import HouseholdFilter
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader


def _households_under(prefix: str, settings: Settings) -> Select[Any]:
    engine = engine_for(settings.source("registry").url)
    loaders = RegistryLoaders(Reader("registry", engine, 5.0), RegionScope.of([prefix]))
    return loaders._households(HouseholdFilter())


async def _plan(settings: Settings, query: Select[Any]) -> str:
    engine = engine_for(settings.source("registry").url)
    try:
        async with engine.connect() as conn:
            sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
            if engine.dialect.name == "postgresql":
                # The seeded tables are small enough that a sequential scan is cheaper; the
                # question here is whether the index can serve the condition at all.
                await conn.execute(text("SET enable_seqscan = off"))
                rows = await conn.execute(text(f"EXPLAIN {sql}"))
            else:
                rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
            return "\n".join(str(row[-1]) for row in rows)
    finally:
        await engine.dispose()


async def test_region_prefix_filter_uses_the_village_code_index(
    settings: Settings, population: Population
) -> None:
    plan = await _plan(settings, _households_under("32.04", settings))
    assert "ix_households_village_code" in plan, plan
    assert "SCAN households\n" not in plan + "\n"
    assert "Seq Scan" not in plan


async def test_national_scope_adds_no_region_condition(
    settings: Settings, population: Population
) -> None:
    sql = str(_households_under("*", settings).compile(compile_kwargs={"literal_binds": True}))
    assert "village_code" not in sql.split("WHERE", 1)[-1]
