"""Every regional query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same. Direct
reads of the seeded regional and registry databases compute the expected answers."""

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import GraphQLClient, mint
from tests.regional.support import SeededDatabase
from tests.source_modes import caller, client, served, source_mode

__all__ = ["caller", "client", "served", "source_mode"]


@pytest.fixture(scope="session")
def database_client(app: Starlette, http: httpx.AsyncClient) -> GraphQLClient:
    """A national caller of the hub reading the database, whichever mode a test runs in."""
    return GraphQLClient(http, mint(app))


@pytest.fixture(scope="session")
def node_hub() -> str:
    return "federated_regional"


@pytest.fixture(scope="session")
async def regional_db(settings: Settings, population: Population) -> AsyncIterator[SeededDatabase]:
    database = SeededDatabase.open(settings, "regional")
    yield database
    await database.close()


@pytest.fixture(scope="session")
async def registry_db(settings: Settings, population: Population) -> AsyncIterator[SeededDatabase]:
    database = SeededDatabase.open(settings, "registry")
    yield database
    await database.close()
