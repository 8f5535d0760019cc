"""Helpers for the institutions and logistics tests: callers limited to some regions, and
the usual readings of a GraphQL answer."""

from typing import Any

from strawberry.types import ExecutionResult

from auth.principal import Principal
from auth.regions import RegionScope
from gateway.settings import Settings
from gateway.sources import Sources
from resolvers.paging import MAX_PAGE_SIZE
from resolvers.source import SourceLog
from schema.build import schema
from schema.context import Context
from tests.conftest import GraphQLClient


async def execute_as(
    settings: Settings,
    regions: list[str],
    operation: str,
    variables: dict[str, Any],
    logs: dict[str, SourceLog] | None = None,
) -> ExecutionResult:
    """Run an operation for a caller who may see only ``regions``; ``logs``, when given, gets
    the SQL each agency ran."""
    sources = Sources.open(settings)
    try:
        caller = Principal(
            client_id="regional-office", scopes=frozenset(), regions=RegionScope.of(regions)
        )
        if logs is not None:
            logs.update({agency: SourceLog(capture_sql=True) for agency in sources})
        readers = {
            agency: source.reader(None if logs is None else logs[agency])
            for agency, source in sources.items()
        }
        context = Context.build(caller, "scoped-test-request", readers)
        return await schema.execute(operation, variable_values=variables, context_value=context)
    finally:
        await sources.close()


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
