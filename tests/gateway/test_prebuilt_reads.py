"""Prebuilt statements on PostgreSQL run on the driver's connection, from a pool whose server
plans each statement once: the rows are those SQLAlchemy gives, and a source that fails, is
slow or errs is handled as on SQLAlchemy's path."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from auth.regions import RegionScope
from gateway.seeding import seed_all
from gateway.settings import Settings
from gateway.sources import Source, Sources
from resolvers.agencies import AGENCY_KEYS
from resolvers.errors import SourceUnavailable
from resolvers.keys import KEYS
from resolvers.prebuilt import Prebuilt
from resolvers.registry.loaders import _households_by_key, _members
from resolvers.rows import column, columns
from resolvers.source import Reader, SourceLog
from tests.postgres_server import new_database

SCOPES = [RegionScope.of(["*"]), RegionScope.of(["32"]), RegionScope.of(["32.04", "35"])]
MEMBER_COLUMNS = [(), ("id", "nik"), ("birth_date", "id", "name", "nik")]


@pytest.fixture(scope="module")
async def registry(postgres_server: str) -> AsyncIterator[Source]:
    """A registry of 200 households on PostgreSQL, every agency in one database."""
    url = await new_database(postgres_server)
    environ = {f"SIMPUL_{agency.upper()}_URL": url for agency in AGENCY_KEYS}
    sources = Sources.open(Settings.load(environ | {"SIMPUL_HUB_URL": url}), create=True)
    await seed_all(sources.engines(), 200, 3)
    yield sources.database("registry")
    await sources.close()


async def through_sqlalchemy(source: Source, prebuilt: Prebuilt, keys: list[int]) -> list[Any]:
    plain = Reader(source.agency, source.engine, source.timeout)
    return list(await plain.rows(prebuilt.statement, {KEYS: keys}))


async def household_ids(source: Source) -> list[int]:
    async with source.engine.connect() as conn:
        return list((await conn.execute(text("SELECT id FROM households ORDER BY id"))).scalars())


@pytest.mark.parametrize("scope", SCOPES, ids=str)
async def test_driver_rows_are_sqlalchemys_rows(registry: Source, scope: RegionScope) -> None:
    assert registry.driver_engine is not None
    ids = await household_ids(registry)
    batches = [ids[:1], ids[:50], ids, [ids[0], -1, ids[-1]], []]
    statements = [_households_by_key(scope, "postgresql")]
    statements += [_members(scope, "postgresql", names) for names in MEMBER_COLUMNS]
    log = SourceLog()
    reader = registry.reader(log)
    for prebuilt in statements:
        for keys in batches:
            expected = await through_sqlalchemy(registry, prebuilt, keys)
            got = await reader.rows(prebuilt, {KEYS: keys})
            assert [tuple(row) for row in got] == [tuple(row) for row in expected]
            for mine, theirs in zip(got, expected, strict=True):
                assert mine._fields == theirs._fields
                assert dict(mine._mapping) == dict(theirs._mapping)
                assert all(getattr(mine, name) == mine[i] for i, name in enumerate(mine._fields))
            if got:
                names = got[0]._fields
                assert list(columns(*names)(got)) == [tuple(row) for row in expected]
                assert [column(names[-1])(row) for row in got] == [row[-1] for row in expected]
    assert len(log.statements) == len(statements) * len(batches)
    assert log.milliseconds > 0


async def test_the_driver_pool_plans_each_statement_once(registry: Source) -> None:
    ids = await household_ids(registry)
    prebuilt = _members(RegionScope.of(["32"]), "postgresql", ("id", "nik"))
    form = prebuilt.driver_form(registry.engine.dialect)
    assert form is not None
    assert registry.driver_engine is not None
    pooled = await registry.driver_engine.raw_connection()
    try:
        connection: Any = pooled.driver_connection
        for size in (1, 7, 60, 1, 3, 200, 2):
            await connection.fetch(form.sql, *form.arguments({KEYS: ids[:size]}))
        plans = await connection.fetchrow(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1",
            form.sql,
        )
    finally:
        pooled.close()
    assert plans is not None
    assert plans["custom_plans"] == 0
    assert plans["generic_plans"] >= 7


async def test_sqlalchemys_own_pool_keeps_planning_per_run(registry: Source) -> None:
    async with registry.engine.connect() as conn:
        mode: str = (await conn.execute(text("SHOW plan_cache_mode"))).scalar_one()
    assert mode == "auto"


async def test_a_statement_error_is_the_databases_answer_not_an_outage(registry: Source) -> None:
    reader = registry.reader()
    broken = Prebuilt(select(func.no_such_function(1)))
    with pytest.raises(DBAPIError):
        await reader.rows(broken)
    assert registry.breaker.failures == 0  # reached: not counted against the source
    assert await reader.rows(Prebuilt(select(func.abs(-2)))) == [(2,)]


async def test_a_slow_statement_times_out_and_its_connection_is_not_reused(
    registry: Source,
) -> None:
    assert registry.driver_engine is not None
    await registry.driver_engine.dispose()  # start from an empty pool: one connection
    pooled = await registry.driver_engine.raw_connection()
    connection: Any = pooled.driver_connection
    pooled.close()
    slow = Reader("registry", registry.engine, 0.2, driver_engine=registry.driver_engine)
    with pytest.raises(SourceUnavailable):
        await slow.rows(Prebuilt(select(func.pg_sleep(2))))
    assert connection.is_closed(), "the interrupted connection went back to the pool"
    # Every connection of the pool answers at once afterwards: none is stuck in the sleep.
    quick = Reader("registry", registry.engine, 1.0, driver_engine=registry.driver_engine)
    results = await asyncio.gather(*(quick.rows(Prebuilt(select(func.abs(-i)))) for i in range(8)))
    assert [row[0][0] for row in results] == list(range(8))


async def test_a_dropped_connection_fails_one_read_at_most(
    registry: Source, postgres_server: str
) -> None:
    ids = await household_ids(registry)
    prebuilt = _households_by_key(RegionScope.of(["*"]), "postgresql")
    reader = registry.reader()
    await reader.rows(prebuilt, {KEYS: ids[:3]})
    database = registry.engine.url.database
    admin = await asyncpg.connect(
        postgres_server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    )
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%households%'",
            database,
        )
    finally:
        await admin.close()
    outcomes: list[int | str] = []
    for _ in range(3):
        try:
            outcomes.append(len(await reader.rows(prebuilt, {KEYS: ids[:3]})))
        except SourceUnavailable:
            outcomes.append("unavailable")
    assert outcomes[-1] == 3
    assert outcomes.count("unavailable") <= 1


async def test_an_unreachable_database_is_unavailable(black_hole: int) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{black_hole}/nothing"
    settings = Settings.load({"SIMPUL_REGISTRY_URL": url, "SIMPUL_REGISTRY_TIMEOUT": "0.3"})
    sources = Sources.open(settings)
    try:
        source = sources.database("registry")
        assert source.driver_engine is not None
        prebuilt = _households_by_key(RegionScope.of(["*"]), "postgresql")
        with pytest.raises(SourceUnavailable):
            await source.reader().rows(prebuilt, {KEYS: [1]})
    finally:
        await sources.close()
