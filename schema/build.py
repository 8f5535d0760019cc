"""The one composed schema and its printed SDL."""

from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.execution import Executor
from strawberry.extensions import ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.telemetry_operation import OperationTelemetry
from schema.errors import ErrorShaping
from schema.execution import ShortcutExecutor
from schema.limits import QueryLimits
from schema.mutation import root_mutation
from schema.query import Query
from schema.scalars import SCALARS


class SimpulSchema(strawberry.Schema):
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


def sdl() -> str:
    return schema.as_str() + "\n"
