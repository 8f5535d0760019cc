"""Helpers for the access tests: scope sets, readings of an answer, stored truth, own hubs."""

import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from auth.audit import AuditLog
from gateway.app import create_app
from gateway.settings import Settings
from tests.conftest import BASE_URL, EVERY_SCOPE, GraphQLClient, mint

AGENCIES = ("registry", "regional", "institutions", "logistics")
READS = frozenset(f"{agency}:read" for agency in AGENCIES)
PIIS = frozenset(f"{agency}:pii" for agency in AGENCIES)
REGENCY = "32.04"
# A NIK of the right form; refused fields never look it up.
SOME_NIK = "3204012501900001"

Path = tuple[str | int, ...]
Caller = Callable[..., GraphQLClient]


def without(*scopes: str) -> frozenset[str]:
    """Every scope but ``scopes``."""
    return EVERY_SCOPE - set(scopes)


def request_id() -> str:
    return f"access-{uuid.uuid4().hex}"


# -- reading an answer ---------------------------------------------------------------------


def errors_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("errors") or [])


def codes_at(body: dict[str, Any]) -> dict[Path, str]:
    """Each error's path and code."""
    return {
        tuple(error.get("path") or ()): str((error.get("extensions") or {}).get("code"))
        for error in errors_of(body)
    }


def dig(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def ids(items: Iterable[dict[str, Any]]) -> list[int]:
    return [int(item["id"]) for item in items]


# -- the rules, written out independently of the code under test ---------------------------


def under(code: str, prefix: str) -> bool:
    """The dotted-boundary rule: ``code`` is ``prefix`` or lies below it."""
    return code == prefix or code.startswith(f"{prefix}.")


def related(code: str, prefix: str) -> bool:
    """``code`` lies below ``prefix`` or above it (events and warehouses may sit above)."""
    return under(code, prefix) or under(prefix, code)


def masked_number(stored: str) -> str:
    """A 16-digit NIK or No. KK as the contract shows it: ``3204********0012``."""
    assert len(stored) == 16, stored
    return f"{stored[:4]}{'*' * 8}{stored[-4:]}"


def is_masked_name(shown: str, stored: str) -> bool:
    """Each word keeps only its initial, the rest of it is stars."""
    shown_words, stored_words = shown.split(), stored.split()
    return len(shown_words) == len(stored_words) and all(
        len(mask) >= 2 and mask[0] == word[0] and set(mask[1:]) == {"*"}
        for mask, word in zip(shown_words, stored_words, strict=True)
    )


# -- the hub's audit log, read directly ----------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    client_id: str
    purpose: str | None
    request_id: str
    agency: str
    subject_kind: str
    subject: str
    fields: frozenset[str]


async def audit_rows(engine: AsyncEngine, where: str = "1 = 1", **params: Any) -> list[AuditRow]:
    sql = (
        "SELECT id, at, client_id, purpose, request_id, agency, subject_kind, subject, fields"
        f" FROM audit_log WHERE {where} ORDER BY id"
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(text(sql), params)).all()
    return [
        AuditRow(
            row.id,
            row.at,
            row.client_id,
            row.purpose,
            row.request_id,
            row.agency,
            row.subject_kind,
            row.subject,
            frozenset(row.fields.split(",")) if row.fields else frozenset(),
        )
        for row in rows
    ]


async def execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


# -- a hub of the test's own ---------------------------------------------------------------


@dataclass(frozen=True)
class OwnHub:
    """An application over the seeded sources with its own hub database (clients, audit)."""

    app: Starlette
    http: httpx.AsyncClient

    def client(self, **grant: Any) -> GraphQLClient:
        return GraphQLClient(self.http, mint(self.app, **grant))

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.app.state.hub.security.hub_engine
        return engine

    @property
    def audit(self) -> AuditLog:
        log: AuditLog = self.app.state.hub.security.audit
        return log


@asynccontextmanager
async def own_hub(settings: Settings, hub_url: str, prepare: bool = True) -> AsyncIterator[OwnHub]:
    app = create_app(replace(settings, hub_url=hub_url))
    if prepare:
        await app.state.hub.security.prepare()
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield OwnHub(app, http)
    finally:
        await app.state.hub.close()
