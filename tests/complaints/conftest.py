"""Callers for the complaint tests (the public at fresh addresses, an office of one
regency) and the seeded households they file about. Each test runs twice: against the hub
reading the agencies' databases, and against a hub every agency of which runs its own node
(complaints filed and resolved at the regional node, the public lookup and a filing's
household check answered at the registry's)."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.applications import Starlette

from gateway.settings import Settings
from resolvers.population import Population
from resolvers.regional.tables import complaints, idempotency_keys
from tests.complaints.support import OFFICE, Household, offices, public_client
from tests.conftest import GraphQLClient, SourceDatabases
from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated_everywhere")

_LISTED = """
SELECT h.id, h.village_code FROM households h
WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.household_id = h.id AND e.status = 'aktif')
ORDER BY h.id LIMIT 1
"""
_UNLISTED = """
SELECT h.id, h.village_code FROM households h
WHERE NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.household_id = h.id AND e.status = 'aktif')
ORDER BY h.id LIMIT 1
"""
_OTHER_REGENCY = """
SELECT village_code FROM households WHERE substr(village_code, 1, 5) != :regency
ORDER BY id LIMIT 1
"""


@pytest.fixture
async def public(served: tuple[Starlette, httpx.AsyncClient]) -> AsyncIterator[GraphQLClient]:
    """An anonymous caller at an address of this test's own."""
    async with public_client(served[0]) as anonymous:
        yield anonymous


@pytest.fixture(scope="session")
def office(served: tuple[Starlette, httpx.AsyncClient]) -> Callable[..., GraphQLClient]:
    """A Dinas Sosial office of the given regions, allowed to read and write complaints."""
    return offices(*served)


@pytest.fixture(scope="session")
async def listed(databases: SourceDatabases) -> Household:
    """A household that receives a programme: a sanggah may object to it."""
    (row,) = await databases.rows("registry", _LISTED)
    return Household(row.id, row.village_code)


@pytest.fixture(scope="session")
async def unlisted(databases: SourceDatabases) -> Household:
    (row,) = await databases.rows("registry", _UNLISTED)
    return Household(row.id, row.village_code)


@pytest.fixture(scope="session")
async def elsewhere(databases: SourceDatabases, listed: Household) -> str:
    """A village of another regency than the listed household's."""
    return str(await databases.value("registry", _OTHER_REGENCY, regency=listed.regency))


@pytest.fixture(scope="session")
async def regional_store(settings: Settings, population: Population) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(settings.source("regional").url)
    yield engine
    await engine.dispose()


@pytest.fixture(autouse=True)
async def own_complaints(regional_store: AsyncEngine) -> AsyncIterator[None]:
    """What a test files is its own: removed when it ends, so other tests find the seed."""
    async with regional_store.connect() as conn:
        seen = (await conn.execute(select(func.max(complaints.c.id)))).scalar_one()
    yield
    async with regional_store.begin() as conn:
        await conn.execute(delete(complaints).where(complaints.c.id > seen))
        await conn.execute(delete(idempotency_keys).where(idempotency_keys.c.client_id == OFFICE))
