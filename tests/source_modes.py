"""Fixtures that run an agency's query tests twice: against the hub reading the agency's
database, and against a hub calling the agency's own node. A test folder's conftest imports
them and names, in ``node_hub``, the fixture of the hub that federates its agency's node."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import GraphQLClient, mint

SOURCES = ("database", "node")


@pytest.fixture(scope="session", params=SOURCES)
def source_mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def served(
    source_mode: str,
    node_hub: str,
    app: Starlette,
    http: httpx.AsyncClient,
    request: pytest.FixtureRequest,
) -> tuple[Starlette, httpx.AsyncClient]:
    if source_mode == "database":
        return app, http
    federated: tuple[Starlette, httpx.AsyncClient] = request.getfixturevalue(node_hub)
    return federated


@pytest.fixture(scope="session")
def client(served: tuple[Starlette, httpx.AsyncClient]) -> GraphQLClient:
    """A national caller holding every scope, of the hub in this mode."""
    hub, http = served
    return GraphQLClient(http, mint(hub))


@pytest.fixture(scope="session")
def caller(served: tuple[Starlette, httpx.AsyncClient]) -> Callable[..., GraphQLClient]:
    return callers(*served)


@pytest.fixture(scope="session")
def database_caller(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    """Callers of the hub reading the database, for tests of the SQL it runs."""
    return callers(app, http)


def callers(hub: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    def make(**grant: Any) -> GraphQLClient:
        return GraphQLClient(http, mint(hub, **grant))

    return make
