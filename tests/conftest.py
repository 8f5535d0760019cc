"""A seeded hub built once per session, and an HTTP client that speaks GraphQL to it."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from gateway.app import create_app
from gateway.seeding import seed_all
from gateway.settings import Settings
from gateway.sources import Sources
from resolvers.population import Population

SEED_HOUSEHOLDS = 600
SEED = 7


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("simpul-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings.load({"SIMPUL_DATA_DIR": str(data_dir), "SIMPUL_EXPLAIN": "1"})


@pytest.fixture(scope="session")
def population(settings: Settings) -> Population:
    async def seed() -> Population:
        sources = Sources.open(settings, create=True)
        try:
            return await seed_all(sources.engines(), SEED_HOUSEHOLDS, SEED)
        finally:
            await sources.close()

    return asyncio.run(seed())


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, **kw
        )
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """The data of a query that must succeed without errors."""
        body = await self.post(query, variables)
        assert "errors" not in body, body.get("errors")
        return body["data"]


@pytest.fixture(scope="session")
async def client(settings: Settings, population: Population) -> AsyncIterator[GraphQLClient]:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://simpul.test") as http:
        yield GraphQLClient(http)
    await app.state.hub.close()


class SourceDatabases:
    """Direct SQL access to the seeded agency databases, to compute expected answers."""

    def __init__(self, settings: Settings) -> None:
        self._sources = Sources.open(settings)

    async def rows(self, agency: str, sql: str, **params: Any) -> list[Any]:
        async with self._sources[agency].engine.connect() as conn:
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


def statements(body: dict[str, Any], agency: str) -> list[str]:
    """SQL statements an agency ran for a response (the hub runs with SIMPUL_EXPLAIN=1)."""
    sources = body.get("extensions", {}).get("sources", {})
    return list(sources.get(agency, {}).get("statements", []))
