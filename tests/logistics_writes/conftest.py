"""Households to hand aid to, writers limited to a regency, and direct database access.
Every test runs twice: against the hub writing into the logistics database, and against
the hub sending each write to the agency's node, which writes into that same database."""

from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gateway.settings import Settings
from gateway.sources import engine_for
from resolvers.population import Population
from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics_writes.support import Household, Logistics
from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated")

WRITE_SCOPES = ["logistics:write", "logistics:read"]

Caller = Callable[..., GraphQLClient]


@pytest.fixture(scope="session")
async def logistics(settings: Settings, population: Population) -> AsyncIterator[Logistics]:
    engine = engine_for(settings.source("logistics").url)
    yield Logistics(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
async def home(databases: SourceDatabases) -> Household:
    """A registry household; the writers' regions are its regency."""
    row = (await databases.rows("registry", "SELECT id, village_code FROM households ORDER BY id"))[
        0
    ]
    return Household(row.id, row.village_code)


@pytest.fixture(scope="session")
async def away(databases: SourceDatabases, home: Household) -> Household:
    """A registry household in another regency than ``home``."""
    for row in await databases.rows(
        "registry", "SELECT id, village_code FROM households ORDER BY id"
    ):
        household = Household(row.id, row.village_code)
        if household.regency != home.regency:
            return household
    raise AssertionError("the seed has households in one regency only")


@pytest.fixture(scope="session")
def write_as(caller: Caller, home: Household) -> Callable[[str], GraphQLClient]:
    """A writer of its own name (its own idempotency keys and rate), limited to the
    regency of ``home``."""

    def make(name: str) -> GraphQLClient:
        return caller(scopes=WRITE_SCOPES, regions=[home.regency], subject=name)

    return make


@pytest.fixture(scope="session")
def writer(write_as: Callable[[str], GraphQLClient]) -> GraphQLClient:
    return write_as("logistics-writer")


@pytest.fixture(scope="session")
def hub_engine(app: Starlette) -> AsyncEngine:
    engine: AsyncEngine = app.state.hub.security.hub_engine
    return engine
