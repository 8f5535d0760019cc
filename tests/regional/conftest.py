"""Direct reads of the seeded regional and registry databases, to compute expected answers."""

from collections.abc import AsyncIterator

import pytest

from gateway.settings import Settings
from resolvers.population import Population
from tests.regional.support import SeededDatabase


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
