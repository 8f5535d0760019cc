"""A hub of each security test module's own: its keys, clients and rate-limit buckets are
shared with no other suite or module."""

from collections.abc import AsyncIterator

import pytest

from auth.keys import KeyRing
from gateway.settings import Settings
from resolvers.population import Population
from tests.security.support import HubUnderTest, isolated_settings, running_hub


@pytest.fixture(scope="module")
async def hub(
    settings: Settings, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[HubUnderTest]:
    folder = tmp_path_factory.mktemp("security-hub")
    # The hub holds its signing key from the start, as a deployed hub does.
    KeyRing(folder / "keys").rotate()
    async with running_hub(isolated_settings(settings, folder)) as running:
        yield running
