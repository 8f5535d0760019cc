"""GraphiQL, served from local assets when installed (``make assets``), else from a CDN."""

import html
import json
from functools import cache
from importlib import resources
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

from auth.scopes import read
from auth.tokens import Grant
from gateway.hub import Hub

_ASSETS = {
    "react.js": "https://unpkg.com/react@18.2.0/umd/react.production.min.js",
    "react-dom.js": "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js",
    "graphiql.js": "https://unpkg.com/graphiql@3.8.3/graphiql.min.js",
    "graphiql.css": "https://unpkg.com/graphiql@3.8.3/graphiql.min.css",
}

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Simpul · GraphiQL</title>
<link rel="stylesheet" href="{graphiql_css}">
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="{react_js}"></script>
<script src="{react_dom_js}"></script>
<script src="{graphiql_js}"></script>
<script id="simpul-config" type="application/json">{config}</script>
<script>
  const config = JSON.parse(document.getElementById("simpul-config").textContent);
  const fetcher = GraphiQL.createFetcher({{ url: config.endpoint }});
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {{
      fetcher,
      defaultTabs: config.examples,
      defaultHeaders: config.headers,
      shouldPersistHeaders: true,
    }})
  );
</script>
</body>
</html>
"""


@cache
def examples() -> dict[str, str]:
    """The saved example operations, by file name."""
    folder = resources.files("gateway").joinpath("examples")
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".graphql")
    }


def asset_urls(ui_dir: Path) -> dict[str, str]:
    return {
        name: f"/graphiql/{name}" if (ui_dir / name).is_file() else cdn
        for name, cdn in _ASSETS.items()
    }


DEMO_GRANT = Grant(
    subject="graphiql-demo",
    scopes=frozenset(
        read(agency) for agency in ("registry", "regional", "institutions", "logistics")
    ),
    regions=("32",),
    purpose="demo",
)
DEMO_TTL = 8 * 3600
_HOW_TO = (
    "Bearer PASTE-A-TOKEN-HERE (partners: POST /oauth/token with client credentials;"
    " operators: simpul token; without this header only public fields answer)"
)


def preset_headers(hub: Hub) -> str:
    """The header editor's starting text: in dev mode a demo token, else how to get one."""
    if hub.settings.dev_mode:
        token = hub.security.issuer.issue(DEMO_GRANT, DEMO_TTL)
        return json.dumps({"Authorization": f"Bearer {token}"}, indent=2)
    return json.dumps({"Authorization": _HOW_TO}, indent=2)


def graphiql_page(request: Request, hub: Hub) -> HTMLResponse:
    urls = asset_urls(hub.settings.ui_dir)
    config = {
        "endpoint": str(request.url.replace(query="", fragment="")),
        "examples": [{"query": text, "variables": ""} for text in examples().values()],
        "headers": preset_headers(hub),
    }
    page = _PAGE.format(
        graphiql_css=html.escape(urls["graphiql.css"]),
        react_js=html.escape(urls["react.js"]),
        react_dom_js=html.escape(urls["react-dom.js"]),
        graphiql_js=html.escape(urls["graphiql.js"]),
        config=json.dumps(config).replace("</", "<\\/"),
    )
    return HTMLResponse(page)
