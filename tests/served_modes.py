"""Clients of the hub in the mode a test folder runs in (its ``served`` fixture): reading
an agency's database, or calling the agency's own node. Folders that run their tests in
both modes import these beside their own ``served``."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import GraphQLClient, mint

SOURCES = ("database", "node")


def served_by(federated: str) -> Any:
    """The ``served`` fixture of a folder run in both modes: the session's hub reading the
    databases, then the hub of the ``federated`` fixture, which calls the agency's node."""

    @pytest.fixture(scope="session", params=SOURCES)
    def served(
        request: pytest.FixtureRequest, app: Starlette, http: httpx.AsyncClient
    ) -> tuple[Starlette, httpx.AsyncClient]:
        if request.param == "database":
            return app, http
        hub: tuple[Starlette, httpx.AsyncClient] = request.getfixturevalue(federated)
        return hub

    return served


@pytest.fixture(scope="session")
def client(served: tuple[Starlette, httpx.AsyncClient]) -> GraphQLClient:
    """A national caller holding every scope, of the hub in this mode."""
    hub, http = served
    return GraphQLClient(http, mint(hub))


@pytest.fixture(scope="session")
def caller(served: tuple[Starlette, httpx.AsyncClient]) -> Callable[..., GraphQLClient]:
    return _callers(*served)


@pytest.fixture(scope="session")
def database_caller(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    """Callers of the hub reading the database, for tests of the SQL it runs."""
    return _callers(app, http)


def _callers(hub: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    def make(**grant: Any) -> GraphQLClient:
        return GraphQLClient(http, mint(hub, **grant))

    return make
