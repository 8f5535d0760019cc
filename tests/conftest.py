"""A seeded hub built once per session, and an HTTP client that speaks GraphQL to it."""

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from auth.scopes import SCOPES
from auth.tokens import Grant
from gateway.app import create_app
from gateway.seeding import seed_all
from gateway.settings import Settings
from gateway.sources import Sources
from resolvers.agencies import AGENCY_KEYS
from resolvers.population import Population

pytest_plugins = ["tests.node_fixtures", "tests.postgres_server"]

BASE_URL = "https://simpul.test"
SEED_HOUSEHOLDS = 600
SEED = 7


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("simpul-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    """The seeded hub's settings: embedded SQLite files, or with SIMPUL_TEST_POSTGRES_URL
    (a server URL without a database) one PostgreSQL database per agency and the hub's."""
    environ = {"SIMPUL_DATA_DIR": str(data_dir), "SIMPUL_EXPLAIN": "1"}
    if server := os.environ.get("SIMPUL_TEST_POSTGRES_URL"):
        environ |= {
            f"SIMPUL_{agency.upper()}_URL": f"{server}/simpul_{agency}" for agency in AGENCY_KEYS
        }
        environ["SIMPUL_HUB_URL"] = f"{server}/simpul_hub"
    return Settings.load(environ)


@pytest.fixture(scope="session")
def population(settings: Settings) -> Population:
    async def seed() -> Population:
        sources = Sources.open(settings, create=True)
        try:
            return await seed_all(sources.engines(), SEED_HOUSEHOLDS, SEED)
        finally:
            await sources.close()

    return asyncio.run(seed())


@pytest.fixture(scope="session")
def sqlite_data_dir(
    settings: Settings, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Embedded SQLite files with the session's seed, for tests that copy or reopen database
    files: the session's own files, or (on PostgreSQL) a seed of the same data beside it."""
    if settings.source("registry").url.startswith("sqlite"):
        return settings.data_dir
    folder = tmp_path_factory.mktemp("simpul-sqlite")

    async def seed() -> None:
        sources = Sources.open(Settings.load({"SIMPUL_DATA_DIR": str(folder)}), create=True)
        try:
            await seed_all(sources.engines(), SEED_HOUSEHOLDS, SEED)
        finally:
            await sources.close()

    asyncio.run(seed())
    return folder


EVERY_SCOPE = frozenset(SCOPES)


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def post(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        headers = {**self.headers, **kw.pop("headers", {})}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers, **kw
        )
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """The data of a query that must succeed without errors."""
        body = await self.post(query, variables)
        assert "errors" not in body, body.get("errors")
        return body["data"]


@pytest.fixture(scope="session")
async def app(settings: Settings, population: Population) -> AsyncIterator[Starlette]:
    app = create_app(settings)
    await app.state.hub.security.prepare()
    yield app
    await app.state.hub.close()


@pytest.fixture(scope="session")
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


def mint(
    app: Starlette,
    scopes: Iterable[str] = EVERY_SCOPE,
    regions: Iterable[str] = ("*",),
    purpose: str | None = "testing",
    subject: str = "test-operator",
) -> str:
    """A token signed by the hub for the given grant."""
    grant = Grant(subject, frozenset(scopes), tuple(regions), purpose)
    return str(app.state.hub.security.issuer.issue(grant))


@pytest.fixture(scope="session")
def client(app: Starlette, http: httpx.AsyncClient) -> GraphQLClient:
    """A national caller holding every scope."""
    return GraphQLClient(http, mint(app))


@pytest.fixture(scope="session")
def anonymous(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture(scope="session")
def caller(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    """A client for any grant: ``caller(scopes=[...], regions=[...], purpose=...)``."""

    def make(**grant: Any) -> GraphQLClient:
        return GraphQLClient(http, mint(app, **grant))

    return make


class SourceDatabases:
    """Direct SQL access to the seeded agency databases, to compute expected answers."""

    def __init__(self, settings: Settings) -> None:
        self._sources = Sources.open(settings)

    async def rows(self, agency: str, sql: str, **params: Any) -> list[Any]:
        async with self._sources.database(agency).engine.connect() as conn:
            return list((await conn.execute(text(sql), params)).all())

    async def value(self, agency: str, sql: str, **params: Any) -> Any:
        rows = await self.rows(agency, sql, **params)
        return rows[0][0]

    async def close(self) -> None:
        await self._sources.close()


@pytest.fixture(scope="session")
async def databases(settings: Settings, population: Population) -> AsyncIterator[SourceDatabases]:
    databases = SourceDatabases(settings)
    yield databases
    await databases.close()


@pytest.fixture
async def black_hole() -> AsyncIterator[int]:
    """A TCP port that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in held:
        writer.close()
    server.close()


def statements(body: dict[str, Any], agency: str) -> list[str]:
    """SQL statements an agency ran for a response (the hub runs with SIMPUL_EXPLAIN=1)."""
    sources = body.get("extensions", {}).get("sources", {})
    return list(sources.get(agency, {}).get("statements", []))
