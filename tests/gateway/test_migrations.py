"""Each database's migrations build exactly the schema the code declares, on the engine
under test, and `simpul db upgrade` brings every database to it."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from starlette.applications import Starlette

from gateway.cli import main
from gateway.schema_migrations import HISTORIES, HUB, downgrade, upgrade, version_table
from gateway.settings import Settings, sqlite_url
from gateway.sources import engine_for
from resolvers.agencies import AGENCY_KEYS
from resolvers.population import Population


def _differences(connection: Connection, history: str) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"version_table": version_table(history), "compare_type": True}
    )
    return list(compare_metadata(context, HISTORIES[history]))


@pytest.mark.parametrize("history", sorted(HISTORIES))
async def test_migrations_build_the_declared_schema(history: str, tmp_path: Path) -> None:
    engine = engine_for(sqlite_url(tmp_path / f"{history}.db"), create=True)
    try:
        await upgrade(engine, history)
        async with engine.connect() as conn:
            assert await conn.run_sync(_differences, history) == []
    finally:
        await engine.dispose()


@pytest.mark.parametrize("history", sorted(HISTORIES))
async def test_migrations_go_down_to_an_empty_database(history: str, tmp_path: Path) -> None:
    engine = engine_for(sqlite_url(tmp_path / f"{history}.db"), create=True)
    try:
        await upgrade(engine, history)
        await downgrade(engine, history)
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        assert tables == [version_table(history)]
    finally:
        await engine.dispose()


def test_db_upgrade_migrates_every_database_and_can_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade", "--agency", "logistics"]) == 0
    out = capsys.readouterr().out
    assert out.count("at the current schema") == len(HISTORIES) + 1
    assert sorted(p.name for p in tmp_path.glob("*.db")) == sorted(f"{h}.db" for h in HISTORIES)


async def test_the_session_databases_match_the_declared_schema(
    settings: Settings, population: Population, app: Starlette
) -> None:
    """On whichever engine the suite runs (SQLite or PostgreSQL), seeding and the hub's
    start-up went through the migrations and left the declared schema."""
    urls = {agency: settings.source(agency).url for agency in AGENCY_KEYS} | {HUB: settings.hub_url}
    for history, url in urls.items():
        engine = engine_for(url)
        try:
            async with engine.connect() as conn:
                assert await conn.run_sync(_differences, history) == [], history
        finally:
            await engine.dispose()
