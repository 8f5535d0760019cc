"""Each write step is on the audit log with the request's idempotency key; a replay, which
changes nothing, adds no write rows."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.conftest import GraphQLClient
from tests.verification.support import Household, decide, new_key, record, visit_input


@pytest.fixture(scope="module")
def hub_engine(app: Starlette) -> AsyncEngine:
    engine: AsyncEngine = app.state.hub.security.hub_engine
    return engine


async def _writes(engine: AsyncEngine, key: str) -> list[tuple[Any, ...]]:
    sql = (
        "SELECT agency, subject_kind, subject, action, client_id FROM audit_log"
        " WHERE idempotency_key = :key ORDER BY id"
    )
    async with engine.connect() as conn:
        return [tuple(row) for row in await conn.execute(text(sql), {"key": key})]


async def test_recording_a_death_logs_the_visit_and_the_proposal_under_the_key(
    client: GraphQLClient, household: Household, hub_engine: AsyncEngine
) -> None:
    nik = household.members[0]
    input = visit_input(household, "DECEASED", subjectNik=nik)
    await record(client, input)
    action = ("nik", nik, "recordVerificationVisit", "test-operator")
    assert await _writes(hub_engine, input["idempotencyKey"]) == [
        ("regional", *action),
        ("registry", *action),
    ]


async def test_eligible_visit_logs_only_the_regional_write(
    client: GraphQLClient, household: Household, hub_engine: AsyncEngine
) -> None:
    input = visit_input(household, "ELIGIBLE")
    await record(client, input)
    assert await _writes(hub_engine, input["idempotencyKey"]) == [
        ("regional", "household", str(household.id), "recordVerificationVisit", "test-operator")
    ]


async def test_decision_is_logged_once_though_replayed(
    client: GraphQLClient, household: Household, hub_engine: AsyncEngine
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    key = new_key()
    await decide(client, recorded["proposal"]["id"], "APPROVE", key)
    await decide(client, recorded["proposal"]["id"], "APPROVE", key)
    assert await _writes(hub_engine, key) == [
        ("registry", "household", str(household.id), "decideUpdateProposal", "test-operator")
    ]
