"""A request cut off between its two sources is completed, exactly once, by a retry with the
same key: the visit is written first, so a failing registry leaves a visit without its
proposal, and the retry files the proposal without a second visit."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings, SourceSettings
from tests.conftest import BASE_URL, GraphQLClient, SourceDatabases, mint
from tests.verification.support import (
    RECORD,
    Household,
    record,
    stored_proposals,
    stored_visits,
    visit_input,
)


@asynccontextmanager
async def _hub_with_read_only_registry(
    settings: Settings, sqlite_data_dir: Path
) -> AsyncIterator[GraphQLClient]:
    """A hub that reads the registry (a read-only file of the same seed, so the household
    checks pass) but cannot write to it."""
    database = sqlite_data_dir / "registry.db"
    read_only = SourceSettings(f"sqlite+aiosqlite:///file:{database}?mode=ro&uri=true")
    app = create_app(settings.with_sources(registry=read_only))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield GraphQLClient(http, mint(app))
    finally:
        await app.state.hub.close()


async def test_retry_after_the_registry_failed_files_the_proposal_once(
    settings: Settings,
    sqlite_data_dir: Path,
    client: GraphQLClient,
    household: Household,
    databases: SourceDatabases,
) -> None:
    input = visit_input(household, "DECEASED", subjectNik=household.members[0])
    async with _hub_with_read_only_registry(settings, sqlite_data_dir) as cut_off:
        body = await cut_off.post(RECORD, {"input": input})
    assert body["data"]["recordVerificationVisit"] is None
    assert len(await stored_visits(databases, household)) == 1
    assert await stored_proposals(databases, household) == []

    retried = await record(client, input)

    assert retried["replayed"] is False
    assert retried["proposal"]["state"] == "PROPOSED"
    [visit] = await stored_visits(databases, household)
    [proposal] = await stored_proposals(databases, household)
    assert proposal.source_visit_id == visit.id == int(retried["visit"]["id"])


async def test_completed_retry_replays_like_any_other_request(
    settings: Settings,
    sqlite_data_dir: Path,
    client: GraphQLClient,
    household: Household,
    databases: SourceDatabases,
) -> None:
    input = visit_input(household, "NOT_FOUND")
    async with _hub_with_read_only_registry(settings, sqlite_data_dir) as cut_off:
        await cut_off.post(RECORD, {"input": input})
    completed = await record(client, input)

    again = await record(client, input)

    assert again["replayed"] is True
    assert again["proposal"] == completed["proposal"]
    assert len(await stored_visits(databases, household)) == 1
    assert len(await stored_proposals(databases, household)) == 1


async def test_cut_off_request_and_its_retry_log_each_write_once(
    settings: Settings,
    sqlite_data_dir: Path,
    app: Starlette,
    client: GraphQLClient,
    household: Household,
) -> None:
    input = visit_input(household, "INELIGIBLE")
    async with _hub_with_read_only_registry(settings, sqlite_data_dir) as cut_off:
        await cut_off.post(RECORD, {"input": input})
    await record(client, input)
    await record(client, input)

    engine: AsyncEngine = app.state.hub.security.hub_engine
    async with engine.connect() as conn:
        logged = await conn.execute(
            text("SELECT agency FROM audit_log WHERE idempotency_key = :key ORDER BY id"),
            {"key": input["idempotencyKey"]},
        )
        assert [agency for (agency,) in logged] == ["regional", "registry"]
