"""Helpers for the security tests: hand-built tokens, a hub of their own, a JWKS server."""

import asyncio
import base64
import gc
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey
from starlette.applications import Starlette

from auth.tokens import AUDIENCE
from gateway.app import create_app
from gateway.security import Security
from gateway.settings import ExternalIssuer, Settings, sqlite_url
from tests.conftest import BASE_URL

ME = "{ me { clientId authenticated scopes regions purpose } }"

TOKEN_PATH = "/oauth/token"


# --- tokens built by hand -------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64json(value: Any) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def segments(token: str) -> list[str]:
    return token.split(".")


def header_of(token: str) -> dict[str, Any]:
    encoded = segments(token)[0]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    )
    return decoded


def claims(issuer: str, *, drop: Iterable[str] = (), **overrides: Any) -> dict[str, Any]:
    """The claims of a well-formed token from ``issuer``, changed as asked."""
    now = int(time.time())
    built: dict[str, Any] = {
        "iss": issuer,
        "sub": "forger-client",
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": secrets.token_urlsafe(8),
        "scope": "registry:read",
        "regions": ["32.04"],
        "purpose": "testing",
    }
    built.update(overrides)
    for name in drop:
        del built[name]
    return built


def sign(
    key: ECKey | RSAKey, payload: Mapping[str, Any], *, kid: str | None, alg: str = "ES256"
) -> str:
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    return jwt.encode(header, dict(payload), key, algorithms=[alg])


def sign_hs256(payload: Mapping[str, Any], secret: bytes, *, kid: str) -> str:
    """An HMAC token, built by hand so that no library refuses to make it."""
    signing_input = f"{b64json({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64json(payload)}"
    digest = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(digest)}"


def unsigned(payload: Mapping[str, Any], *, kid: str) -> str:
    return f"{b64json({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{b64json(payload)}."


def with_payload(token: str, payload: Mapping[str, Any]) -> str:
    """``token`` with its claims swapped and its signature kept."""
    header, _, signature = segments(token)
    return f"{header}.{b64json(payload)}.{signature}"


def new_ec_key(kid: str) -> ECKey:
    return ECKey.generate_key("P-256", parameters={"kid": kid, "alg": "ES256"}, private=True)


def public_jwks(*keys: ECKey | RSAKey) -> dict[str, Any]:
    return {"keys": [dict(key.as_dict(private=False)) for key in keys]}


# --- talking to a hub -----------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def ask_me(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post("/graphql", json={"query": ME}, headers=bearer(token))


async def me_of(http: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await ask_me(http, token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    me: dict[str, Any] = body["data"]["me"]
    return me


def assert_unauthenticated(response: httpx.Response) -> None:
    """The whole request refused for want of a valid token, and nothing else in the answer."""
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bearer" in response.headers.get("www-authenticate", "")


async def request_token(
    http: httpx.AsyncClient, client_id: str, secret: str, *, basic: bool = True, **form: str
) -> httpx.Response:
    """POST /oauth/token for the client-credentials grant, with the secret in the header
    (client_secret_basic) or in the form (client_secret_post)."""
    data = {"grant_type": "client_credentials", **form}
    if basic:
        return await http.post(TOKEN_PATH, data=data, auth=(client_id, secret))
    data.update(client_id=client_id, client_secret=secret)
    return await http.post(TOKEN_PATH, data=data)


@dataclass
class HubUnderTest:
    """A hub with its own keys and client database, over the session's seeded sources."""

    app: Starlette
    http: httpx.AsyncClient

    @property
    def security(self) -> Security:
        security: Security = self.app.state.hub.security
        return security

    @property
    def settings(self) -> Settings:
        settings: Settings = self.app.state.hub.settings
        return settings

    @property
    def keys_dir(self) -> Path:
        return self.settings.keys_dir


def isolated_settings(settings: Settings, folder: Path, *issuers: ExternalIssuer) -> Settings:
    return replace(
        settings,
        data_dir=folder,
        hub_url=sqlite_url(folder / "hub.db"),
        external_issuers=tuple(issuers),
    )


@asynccontextmanager
async def running_hub(settings: Settings) -> AsyncIterator[HubUnderTest]:
    app = create_app(settings)
    await app.state.hub.security.prepare()
    try:
        # An exception escaping the app shows as the 500 a caller would get.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield HubUnderTest(app, http)
    finally:
        await app.state.hub.close()


@asynccontextmanager
async def started_hub(settings: Settings) -> AsyncIterator[HubUnderTest]:
    """A hub of its own, started as a server starts it (its lifespan), and stopped after."""
    app = create_app(settings)
    gc.unfreeze()
    async with app.router.lifespan_context(app):
        try:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
                yield HubUnderTest(app, http)
        finally:
            gc.unfreeze()  # the start-up froze the test process's heap


def calls_of(monkeypatch: Any, owner: object, name: str) -> list[tuple[Any, ...]]:
    """The calls of the plain method ``owner.name`` from now on, each call's arguments."""
    calls: list[tuple[Any, ...]] = []
    method = getattr(owner, name)

    def counted(*args: Any) -> Any:
        calls.append(args)
        return method(*args)

    monkeypatch.setattr(owner, name, counted)
    return calls


def count_calls(monkeypatch: Any, owner: object, name: str) -> list[tuple[Any, ...]]:
    """The calls of the coroutine method ``owner.name`` from now on, each call's arguments."""
    calls: list[tuple[Any, ...]] = []
    method = getattr(owner, name)

    async def counted(*args: Any) -> Any:
        calls.append(args)
        return await method(*args)

    monkeypatch.setattr(owner, name, counted)
    return calls


# --- an identity provider's JWKS over real HTTP ---------------------------------------------


class JwksServer:
    """Serves ``document`` as JSON on 127.0.0.1 and counts the requests it answered."""

    def __init__(self) -> None:
        self.document: Any = {"keys": []}
        self.hits = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/.well-known/jwks.json"

    def serve(self, document: Any) -> None:
        self.document = document

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            self.hits += 1
            body = json.dumps(self.document).encode()
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode("ascii") + body)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            await writer.wait_closed()
