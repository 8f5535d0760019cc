"""Helpers for the regional tests: seeded rows read directly, and whole lists read page by page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.settings import Settings
from resolvers.paging import MAX_PAGE_SIZE
from tests.conftest import GraphQLClient


@dataclass(frozen=True)
class SeededDatabase:
    engine: AsyncEngine

    @classmethod
    def open(cls, settings: Settings, agency: str) -> "SeededDatabase":
        return cls(create_async_engine(settings.source(agency).url))

    async def close(self) -> None:
        await self.engine.dispose()

    async def rows(self, statement: Executable) -> Sequence[Row[Any]]:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).all()


async def every_node(
    client: GraphQLClient, operation: str, field: str, variables: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """All nodes of a connection, following its cursors; the operation takes $first and $after."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        data = await client.data(
            operation, {**(variables or {}), "first": MAX_PAGE_SIZE, "after": after}
        )
        connection = data[field]
        nodes.extend(edge["node"] for edge in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


def ids_of(nodes: Sequence[dict[str, Any]]) -> list[int]:
    return [int(node["id"]) for node in nodes]


def error_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


def region_holding_some(codes: Sequence[str]) -> str:
    """The widest province, regency or district holding some but not all of ``codes``."""
    for width in (2, 5, 8):
        for code in codes:
            held = sum(other.startswith(code[:width] + ".") for other in codes)
            if 0 < held < len(codes):
                return code[:width]
    raise AssertionError("every code lies in one district; a region filter cannot be told apart")
