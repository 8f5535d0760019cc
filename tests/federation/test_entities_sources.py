"""A source that is down nulls only the entities it serves, each with its own error."""

from pathlib import Path

import httpx

from gateway.app import create_app
from gateway.settings import Settings, SourceSettings
from resolvers.population import Population
from tests.conftest import BASE_URL, mint
from tests.federation.support import ENTITIES, household


async def test_a_registry_that_is_down_nulls_only_the_registry_entries(
    settings: Settings, population: Population, tmp_path: Path
) -> None:
    missing = SourceSettings(f"sqlite+aiosqlite:///{tmp_path}/absent/registry.db", timeout=2)
    app = create_app(settings.with_sources(registry=missing))
    representations = [
        household(1),
        {"__typename": "Institution", "id": "1"},
        household(2),
        {"__typename": "Region", "code": "32"},
    ]
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            response = await http.post(
                "/graphql",
                json={"query": ENTITIES, "variables": {"representations": representations}},
                headers={"Authorization": f"Bearer {mint(app)}"},
            )
    finally:
        await app.state.hub.close()
    body = response.json()
    first, institution, second, region = body["data"]["_entities"]
    assert (first, second) == (None, None)
    assert institution["id"] == "1"
    assert region["code"] == "32"
    assert {tuple(e["path"]): e["extensions"] for e in body["errors"]} == {
        ("_entities", 0): {"code": "SOURCE_UNAVAILABLE", "agency": "registry"},
        ("_entities", 2): {"code": "SOURCE_UNAVAILABLE", "agency": "registry"},
    }
