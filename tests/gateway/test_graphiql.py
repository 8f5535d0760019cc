"""GraphiQL is served at GET /graphql with the saved example operations."""

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.graphiql import DEMO_GRANT, examples
from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import BASE_URL, GraphQLClient, mint

_CONFIG = re.compile(r'<script id="simpul-config" type="application/json">(.*?)</script>', re.S)


async def _page_config(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    found = _CONFIG.search(response.text)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


async def test_get_without_query_serves_graphiql_with_examples(client: GraphQLClient) -> None:
    tabs = (await _page_config(client.http))["examples"]
    assert [tab["query"] for tab in tabs] == list(examples().values())
    assert len(tabs) >= 5


async def test_every_example_runs_without_errors_for_a_national_caller(
    client: GraphQLClient,
) -> None:
    for query in examples().values():
        data = await client.data(query)
        assert all(value is not None for value in data.values()), query


async def test_every_example_runs_without_errors_for_the_demo_token(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    demo = GraphQLClient(http, mint(app, DEMO_GRANT.scopes, DEMO_GRANT.regions, "demo"))
    for query in examples().values():
        data = await demo.data(query)
        assert all(value is not None for value in data.values()), query


async def test_header_editor_explains_how_to_get_a_token(client: GraphQLClient) -> None:
    headers = json.loads((await _page_config(client.http))["headers"])
    assert "/oauth/token" in headers["Authorization"]
    assert "simpul token" in headers["Authorization"]


async def test_dev_mode_prefills_a_working_demo_token_without_pii(
    settings: Settings, population: Population
) -> None:
    app = create_app(replace(settings, dev_mode=True))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            headers = json.loads((await _page_config(http))["headers"])
            demo = GraphQLClient(http)
            demo.headers = headers
            me = (await demo.data("{ me { clientId scopes regions } }"))["me"]
    finally:
        await app.state.hub.close()
    assert me["clientId"] == "graphiql-demo"
    assert me["regions"] == ["32"]
    assert not any(scope.endswith(":pii") for scope in me["scopes"])


async def _page_with_ui_dir(settings: Settings, ui_dir: Path) -> tuple[str, int]:
    app = create_app(replace(settings, ui_dir=ui_dir))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            page = await http.get("/graphql", headers={"accept": "text/html"})
            asset = await http.get("/graphiql/graphiql.js")
    finally:
        await app.state.hub.close()
    return page.text, asset.status_code


async def test_graphiql_assets_are_served_by_the_hub_when_installed(
    settings: Settings, population: Population, tmp_path: Path
) -> None:
    for name in ("graphiql.js", "graphiql.css", "react.js", "react-dom.js"):
        (tmp_path / name).write_text("/* asset */")
    page, asset_status = await _page_with_ui_dir(settings, tmp_path)
    assert 'src="/graphiql/graphiql.js"' in page
    assert asset_status == 200


async def test_graphiql_falls_back_to_its_cdn_without_local_assets(
    settings: Settings, population: Population, tmp_path: Path
) -> None:
    page, asset_status = await _page_with_ui_dir(settings, tmp_path / "absent")
    assert "unpkg.com/graphiql@" in page
    assert asset_status == 404
