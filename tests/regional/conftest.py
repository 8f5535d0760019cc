"""Every regional query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same. Direct
reads of the seeded regional and registry databases compute the expected answers."""

from collections.abc import AsyncIterator, Callable

import pytest

from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase
from tests.source_modes import source_modes

source_mode, served, client, caller, database_caller = source_modes("federated_regional")


@pytest.fixture(scope="session")
def database_client(database_caller: Callable[..., GraphQLClient]) -> GraphQLClient:
    """A national caller of the hub reading the database, whichever mode a test runs in."""
    return database_caller()


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
