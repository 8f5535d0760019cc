"""The oversight dashboard: a static page and its script, served by the hub under a strict CSP."""

import json
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from schema.oversight_findings import AnomalyType

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
_ASSETS = {"oversight.js": "text/javascript", "oversight.css": "text/css"}
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simpul · Oversight</title>
<link rel="stylesheet" href="/oversight/oversight.css">
</head>
<body>
<header>
  <h1>Simpul · Oversight</h1>
  <form id="token-form" autocomplete="off">
    <label>Bearer token <input id="token" type="password" spellcheck="false"></label>
    <label>Region <input id="region-input" placeholder="32 or *" size="14"></label>
    <button id="open" type="submit">Open</button>
    <button id="forget" type="button">Forget token</button>
  </form>
</header>
<main>
  <p id="status" role="status"></p>
  <p id="error" role="alert" hidden></p>
  <nav id="breadcrumb" aria-label="Regions"></nav>
  <section id="summary" hidden>
    <h2 id="summary-title"></h2>
    <div id="chart"></div>
    <table id="children">
      <thead><tr id="children-head"></tr></thead>
      <tbody id="children-body"></tbody>
    </table>
  </section>
  <section id="list" hidden>
    <h2>Anomalies <span id="anomaly-count"></span></h2>
    <button id="export" type="button">Export CSV</button>
    <table id="anomalies">
      <thead><tr>
        <th>Type</th><th>Region</th><th>Village</th><th>Observed</th>
        <th>Household</th><th>NIK</th><th>Evidence</th>
      </tr></thead>
      <tbody id="anomalies-body"></tbody>
    </table>
    <button id="more" type="button" hidden>Load more</button>
  </section>
</main>
<script id="oversight-config" type="application/json">{config}</script>
<script src="/oversight/oversight.js"></script>
</body>
</html>
"""


@cache
def _asset(name: str) -> bytes:
    return resources.files("gateway").joinpath("static", name).read_bytes()


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


async def oversight_page(request: Request) -> Response:
    """The page; its only data is a JSON configuration, never run as script."""
    config = {"endpoint": "/graphql", "types": [kind.name for kind in AnomalyType]}
    page = _PAGE.format(config=json.dumps(config).replace("</", "<\\/"))
    return _secured(HTMLResponse(page))


async def oversight_asset(request: Request) -> Response:
    """The page's script and style sheet, from the package."""
    name = request.path_params["asset"]
    media_type = _ASSETS.get(name)
    if media_type is None:
        return _secured(Response("Not Found", status_code=404, media_type="text/plain"))
    return _secured(Response(_asset(name), media_type=media_type))
