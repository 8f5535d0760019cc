"""The logistics and registry agencies as nodes of their own (``simpul agency serve …``,
real subprocesses on real ports) and hubs that federate them, beside the session's hub
that reads the same databases directly. A plugin of the root conftest, so that every test
folder shares the one node of each agency."""

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from auth.keys import KeyRing
from gateway.settings import Settings
from resolvers.population import Population
from tests.remote.support import free_port, hub_with_node, jwks_server, node_source

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


@contextmanager
def node_process(agency: str, settings: Settings, jwks_url: str, log_path: Path) -> Iterator[str]:
    """The base URL of ``agency``'s node running as its own process."""
    port = free_port()
    log = log_path.open("wb")
    command = [str(Path(sys.executable).parent / "simpul"), "agency", "serve", agency]
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [*command, "--port", str(port)],
        env=node_environment(settings, jwks_url, agency),
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
def logistics_node(
    settings: Settings, population: Population, hub_jwks: str, node_log: Path
) -> Iterator[str]:
    """The base URL of a logistics node running as its own process."""
    with node_process("logistics", settings, hub_jwks, node_log) as url:
        yield url


@pytest.fixture(scope="session")
def registry_node_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the registry node writes its log."""
    return tmp_path_factory.mktemp("registry-node") / "node.log"


@pytest.fixture(scope="session")
def registry_node(
    settings: Settings, population: Population, hub_jwks: str, registry_node_log: Path
) -> Iterator[str]:
    """The base URL of a registry node running as its own process."""
    with node_process("registry", settings, hub_jwks, registry_node_log) as url:
        yield url


@pytest.fixture(scope="session")
async def federated(
    settings: Settings, logistics_node: str
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose logistics source is the node."""
    async with hub_with_node(settings, node_source(logistics_node)) as pair:
        yield pair


@pytest.fixture(scope="session")
async def registry_federated(
    settings: Settings, registry_node: str
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose registry source is the node."""
    async with hub_with_node(settings, node_source(registry_node), agency="registry") as pair:
        yield pair
