"""Relay connections answered from one page of rows: edges, page info and the total."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType
from graphql.execution.collect_fields import FieldDetailsList

from resolvers.paging import Page, PageRequest
from schema.compiled.rows import TYPENAME, Fetches, ObjectPlan, RowType, answer, object_plan
from schema.shortcuts import unwrapped

Collect = Callable[[GraphQLObjectType, FieldDetailsList], Any]
_CURSORS = frozenset({"cursor", "startCursor", "endCursor"})
_PAGE_INFO: dict[str, Callable[[Page[Any], list[str]], Any]] = {
    "hasNextPage": lambda page, cursors: page.has_next,
    "hasPreviousPage": lambda page, cursors: page.has_previous,
    "startCursor": lambda page, cursors: cursors[0] if cursors else None,
    "endCursor": lambda page, cursors: cursors[-1] if cursors else None,
}


@dataclass(frozen=True, slots=True)
class ConnectionPlan:
    """What a selection on a connection asks: each part by response name, in order."""

    type_name: str
    parts: tuple[tuple[str, str], ...]  # (response name, field name) of the connection
    edge_type: str
    edge_parts: tuple[tuple[str, str], ...]
    node: ObjectPlan | None
    page_info_type: str
    page_info_parts: tuple[tuple[str, str], ...]
    cursors: bool  # whether any cursor is asked for (else none is made)

    async def answer(
        self,
        fetches: Fetches,
        page: Page[Any],
        request: PageRequest,
        key: Callable[[Any], int],
        count: Callable[[], Awaitable[int]],
    ) -> dict[str, Any]:
        rows = page.items
        cursors = [request.cursor(key(row)) for row in rows] if self.cursors else []
        nodes: Sequence[Any] = []
        if self.node is not None:
            nodes = await answer(self.node, fetches, rows)
        answered: dict[str, Any] = {}
        for response_name, name in self.parts:
            if name == "edges":
                answered[response_name] = [
                    self._edge(cursors[index] if cursors else None, node)
                    for index, node in enumerate(nodes or [None] * len(rows))
                ]
            elif name == "pageInfo":
                answered[response_name] = {
                    response: self.page_info_type
                    if field == TYPENAME
                    else _PAGE_INFO[field](page, cursors)
                    for response, field in self.page_info_parts
                }
            elif name == "totalCount":
                answered[response_name] = await count()
            else:
                answered[response_name] = self.type_name
        return answered

    def _edge(self, cursor: str | None, node: Any) -> dict[str, Any]:
        return {
            response: cursor if field == "cursor" else node if field == "node" else self.edge_type
            for response, field in self.edge_parts
        }


def connection_plan(
    collect: Collect, field_type: Any, fields: FieldDetailsList, row_type: RowType
) -> ConnectionPlan | None:
    """The plan of a selection on a connection of ``row_type``, or None for any other."""
    _, connection = unwrapped(field_type)
    if not isinstance(connection, GraphQLObjectType):
        return None
    parts = _parts(collect, connection, fields, {"edges", "pageInfo", "totalCount", TYPENAME})
    if parts is None:
        return None
    edge_type: GraphQLObjectType | None = None
    edge_parts: tuple[tuple[str, str], ...] = ()
    node: ObjectPlan | None = None
    info_type: GraphQLObjectType | None = None
    info_parts: tuple[tuple[str, str], ...] = ()
    for _response, name, selected in parts:
        if name == "edges":
            edge_type = _item_object(connection.fields[name].type)
            found = _parts(collect, edge_type, selected, {"cursor", "node", TYPENAME})
            if edge_type is None or found is None:
                return None
            edge_parts = tuple((response, field) for response, field, _ in found)
            for _, field, node_fields in found:
                if field == "node":
                    _, node_type = unwrapped(edge_type.fields[field].type)
                    node = object_plan(collect, node_type, node_fields, row_type)
                    if node is None:
                        return None
        elif name == "pageInfo":
            _, info_type = unwrapped(connection.fields[name].type)
            found = _parts(collect, info_type, selected, {*_PAGE_INFO, TYPENAME})
            if found is None:
                return None
            info_parts = tuple((response, field) for response, field, _ in found)
    return ConnectionPlan(
        connection.name,
        tuple((response, name) for response, name, _ in parts),
        edge_type.name if edge_type else "",
        edge_parts,
        node,
        info_type.name if isinstance(info_type, GraphQLObjectType) else "",
        info_parts,
        any(field in _CURSORS for _, field in (*edge_parts, *info_parts)),
    )


def _item_object(list_type: Any) -> Any:
    _, inner = unwrapped(list_type)
    _, item = unwrapped(getattr(inner, "of_type", None))
    return item if isinstance(item, GraphQLObjectType) else None


def _parts(
    collect: Collect, object_type: Any, fields: FieldDetailsList, allowed: set[str]
) -> list[tuple[str, str, FieldDetailsList]] | None:
    """(response name, field name, its selection) of each selected field, or None if the
    selection defers, or names a field outside ``allowed`` or one with arguments."""
    if not isinstance(object_type, GraphQLObjectType) or object_type.is_type_of is not None:
        return None
    grouped, defer_usages, _ = collect(object_type, fields)
    if defer_usages:
        return None
    found = []
    for response_name, selected in grouped.items():
        name = selected[0].node.name.value
        if name not in allowed or selected[0].node.arguments:
            return None
        found.append((response_name, name, selected))
    return found
