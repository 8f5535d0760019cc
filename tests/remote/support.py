"""Servers on real ports for the remote-source tests: the hub's JWKS, fake agency nodes,
and a hub whose source of an agency is that agency's node."""

import json
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from auth.caller_context import CallerContext, Write, issue_caller_context
from auth.keys import KeyRing
from auth.principal import Principal
from auth.regions import RegionScope
from auth.scopes import SCOPES
from gateway.app import create_app
from gateway.settings import Settings, SourceSettings
from gateway.telemetry import Telemetry
from resolvers.agency_index import scopes_needed
from schema.node.build import node_schema
from tests.conftest import BASE_URL, mint


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1, in a thread of its own."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", http="h11"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def jwks_server(keys: KeyRing) -> Iterator[str]:
    """The hub's public keys at ``/.well-known/jwks.json``, read from its key folder on every
    request (as every hub instance publishes them)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(keys.jwks()).encode()
            self.send_response(200 if self.path == "/.well-known/jwks.json" else 404)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


class IgnoresRegions:
    """A node's verifier that forgets whom it serves: every caller sees the whole country."""

    async def verify(self, token: str) -> CallerContext:
        national = Principal("anyone", frozenset(SCOPES), RegionScope.of(["*"]), None)
        return CallerContext(national, "request-ignored")


def recording_node(seen: list[dict[str, str]], agency: str = "logistics") -> Starlette:
    """A node that keeps the headers of each call, shows its real schema and lists nothing."""
    sdl = node_schema(agency).execute_sync("{ _service { sdl } }").data

    async def graphql(request: Request) -> JSONResponse:
        seen.append(dict(request.headers))
        query = (await request.json())["query"]
        if "_service" in query:
            return JSONResponse({"data": sdl})
        aliases = re.findall(r"\b(f\d+_\d+): ", query)
        return JSONResponse({"data": {alias: [] for alias in aliases}})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


def node_sdl(agency: str = "logistics") -> str:
    """The SDL of an agency's reference node."""
    data = node_schema(agency).execute_sync("{ _service { sdl } }").data
    assert data is not None
    return str(data["_service"]["sdl"])


def lacking_node(agency: str, field: str, asked: list[str]) -> Starlette:
    """A node whose SDL lacks ``field``; it counts the calls that are not the schema check."""
    text = node_sdl(agency)
    assert f"  {field}\n" in text
    text = text.replace(f"  {field}\n", "")

    async def graphql(request: Request) -> JSONResponse:
        query = (await request.json())["query"]
        if "_service" in query:
            return JSONResponse({"data": {"_service": {"sdl": text}}})
        asked.append(query)
        return JSONResponse({"data": None, "errors": [{"message": "no"}]})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


def answering_node(agency: str, answers: dict[str, Any]) -> Starlette:
    """A node with the agency's SDL that answers each root field it is asked, whatever the
    arguments, with ``answers[field]`` (an empty list for a field not in ``answers``), and
    every ``_entities`` call with ``answers["_entities"]``."""
    sdl = {"_service": {"sdl": node_sdl(agency)}}

    async def graphql(request: Request) -> JSONResponse:
        query = (await request.json())["query"]
        if "_service" in query:
            return JSONResponse({"data": sdl})
        fields = re.findall(r"\b(f\d+_\d+|e\d+): (\w+)", query)
        return JSONResponse({"data": {alias: answers.get(name, []) for alias, name in fields}})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


def assert_not_ready(ready: httpx.Response, agency: str, *named: str) -> None:
    """``/readyz`` says the agency's node is not ready, naming each of ``named``, while
    every other source is."""
    assert ready.status_code == 503
    sources = ready.json()["sources"]
    assert sources[agency]["ready"] is False
    assert all(name in sources[agency]["detail"] for name in named)
    assert all(state["ready"] for source, state in sources.items() if source != agency)


def losing_answers(node: str, lost: int) -> tuple[Starlette, list[int]]:
    """A way to ``node`` that passes every call on and loses the first ``lost`` answers
    to a write (HTTP 503, as a gateway that timed out would): the node did the work."""
    writes: list[int] = []

    async def graphql(request: Request) -> Response:
        body = await request.body()
        headers = {name: value for name, value in request.headers.items() if name != "host"}
        async with httpx.AsyncClient() as http:
            answer = await http.post(f"{node}/graphql", content=body, headers=headers)
        if b"agencyWrite" in body:
            writes.append(answer.status_code)
            if len(writes) <= lost:
                return Response(status_code=503)
        return Response(answer.content, answer.status_code, media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])]), writes


def caller_token(
    settings: Settings, agency: str, principal: Principal, write: Write | None = None
) -> str:
    """A caller-context token as the hub signs it for ``agency``'s node (for one write)."""
    return issue_caller_context(
        KeyRing(settings.keys_dir),
        settings.issuer,
        f"simpul:{agency}",
        agency,
        principal,
        "request-0001",
        scopes_needed(agency),
        write,
    )


async def post_to_node(
    node: str, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    """The node's answer to one call, as the hub would make it."""
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{node}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    answer: dict[str, Any] = response.json()
    return answer


def node_source(url: str, **options: Any) -> SourceSettings:
    return SourceSettings(f"{url}/graphql", kind="graphql", **{"timeout": 5.0, **options})


@asynccontextmanager
async def hub_with_node(
    settings: Settings,
    source: SourceSettings,
    telemetry: Telemetry | None = None,
    agency: str = "logistics",
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose ``agency`` source is ``source``, checked as at start-up."""
    async with hub_with_nodes(settings, {agency: source}, telemetry) as pair:
        yield pair


@asynccontextmanager
async def hub_with_nodes(
    settings: Settings, sources: Mapping[str, SourceSettings], telemetry: Telemetry | None = None
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose agencies' sources are ``sources``, checked as at start-up. (Not through
    the app's lifespan, which also freezes the process's heap for the collector: right for a
    server, wrong for a test session.)"""
    app = create_app(settings.with_sources(**sources), telemetry)
    await app.state.hub.security.prepare()
    await app.state.hub.check_remote_sources()
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield app, http
    finally:
        await app.state.hub.close()


async def ask(
    http: httpx.AsyncClient, app: Starlette, operation: str, variables: Any = None, **grant: Any
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {mint(app, **grant)}"}
    response = await http.post(
        "/graphql", json={"query": operation, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def calls(body: dict[str, Any], agency: str = "logistics") -> int:
    """HTTP calls (or SQL statements) an agency served for a response (explain mode)."""
    return len(body.get("extensions", {}).get("sources", {}).get(agency, {}).get("statements", []))


def assert_shown_as_stored(remote: dict[str, Any], direct: dict[str, Any]) -> None:
    """Each list a careless node served counts what the database counts and shows only
    records the database shows, each exactly as it shows them. A page may come short: the
    node filled it with records from elsewhere, which the hub dropped."""
    assert "errors" not in remote, remote["errors"]
    assert remote["data"].keys() == direct["data"].keys()
    shown_at_all = 0
    for name, listed in remote["data"].items():
        stored = direct["data"][name]
        assert listed.get("totalCount") == stored.get("totalCount"), name
        shown = {edge["node"]["id"]: edge["node"] for edge in listed.get("edges", ())}
        expected = {edge["node"]["id"]: edge["node"] for edge in stored.get("edges", ())}
        assert shown.items() <= expected.items(), name
        shown_at_all += len(shown)
    assert shown_at_all > 0


def without_extensions(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "extensions"}
