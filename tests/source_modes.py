"""An agency's query tests, run twice: against the hub reading the agency's database, and
against the hub calling the agency's own node; the expectations are the same.

A test folder's conftest takes its fixtures from ``source_modes``: ``client`` and
``caller`` of the hub in each mode, and ``database_caller`` for tests of the SQL it runs.
"""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import GraphQLClient, mint

SOURCES = ("database", "node")


def source_modes(federated: str) -> tuple[Any, ...]:
    """The fixtures ``source_mode`` (which source), ``served``, ``client``, ``caller`` and
    ``database_caller``; ``federated`` names the fixture of the hub that calls the node."""

    @pytest.fixture(scope="session", params=SOURCES, name="source_mode")
    def source_mode(request: pytest.FixtureRequest) -> str:
        return str(request.param)

    @pytest.fixture(scope="session", name="served")
    def served(
        source_mode: str, request: pytest.FixtureRequest, app: Starlette, http: httpx.AsyncClient
    ) -> tuple[Starlette, httpx.AsyncClient]:
        if source_mode == "database":
            return app, http
        hub: tuple[Starlette, httpx.AsyncClient] = request.getfixturevalue(federated)
        return hub

    @pytest.fixture(scope="session", name="client")
    def client(served: tuple[Starlette, httpx.AsyncClient]) -> GraphQLClient:
        """A national caller holding every scope, of the hub in this mode."""
        hub, http = served
        return GraphQLClient(http, mint(hub))

    @pytest.fixture(scope="session", name="caller")
    def caller(served: tuple[Starlette, httpx.AsyncClient]) -> Callable[..., GraphQLClient]:
        return _callers(*served)

    @pytest.fixture(scope="session", name="database_caller")
    def database_caller(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
        """Callers of the hub reading the database, for tests of the SQL it runs."""
        return _callers(app, http)

    return source_mode, served, client, caller, database_caller


def _callers(hub: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    def make(**grant: Any) -> GraphQLClient:
        return GraphQLClient(http, mint(hub, **grant))

    return make
