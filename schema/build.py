"""The one composed schema and its printed SDL."""

from typing import Any, Final

import strawberry.federation
from graphql import GraphQLError
from graphql.execution import Executor
from strawberry.extensions import ValidationCache
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.telemetry_operation import OperationTelemetry
from schema.context import Info
from schema.entities import resolve_entities
from schema.errors import ErrorShaping
from schema.execution import ShortcutExecutor
from schema.limits import QueryLimits
from schema.mutation import root_mutation
from schema.query import Query
from schema.scalars import SCALARS

# The lowest Federation 2 version with everything the subgraph uses (@link, @key,
# @shareable), so that every Federation 2 router can compose it.
FEDERATION_VERSION: Final = "2.0"
# What the Link and Federation v2.0 specifications define for the directives the subgraph
# applies. A router knows them; ordinary GraphQL tools need them to build the schema file.
FEDERATION_DEFINITIONS = """\
directive @link(
  url: String
  as: String
  for: link__Purpose
  import: [link__Import]
) repeatable on SCHEMA

directive @key(
  fields: federation__FieldSet!
  resolvable: Boolean = true
) repeatable on OBJECT | INTERFACE

directive @shareable on OBJECT | FIELD_DEFINITION

scalar link__Import

enum link__Purpose {
  SECURITY
  EXECUTION
}

scalar federation__FieldSet

"""


class SimpulSchema(strawberry.federation.Schema):
    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        answers = await resolve_entities(info.context, list(representations))
        return [FederationAny(answer) for answer in answers]

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Unexpected errors are logged once, with the request id, by ErrorShaping;
        # expected ones (bad input, unavailable sources) are not worth a traceback.
        return None


def build_schema(executor: type[Executor[Any]] = ShortcutExecutor, **options: Any) -> SimpulSchema:
    """The schema; ``executor`` is graphql-core's executor class (tests compare the general one)."""
    return SimpulSchema(
        query=Query,
        mutation=root_mutation(),
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=executor,
        federation_version=FEDERATION_VERSION,
        # Order matters: QueryLimits parses (with the caller's token limit) and checks the
        # measured document after ValidationCache has validated it; OperationTelemetry,
        # outermost, sees the errors once they are shaped.
        extensions=[
            OperationTelemetry,
            ErrorShaping,
            lambda: ValidationCache(maxsize=512),
            QueryLimits,
        ],
        **options,
    )


schema = build_schema()


def subgraph_sdl() -> str:
    """What `_service { sdl }` answers a router."""
    return schema.as_str()


def sdl() -> str:
    """The committed schema file: the subgraph SDL, preceded by the federation definitions so
    that it builds on its own."""
    return FEDERATION_DEFINITIONS + subgraph_sdl() + "\n"
