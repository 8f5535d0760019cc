"""What the idempotent mutations share: the form of a key, and the identity of a request."""

import dataclasses
import re
from typing import Any

import strawberry
from sqlalchemy import Table, select

from resolvers.idempotency import KeyReused, Request, fingerprint
from resolvers.source import Reader
from schema.context import Info
from schema.results import InvalidInput, invalid

_KEY_FORM = re.compile(r"[A-Za-z0-9._:-]{8,128}")
KEY_DESCRIPTION = (
    "8 to 128 characters of A-Z a-z 0-9 . _ : -, chosen by the client; a retry with the same"
    " key and input returns the first result and changes nothing."
)


def idempotency_key_field() -> Any:
    """The ``idempotencyKey`` input field every idempotent mutation takes."""
    return strawberry.field(description=KEY_DESCRIPTION)


def key_problem(key: str) -> InvalidInput | None:
    if _KEY_FORM.fullmatch(key):
        return None
    return invalid(
        "An idempotency key has 8 to 128 characters: letters, digits, '.', '_', ':' or '-'",
        "idempotencyKey",
    )


def request_of(info: Info, operation: str, key: str, arguments: Any) -> Request:
    """The identity of a write: the caller, its key, and the input (a strawberry input)."""
    return Request(
        client_id=info.context.principal.client_id or "anonymous",
        key=key,
        operation=operation,
        fingerprint=fingerprint(dataclasses.asdict(arguments)),
    )


async def check_key(reader: Reader, table: Table, request: Request) -> None:
    """Raises ``KeyReused`` when ``table`` holds the key for other input. A request that
    writes to several sources checks each one's keys before its first write, so a reused
    key is refused before anything is written anywhere."""
    rows = await reader.rows(
        select(table.c.operation, table.c.fingerprint).where(
            table.c.client_id == request.client_id, table.c.key == request.key
        )
    )
    if any(
        (row.operation, row.fingerprint) != (request.operation, request.fingerprint) for row in rows
    ):
        raise KeyReused(request.key)
