"""Every logistics query test runs twice: against the hub reading the agency's database,
and against the hub calling the agency's own node; the expectations are the same."""

import httpx
import pytest
from starlette.applications import Starlette

from tests.served_modes import SOURCES, caller, client, database_caller

__all__ = ["caller", "client", "database_caller"]


@pytest.fixture(scope="session", params=SOURCES)
def logistics_source(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def served(
    logistics_source: str, app: Starlette, http: httpx.AsyncClient, request: pytest.FixtureRequest
) -> tuple[Starlette, httpx.AsyncClient]:
    if logistics_source == "database":
        return app, http
    federated: tuple[Starlette, httpx.AsyncClient] = request.getfixturevalue("federated")
    return federated
