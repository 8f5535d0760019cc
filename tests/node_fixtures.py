"""Agencies as nodes of their own (``simpul agency serve <agency>``, a real subprocess on a
real port) and hubs that federate them, beside the session's hub that reads the same
agency databases directly. A plugin of the root conftest, so that every test folder shares
one node per agency."""

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.keys import KeyRing
from gateway.settings import Settings
from resolvers.population import Population
from tests.remote.support import free_port, hub_with_node, hub_with_nodes, jwks_server, node_source

NODE_START_SECONDS = 30


@pytest.fixture(scope="session")
def hub_jwks(settings: Settings) -> Iterator[str]:
    with jwks_server(KeyRing(settings.keys_dir)) as url:
        yield url


def node_environment(
    settings: Settings, jwks_url: str, agency: str = "logistics"
) -> dict[str, str]:
    return {
        **os.environ,
        "SIMPUL_DATA_DIR": str(settings.data_dir),
        f"SIMPUL_{agency.upper()}_URL": settings.source(agency).url,
        "SIMPUL_ISSUER": settings.issuer,
        "SIMPUL_NODE_HUB_JWKS_URL": jwks_url,
    }


@pytest.fixture(scope="session")
def node_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the logistics node writes its log."""
    return tmp_path_factory.mktemp("node") / "node.log"


@pytest.fixture(scope="session")
def logistics_node(
    settings: Settings, population: Population, hub_jwks: str, node_log: Path
) -> Iterator[str]:
    """The base URL of a logistics node running as its own process."""
    with agency_node("logistics", settings, hub_jwks, node_log) as url:
        yield url


def own_node(agency: str) -> Any:
    """The session fixture ``<agency>_node``: the base URL of the agency's node running as
    its own process."""

    @pytest.fixture(scope="session", name=f"{agency}_node")
    def node(
        settings: Settings,
        population: Population,
        hub_jwks: str,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> Iterator[str]:
        log = tmp_path_factory.mktemp(f"{agency}-node") / "node.log"
        with agency_node(agency, settings, hub_jwks, log) as url:
            yield url

    return node


institutions_node = own_node("institutions")
regional_node = own_node("regional")
registry_node = own_node("registry")


@contextmanager
def agency_node(agency: str, settings: Settings, hub_jwks: str, log_path: Path) -> Iterator[str]:
    """``simpul agency serve <agency>`` on a free port, until the block ends."""
    port = free_port()
    log = log_path.open("wb")
    command = [str(Path(sys.executable).parent / "simpul"), "agency", "serve", agency]
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [*command, "--port", str(port)],
        env=node_environment(settings, hub_jwks, agency),
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + NODE_START_SECONDS
    try:
        while True:
            assert process.poll() is None, Path(log.name).read_text()
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the {agency} node did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture(scope="session")
async def federated(
    settings: Settings, logistics_node: str
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose logistics source is the node."""
    async with hub_with_node(settings, node_source(logistics_node)) as pair:
        yield pair


def federated_by(agency: str) -> Any:
    """The session fixture ``federated_<agency>``: a hub whose ``agency`` source is that
    agency's node."""

    @pytest.fixture(scope="session", name=f"federated_{agency}")
    async def federated_hub(
        settings: Settings, request: pytest.FixtureRequest
    ) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
        url = request.getfixturevalue(f"{agency}_node")
        async with hub_with_node(settings, node_source(url), agency=agency) as pair:
            yield pair

    return federated_hub


@pytest.fixture(scope="session")
async def federated_everywhere(
    settings: Settings,
    logistics_node: str,
    institutions_node: str,
    regional_node: str,
    registry_node: str,
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub none of whose agencies it reads directly: every one runs its own node."""
    nodes = {
        "logistics": logistics_node,
        "institutions": institutions_node,
        "regional": regional_node,
        "registry": registry_node,
    }
    sources = {agency: node_source(url) for agency, url in nodes.items()}
    async with hub_with_nodes(settings, sources) as pair:
        yield pair


federated_institutions = federated_by("institutions")
federated_regional = federated_by("regional")
federated_registry = federated_by("registry")
