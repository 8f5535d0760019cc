"""Helpers for the institutions and logistics tests: callers limited to some regions, and
the usual readings of a GraphQL answer."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resolvers.paging import MAX_PAGE_SIZE
from tests.conftest import GraphQLClient


@dataclass(frozen=True)
class Answer:
    data: Any
    errors: list[dict[str, Any]] | None


Caller = Callable[..., GraphQLClient]


async def execute_as(
    caller: Caller,
    regions: list[str],
    operation: str,
    variables: dict[str, Any],
    logs: dict[str, list[str]] | None = None,
) -> Answer:
    """Run an operation for a caller holding every scope but only ``regions``; ``logs``,
    when given, gets the SQL each agency ran."""
    body = await caller(regions=regions).post(operation, variables)
    if logs is not None:
        logs.update(
            {
                agency: entry["statements"]
                for agency, entry in body.get("extensions", {}).get("sources", {}).items()
            }
        )
    return Answer(body.get("data"), body.get("errors"))


async def listed(
    client: GraphQLClient, operation: str, field: str, **variables: Any
) -> dict[str, Any]:
    """One page of a connection (the largest, unless ``first`` is given)."""
    data = await client.data(operation, {"first": MAX_PAGE_SIZE, **variables})
    return dict(data[field])


def node_ids(connection: dict[str, Any]) -> list[int]:
    return [int(edge["node"]["id"]) for edge in connection["edges"]]


def error_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


def filters_by_region(sql: str) -> bool:
    """The statement compares a region or village code against a prefix range."""
    return "region_code >=" in sql or "village_code >=" in sql


def under(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def overlaps(code: str, prefix: str) -> bool:
    """``code`` lies under ``prefix`` or above it."""
    return under(code, prefix) or under(prefix, code)
