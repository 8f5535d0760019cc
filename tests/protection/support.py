"""Helpers for the protection tests: callers at addresses of their own, registered clients,
apps of their own, a real redis-server, and a TCP listener that never answers."""

import asyncio
import itertools
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.scopes import SCOPES
from gateway.app import create_app
from gateway.settings import Settings
from tests.conftest import BASE_URL, mint

GRAPHQL = "/graphql"
TOKEN = "/oauth/token"
REDIS_SERVER = "redis-server"

_addresses = itertools.count(1)


def fresh_address() -> str:
    """A caller address no other test uses, so its per-address bucket starts full."""
    number = next(_addresses)
    return f"10.77.{number // 200}.{number % 200 + 1}"


@asynccontextmanager
async def http_from(
    app: Starlette,
    token: str | None = None,
    address: str | None = None,
    *,
    raise_app_exceptions: bool = True,
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for ``app`` calling from ``address`` (a fresh one unless given).
    Without ``raise_app_exceptions`` an escaped exception is the 500 a caller would see."""
    transport = httpx.ASGITransport(
        app=app,
        client=(address or fresh_address(), 40_000),
        raise_app_exceptions=raise_app_exceptions,
    )
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=headers) as http:
        yield http


async def graphql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> httpx.Response:
    return await http.post(GRAPHQL, json={"query": query, "variables": variables or {}}, **kw)


def errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("errors") or [])


def codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in errors(body)]


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    found = errors(body)
    assert len(found) == 1, found
    return found[0]


def sql_ran(body: dict[str, Any]) -> bool:
    """Did any source run a statement? (The test hub runs with SIMPUL_EXPLAIN on.)"""
    sources = (body.get("extensions") or {}).get("sources") or {}
    return any(entry.get("statements") for entry in sources.values())


def assert_typed_json_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """A refusal that is typed JSON: no plain text, no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    assert codes(body) == [code], body
    assert body.get("data") is None
    return body


# --- registered clients -----------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    client_id: str
    secret: str


async def register(app: Starlette, name: str, **policy: int | bool) -> Registered:
    """A client holding every scope nationally, with the given policy overrides."""
    security = app.state.hub.security
    await security.prepare()
    created = await security.clients.add(name, frozenset(SCOPES), ("*",), "testing")
    client_id = created.client.client_id
    if policy:
        assert await security.clients.configure(client_id, **policy)
    return Registered(client_id, created.secret)


def token_of(app: Starlette, client: Registered) -> str:
    return mint(app, subject=client.client_id)


async def oauth_token(http: httpx.AsyncClient, client: Registered) -> str:
    """A token from the hub's token endpoint (client_secret_post)."""
    response = await http.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": client.secret,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@asynccontextmanager
async def separate_app(settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(settings)
    await app.state.hub.security.prepare()
    try:
        yield app
    finally:
        await app.state.hub.close()


# --- network ---------------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on (bound once to find it, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BlackHole:
    """A TCP listener that accepts connections, counts them and never answers."""

    def __init__(self) -> None:
        self.accepted = 0
        self.port = 0
        self._held: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._hold, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def _hold(self, _reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        self._held.append(writer)

    async def close(self) -> None:
        for writer in self._held:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


class RedisServer:
    """A real ``redis-server`` subprocess on a free port, without persistence."""

    def __init__(self, workdir: Path) -> None:
        executable = shutil.which(REDIS_SERVER)
        if executable is None:
            pytest.fail("redis-server is not installed; the Redis rate-limit tests need it")
        self.executable = executable
        self.workdir = workdir
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.executable, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        log = self.workdir / f"redis-{self.port}.log"
        with log.open("wb") as output:
            self._process = subprocess.Popen(  # noqa: S603 - a fixed command line
                command, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(f"redis-server exited at start: {log.read_text(errors='replace')}")
            if self._answers():
                return
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"redis-server did not answer on port {self.port}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
