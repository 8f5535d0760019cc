"""A source that is down or hangs nulls only its own fields; everything else answers."""

import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import httpx

from gateway.app import create_app
from gateway.settings import Settings, SourceSettings
from resolvers.population import Population
from tests.conftest import BASE_URL, mint

CROSS_AGENCY = """
query CrossAgency($id: ID!) {
  region(code: "32.04") { name socialOffice { name } }
  household(id: $id) { id verificationVisits { outcome } aidReceived { distributedOn } }
  households(first: 3) { totalCount edges { node { id } } }
}
"""


@asynccontextmanager
async def _client_with(
    settings: Settings, **sources: SourceSettings
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.with_sources(**sources))
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {mint(app)}"}
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE_URL, headers=headers
        ) as http:
            yield http
    finally:
        await app.state.hub.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_unreachable_registry_nulls_only_registry_fields(
    settings: Settings, population: Population, tmp_path: Path
) -> None:
    missing = SourceSettings(f"sqlite+aiosqlite:///{tmp_path}/absent/registry.db", timeout=2)
    async with _client_with(settings, registry=missing) as http:
        body = (
            await http.post("/graphql", json={"query": CROSS_AGENCY, "variables": {"id": "1"}})
        ).json()
    assert body["data"]["region"]["name"] == "Kabupaten Bandung"
    assert body["data"]["region"]["socialOffice"]["name"]
    assert body["data"]["household"] is None
    assert body["data"]["households"] is None
    failed = {tuple(e["path"]): e["extensions"] for e in body["errors"]}
    assert failed == {
        ("household",): {"code": "SOURCE_UNAVAILABLE", "agency": "registry"},
        ("households",): {"code": "SOURCE_UNAVAILABLE", "agency": "registry"},
    }
    assert not (tmp_path / "absent").exists()


async def test_down_logistics_source_fails_its_link_on_every_path(
    settings: Settings, population: Population
) -> None:
    refused = SourceSettings(f"postgresql+asyncpg://simpul@127.0.0.1:{_closed_port()}/logistics", 2)
    async with _client_with(settings, logistics=refused) as http:
        body = (
            await http.post("/graphql", json={"query": CROSS_AGENCY, "variables": {"id": "1"}})
        ).json()
    assert body["data"]["household"]["id"] == "1"
    assert body["data"]["household"]["aidReceived"] is None
    assert isinstance(body["data"]["household"]["verificationVisits"], list)
    assert [e["path"] for e in body["errors"]] == [["household", "aidReceived"]]
    assert body["errors"][0]["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
    assert "asyncpg" not in str(body) and "127.0.0.1" not in str(body)


async def test_hanging_source_times_out_within_its_own_timeout(
    settings: Settings, population: Population, black_hole: int
) -> None:
    hanging = SourceSettings(f"postgresql+asyncpg://simpul@127.0.0.1:{black_hole}/regional", 0.5)
    async with _client_with(settings, regional=hanging) as http:
        started = time.perf_counter()
        body = (
            await http.post("/graphql", json={"query": CROSS_AGENCY, "variables": {"id": "1"}})
        ).json()
        elapsed = time.perf_counter() - started
    assert elapsed < 3
    assert body["data"]["households"]["totalCount"] > 0
    assert body["data"]["region"]["socialOffice"] is None
    assert body["data"]["household"]["verificationVisits"] is None
    assert {e["extensions"]["agency"] for e in body["errors"]} == {"regional"}


async def test_readyz_names_the_source_that_is_down(
    settings: Settings, population: Population
) -> None:
    refused = SourceSettings(f"postgresql+asyncpg://simpul@127.0.0.1:{_closed_port()}/regional", 1)
    async with _client_with(settings, regional=refused) as http:
        ready = await http.get("/readyz")
        alive = await http.get("/healthz")
    assert ready.status_code == 503
    sources = ready.json()["sources"]
    assert sources["regional"]["ready"] is False
    assert all(sources[agency]["ready"] for agency in ("registry", "institutions", "logistics"))
    assert alive.status_code == 200


async def test_readyz_is_ready_when_every_source_answers(
    settings: Settings, population: Population
) -> None:
    async with _client_with(replace(settings)) as http:
        ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
