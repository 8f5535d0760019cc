"""Every registry query test here runs twice: against the hub reading the registry's
database, and against the hub calling the registry's own node; the expectations are the
same."""

import httpx
import pytest
from starlette.applications import Starlette

from tests.served_modes import SOURCES, caller, client, database_caller

__all__ = ["caller", "client", "database_caller"]


@pytest.fixture(scope="session", params=SOURCES)
def registry_source(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def served(
    registry_source: str, app: Starlette, http: httpx.AsyncClient, request: pytest.FixtureRequest
) -> tuple[Starlette, httpx.AsyncClient]:
    if registry_source == "database":
        return app, http
    federated: tuple[Starlette, httpx.AsyncClient] = request.getfixturevalue("registry_federated")
    return federated
