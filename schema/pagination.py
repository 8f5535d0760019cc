"""Relay connections: edges with opaque cursors, page info, and a lazily counted total."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
import strawberry.federation

from resolvers.paging import Page, PageRequest
from resolvers.rows import column

T = TypeVar("T")


# Shareable: other subgraphs of a national supergraph page their lists with the same type.
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All records matching the filter that the caller may see.")
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def of(
        cls,
        page: Page[Any],
        request: PageRequest,
        node: Callable[[Any], T],
        count: Callable[[], Awaitable[int]],
        key: str = "id",
    ) -> "Connection[T]":
        key_of = column(key)
        edges = [Edge(cursor=request.cursor(key_of(row)), node=node(row)) for row in page.items]
        return cls(edges=edges, page_info=_page_info(edges, page), count=count)


def _page_info(edges: Sequence[Edge[Any]], page: Page[Any]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
