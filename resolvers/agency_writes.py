"""Writes into one agency's database: each one transaction of that database, at most once per
client and idempotency key, with the key kept in the same transaction (``run_once``).

Each is an ``AgencyWrite``: its operation name (the name the key is kept under), the
agency's key table, and how its transaction follows from its arguments as JSON. The hub
runs it in the agency's database, or sends it to the agency's node (``agencyWrite``),
which runs the very same transaction in its own database under the same client, key and
input fingerprint — so a retry after a lost answer replays the first result there and
writes nothing twice. An expected refusal (``Refused``) and a reused key come back as the
same exceptions either way.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.regions import RegionScope
from resolvers.idempotency import Request, run_once
from resolvers.source import Reader

Work = Callable[[AsyncConnection], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Author:
    """Who writes: the client whose keys these are (None for the public, who cannot give
    one), and the regions it may touch."""

    client_id: str | None
    scope: RegionScope


@dataclass(frozen=True)
class AgencyWrite:
    agency: str
    operation: str
    # The agency's idempotency keys, kept beside its data.
    keys: Table
    # The write's transaction, from its arguments as JSON (as they reach a node).
    work: Callable[[Author, Mapping[str, Any]], Work]
    # The scope a node asks of the caller; None for the public's writes.
    needs: str | None
    # What ``Refused`` may carry (dataclasses and enums), read back from a node's answer.
    refusals: tuple[type, ...] = ()


async def write_in(
    reader: Reader,
    write: AgencyWrite,
    author: Author,
    key: str | None,
    fingerprint: str,
    work: Work,
) -> tuple[dict[str, Any], bool]:
    """The result of ``work`` (the write's transaction, for its arguments) and whether it
    replays an earlier one. Without a key it simply runs; with one, once per client and key
    (``KeyReused`` for other input)."""
    if key is None:
        async with reader.transaction() as conn:
            return await work(conn), False
    if author.client_id is None:
        raise ValueError("an idempotency key needs an authenticated client")
    request = Request(author.client_id, key, write.operation, fingerprint)
    return await run_once(reader, write.keys, request, work)


async def key_free(
    reader: Reader, write: AgencyWrite, client_id: str, key: str, fingerprint: str
) -> bool:
    """Whether ``key`` is unused, or used for this very write and input. A write that
    spans agencies checks each one's keys before its first step, so that a reused key
    is refused before anything is written anywhere."""
    rows = await reader.rows(
        select(write.keys.c.operation, write.keys.c.fingerprint).where(
            write.keys.c.client_id == client_id, write.keys.c.key == key
        )
    )
    return all((row.operation, row.fingerprint) == (write.operation, fingerprint) for row in rows)
