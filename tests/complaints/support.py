"""Helpers for the complaint and Cek Bansos tests: callers at addresses of their own,
seeded rows to build on, and complaints written straight into the regional store."""

import datetime
import itertools
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from resolvers.regional.tables import complaints
from tests.conftest import BASE_URL, GraphQLClient, mint

OFFICE = "complaints-office"
OFFICE_SCOPES = ("regional:read", "regional:write")

_addresses = itertools.count(1)


def fresh_address() -> str:
    """An address no other caller uses, so its per-address buckets start full."""
    number = next(_addresses)
    return f"10.9.{number // 250}.{number % 250 + 1}"


@asynccontextmanager
async def public_client(app: Starlette) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=app, client=(fresh_address(), 1234))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield GraphQLClient(http)


def new_key() -> str:
    return uuid.uuid4().hex


def today() -> datetime.date:
    return datetime.date.today()


@dataclass(frozen=True)
class Household:
    id: int
    village_code: str

    @property
    def regency(self) -> str:
        return self.village_code[:5]


async def insert_complaint(engine: AsyncEngine, village_code: str, status: str) -> int:
    """A sanggah of this test's own, filed three weeks ago, in the given state."""
    filed_on = today() - datetime.timedelta(days=21)
    row: dict[str, Any] = {
        "kind": "sanggah",
        "village_code": village_code,
        "household_id": None,
        "channel": "kantor",
        "summary": "Sanggah yang dibuat oleh pengujian.",
        "status": status,
        "filed_on": filed_on,
        "due_on": filed_on + datetime.timedelta(days=14),
        "resolved_on": None,
    }
    async with engine.begin() as conn:
        result = await conn.execute(insert(complaints).values(row).returning(complaints.c.id))
        return int(result.scalar_one())


def outcome(body: dict[str, Any], field: str) -> dict[str, Any]:
    """The union a mutation answered, which must have come without errors."""
    assert "errors" not in body, body["errors"]
    answer: dict[str, Any] = body["data"][field]
    return answer


def error_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


def offices(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    """Dinas Sosial offices of the given regions, allowed to read and write complaints."""

    def make(*regions: str, scopes: tuple[str, ...] = OFFICE_SCOPES) -> GraphQLClient:
        return GraphQLClient(http, mint(app, scopes=scopes, regions=regions, subject=OFFICE))

    return make
