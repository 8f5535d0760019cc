"""How the regional mutations write: one transaction each, at most once per idempotency key."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.idempotency import Request, fingerprint, run_once
from resolvers.regional.tables import idempotency_keys
from schema.context import Info

Work = Callable[[AsyncConnection], Awaitable[dict[str, Any]]]


async def write_once(
    info: Info, operation: str, key: str | None, arguments: Mapping[str, Any], work: Work
) -> tuple[dict[str, Any], bool]:
    """The result of ``work`` and whether it is a replay. Without a key the work simply runs;
    with one it runs once per client and key (``KeyReused`` for other input)."""
    reader = info.context.sources["regional"]
    if key is None:
        async with reader.transaction() as conn:
            return await work(conn), False
    client_id = info.context.principal.client_id
    if client_id is None:
        raise ValueError("an idempotency key needs an authenticated client")
    request = Request(client_id, key, operation, fingerprint(arguments))
    return await run_once(reader, idempotency_keys, request, work)
