"""Idempotent writes: a retried mutation with the same key returns the first result and
changes nothing.

Each agency keeps its own key table (``idempotency_table``), written in the same
transaction as the change it guards. The key is claimed before the work, so of two
concurrent requests with one key the second either waits for the first (SQLite's write
lock, PostgreSQL's unique index) and then replays its result, or retries once after a
conflict and replays it. Only successful results are kept: a refused attempt (e.g. not
enough stock) leaves no trace and may be retried with the same key.
"""

import datetime
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.source import Reader

MAX_KEY_LENGTH = 128


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("client_id", String(64), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("operation", String(64), nullable=False),
        Column("fingerprint", String(64), nullable=False),
        Column("result", Text),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )


def fingerprint(arguments: Mapping[str, Any]) -> str:
    """The identity of a request's input, to tell a retry from a reused key."""
    text = json.dumps(arguments, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class KeyReused(Exception):
    """The key was used before for another operation or other input."""


class Refused(Exception):
    """Raised by the work of an idempotent write to roll it back with an expected outcome."""

    def __init__(self, outcome: Any) -> None:
        super().__init__(outcome)
        self.outcome = outcome


@dataclass(frozen=True, slots=True)
class Request:
    client_id: str
    key: str
    operation: str
    fingerprint: str


async def run_once(
    reader: Reader,
    table: Table,
    request: Request,
    work: Callable[[AsyncConnection], Awaitable[dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Run ``work`` in one transaction unless ``request`` already ran; returns the result
    and whether it is a replay. ``Refused`` from ``work`` rolls everything back and is
    re-raised."""
    for attempt in (1, 2):
        try:
            async with reader.transaction() as conn:
                stored = await _stored(conn, table, request)
                if stored is not None:
                    return stored, True
                await conn.execute(insert(table).values(_claim(request)))
                result = await work(conn)
                await conn.execute(
                    update(table)
                    .where(table.c.client_id == request.client_id, table.c.key == request.key)
                    .values(result=json.dumps(result, default=str))
                )
                return result, False
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _stored(conn: AsyncConnection, table: Table, request: Request) -> dict[str, Any] | None:
    row = (
        await conn.execute(
            select(table).where(table.c.client_id == request.client_id, table.c.key == request.key)
        )
    ).first()
    if row is None:
        return None
    if row.operation != request.operation or row.fingerprint != request.fingerprint:
        raise KeyReused(request.key)
    stored: dict[str, Any] = json.loads(row.result)
    return stored


def _claim(request: Request) -> dict[str, Any]:
    return {
        "client_id": request.client_id,
        "key": request.key,
        "operation": request.operation,
        "fingerprint": request.fingerprint,
        "result": None,
        "created_at": datetime.datetime.now(datetime.UTC),
    }
