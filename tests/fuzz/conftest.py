"""A hub of the fuzz tests' own, and what the seeded stores hold, for the oracle."""

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.agencies import AGENCY_KEYS
from tests.conftest import SourceDatabases
from tests.fuzz.truth import Truth, load_truth
from tests.fuzz.wire import transport


@pytest.fixture(scope="session")
async def truth(databases: SourceDatabases) -> Truth:
    return await load_truth(databases)


@pytest.fixture(scope="module")
async def app(settings: Settings, population: object) -> AsyncIterator[Starlette]:
    """A hub of its own over the seeded stores: its rate buckets and breakers are not shared
    with other tests, and they never open, so SOURCE_UNAVAILABLE always means a bug."""
    sources = {a: replace(settings.source(a), breaker_threshold=10**9) for a in AGENCY_KEYS}
    app = create_app(settings.with_sources(**sources))
    await app.state.hub.security.prepare()
    yield app
    await app.state.hub.close()


@pytest.fixture(scope="module")
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with transport(app, "10.76.0.1") as http:
        yield http
