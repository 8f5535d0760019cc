"""Keyset pagination shared by every list: opaque cursors, a hard page-size cap."""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Row, Select, func, literal, select, union_all

from resolvers.batching import many_per_key
from resolvers.errors import BadUserInput
from resolvers.rows import column
from resolvers.source import Reader

MAX_PAGE_SIZE = 500
# Record ids are 32-bit integer columns on every engine; PostgreSQL refuses larger values.
MAX_RECORD_KEY = 2**31 - 1
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


def is_record_key(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_RECORD_KEY


def encode_cursor(kind: str, key: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        decoded = ""
    prefix, _, key = decoded.partition(":")
    if prefix != kind or not is_record_key(key):
        raise BadUserInput("Invalid cursor in argument 'after'", argument="after")
    return int(key)


@dataclass(frozen=True, slots=True)
class PageRequest:
    kind: str
    first: int
    after: int | None

    @classmethod
    def parse(cls, kind: str, first: int | None, after: str | None) -> "PageRequest":
        size = DEFAULT_PAGE_SIZE if first is None else first
        if size < 0 or size > MAX_PAGE_SIZE:
            raise BadUserInput(
                f"Argument 'first' must be between 0 and {MAX_PAGE_SIZE}, got {size}",
                argument="first",
                limit=MAX_PAGE_SIZE,
            )
        return cls(kind, size, None if after is None else decode_cursor(kind, after))

    def apply(self, query: Select[Any], key: ColumnElement[int]) -> Select[Any]:
        """Rows after the cursor in key order, one more than asked to learn if more follow."""
        if self.after is not None:
            query = query.where(key > self.after)
        return query.order_by(key).limit(self.first + 1)

    def cursor(self, key: int) -> str:
        return encode_cursor(self.kind, key)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    has_next: bool
    has_previous: bool

    @classmethod
    def of(cls, rows: Sequence[T], request: PageRequest) -> "Page[T]":
        return cls(
            list(rows[: request.first]), len(rows) > request.first, request.after is not None
        )


def _batch_index(index: int) -> Any:
    return literal(index).label("batch_index")


async def pages_together(
    reader: Reader, requests: Sequence[tuple[Select[Any], PageRequest]], key: str = "id"
) -> list[Page[Row[Any]]]:
    """One page for each (query, page) pair, fetched in one statement."""
    if not requests:
        return []
    parts = []
    for index, (query, page) in enumerate(requests):
        limited = page.apply(query, query.selected_columns[key]).subquery()
        parts.append(select(_batch_index(index), limited))
    rows = await reader.rows(parts[0] if len(parts) == 1 else union_all(*parts))
    grouped = many_per_key(range(len(requests)), rows, column("batch_index"))
    return [
        Page.of(sorted(found, key=column(key)), page)
        for found, (_, page) in zip(grouped, requests, strict=True)
    ]


async def counts_together(reader: Reader, queries: Sequence[Select[Any]]) -> list[int]:
    """The row count of each query, in one statement."""
    if not queries:
        return []
    parts = [
        select(_batch_index(index), func.count().label("total")).select_from(
            query.order_by(None).subquery()
        )
        for index, query in enumerate(queries)
    ]
    rows = await reader.rows(parts[0] if len(parts) == 1 else union_all(*parts))
    totals = {row.batch_index: row.total for row in rows}
    return [int(totals.get(index, 0)) for index in range(len(queries))]
