"""Who asks the fuzzed endpoint, and what is sent: tokens drawn from the scopes and regions,
anonymous and garbage callers, each from an address of its own, and the HTTP requests."""

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import event
from hypothesis import strategies as st
from starlette.applications import Starlette

from auth.scopes import SCOPES
from tests.conftest import BASE_URL, mint
from tests.fuzz.support import Exchange, check
from tests.fuzz.truth import Caller, Truth

READS = frozenset(scope for scope in SCOPES if scope.endswith(":read"))
_subjects = itertools.count()
_addresses = itertools.count()


def transport(app: Starlette, address: str) -> httpx.AsyncClient:
    # An exception escaping the app becomes the 500 a real server would send.
    asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 40000))
    return httpx.AsyncClient(transport=asgi, base_url=BASE_URL)


@dataclass(frozen=True)
class Grant:
    kind: str  # token, anonymous or garbage
    scopes: frozenset[str] = frozenset()
    regions: tuple[str, ...] = ()
    garbage: str = ""


_ORDER = sorted(SCOPES)
_ODDS = [8 if scope.endswith(":read") else 3 for scope in _ORDER]  # in 10
_GARBAGE = st.one_of(
    st.text(st.characters(min_codepoint=33, max_codepoint=126)).map("Bearer {}x".format),
    st.sampled_from(["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "bearer  "]),
    st.sampled_from(["forged", "none", "truncated", "unknown-scope"]),
)


def grants(truth: Truth) -> st.SearchStrategy[Grant]:
    """Mostly tokens (reads likely, PII and the rest less so), some anonymous, some garbage."""
    rolls = st.lists(st.integers(0, 9), min_size=len(_ORDER), max_size=len(_ORDER))
    scopes = rolls.map(
        lambda r: frozenset(s for s, n, o in zip(_ORDER, r, _ODDS, strict=True) if n < o)
    )
    some = st.lists(st.sampled_from(truth.region_pool), min_size=1, max_size=3, unique=True)
    regions = st.integers(0, 9).flatmap(lambda roll: st.just([]) if roll == 0 else some)
    token = st.builds(Grant, st.just("token"), scopes, regions.map(tuple))
    garbage = st.builds(Grant, st.just("garbage"), garbage=_GARBAGE)
    return st.integers(0, 9).flatmap(
        lambda roll: token if roll < 8 else garbage if roll == 8 else st.just(Grant("anonymous"))
    )


def caller_for(app: Starlette, grant: Grant) -> Caller:
    """Each token gets a subject of its own, so the rate limits never get in the way."""
    subject = f"fuzz-{next(_subjects)}"
    if grant.kind == "token":
        token = mint(app, grant.scopes, grant.regions, "fuzzing", subject)
        return Caller(f"Bearer {token}", grant.scopes, grant.regions, valid=True)
    if grant.kind == "anonymous":
        return Caller(None)
    head, payload, signature = mint(app, READS, ("*",), "fuzzing", subject).split(".")
    forged = {
        "forged": f"Bearer {head}.{payload}.{signature[::-1]}",
        "none": f"Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.",
        "truncated": f"Bearer {head}.{payload}",
        "unknown-scope": f"Bearer {mint(app, {'registry:admin'}, ('*',), None, subject)}",
    }
    return Caller(forged.get(grant.garbage, grant.garbage))


@dataclass(frozen=True)
class Wire:
    """One HTTP request to /graphql."""

    content: bytes = b""
    method: str = "POST"
    content_type: str = "application/json"
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, query: Any, variables: Any = None) -> "Wire":
        return cls(json.dumps({"query": query, "variables": variables}).encode())


async def send(app: Starlette, http: httpx.AsyncClient, caller: Caller, wire: Wire) -> Exchange:
    headers = {"content-type": wire.content_type}
    if caller.header is not None:
        headers["authorization"] = caller.header
    content = None if wire.method == "GET" else wire.content
    options: dict[str, Any] = {"headers": headers, "params": wire.params, "content": content}
    if caller.valid:
        response = await http.request(wire.method, "/graphql", **options)
    else:
        # Anonymous callers are limited per address: each one comes from an address of its own.
        count = next(_addresses)
        async with transport(app, f"10.77.{count // 250 % 250}.{count % 250 + 1}") as own:
            response = await own.request(wire.method, "/graphql", **options)
    sent = wire.content.decode("utf-8", "replace") + json.dumps(wire.params)
    return Exchange(caller, sent, response.status_code, response.text)


async def fuzz_once(
    app: Starlette, http: httpx.AsyncClient, truth: Truth, grant: Grant, wire: Wire
) -> None:
    exchange = await send(app, http, caller_for(app, grant), wire)
    event(f"HTTP {exchange.status}")  # shown by --hypothesis-show-statistics
    if exchange.text.startswith("{"):
        event(f"codes {' '.join(sorted(exchange.codes)) or '-'}")
    check(exchange, truth)
