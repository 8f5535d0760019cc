"""Callers the access tests share, hubs of a test's own, and the cross-border copy."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette

from auth.keys import KeyRing
from gateway.settings import Settings, sqlite_url
from resolvers.population import Population
from tests.access.border import Border, build_border
from tests.access.support import READS, REGENCY, Caller, OwnHub, own_hub
from tests.conftest import EVERY_SCOPE, GraphQLClient


@pytest.fixture(scope="session")
def masked(caller: Caller) -> GraphQLClient:
    """A national caller that may read every agency but holds no PII scope."""
    return caller(scopes=READS)


@pytest.fixture(scope="session")
def regency(caller: Caller) -> GraphQLClient:
    """A caller holding every scope, limited to one regency."""
    return caller(scopes=EVERY_SCOPE, regions=[REGENCY])


@pytest.fixture
async def fresh_hub(settings: Settings, tmp_path: Path) -> AsyncIterator[OwnHub]:
    """The seeded sources behind a hub database of this test's own."""
    async with own_hub(settings, sqlite_url(tmp_path / "hub.db")) as hub:
        yield hub


@dataclass(frozen=True)
class BorderHub:
    border: Border
    hub: OwnHub

    @property
    def app(self) -> Starlette:
        return self.hub.app

    def client(self, regions: list[str]) -> GraphQLClient:
        return self.hub.client(scopes=EVERY_SCOPE, regions=regions)


@pytest.fixture(scope="session")
async def border_hub(
    sqlite_data_dir: Path, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BorderHub]:
    border = build_border(sqlite_data_dir, tmp_path_factory.mktemp("simpul-border"))
    settings = Settings.load({"SIMPUL_DATA_DIR": str(border.data_dir)})
    KeyRing(settings.keys_dir).current()
    async with own_hub(settings, settings.hub_url) as hub:
        yield BorderHub(border, hub)
