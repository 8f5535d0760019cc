"""Bulk inserts for the demo seeds: one executemany per chunk, whatever the driver."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

CHUNK = 5_000

Row = dict[str, Any]


async def insert_rows(conn: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    for start in range(0, len(rows), CHUNK):
        await conn.execute(insert(table), list(rows[start : start + CHUNK]))
