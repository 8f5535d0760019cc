"""Query limits, enforced before a document runs: tokens while parsing; depth, aliases,
estimated cost and introspection right after validation. Each refusal is
``QUERY_TOO_COMPLEX`` naming the limit and the measured value, except introspection,
which is refused as an access rule. The limits come from the caller's client policy."""

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, GraphQLSyntaxError, parse
from strawberry.extensions import SchemaExtension

from auth.policy import Limits
from auth.principal import Principal
from resolvers.errors import CodedError
from schema.complexity import measure
from schema.protection import Forbidden, Unauthenticated

PARSE_CACHE_SIZE = 1024


class QueryTooComplex(CodedError):
    code = "QUERY_TOO_COMPLEX"

    def __init__(self, limit: str, allowed: int, measured: int | str) -> None:
        super().__init__(
            f"The document exceeds the {limit} limit of {allowed} (measured: {measured})",
            limit=limit,
            allowed=allowed,
            measured=measured,
        )


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


def parsed_within_limit(query: str, principal: Principal) -> DocumentNode:
    """The document, parsed once per text and token limit; ``QueryTooComplex`` past the
    caller's token limit, ``GraphQLSyntaxError`` when it is not GraphQL."""
    limit = principal.policy.limits.tokens
    try:
        return _parse(query, limit)
    except GraphQLSyntaxError as error:
        if "more than" in error.message and "tokens" in error.message:
            raise QueryTooComplex("tokens", limit, f"more than {limit}") from error
        raise


def refusal(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    principal: Principal,
) -> GraphQLError | None:
    """Why ``principal`` may not run this valid document, if it may not: introspection it is
    not allowed, or a depth, alias or cost limit exceeded."""
    measured = measure(schema, document, operation_name, variables)
    if measured.introspection and not principal.policy.introspection:
        if not principal.authenticated:
            return Unauthenticated("Introspection needs a token")
        return Forbidden("Introspection is turned off for this client")
    return _over_limit(principal.policy.limits, measured.depth, measured.aliases, measured.cost)


class QueryLimits(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query is not None:
            context.graphql_document = parsed_within_limit(context.query, self._principal())
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Validation has run by now (ValidationCache comes first); an invalid document
        # keeps its validation errors.
        if not context.pre_execution_errors and context.graphql_document is not None:
            refusal = self._refusal(context.graphql_document)
            if refusal is not None:
                context.pre_execution_errors = [refusal]
        yield

    def _refusal(self, document: DocumentNode) -> GraphQLError | None:
        context = self.execution_context
        return refusal(
            context.schema._schema,
            document,
            context.operation_name,
            context.variables,
            self._principal(),
        )

    def _principal(self) -> Principal:
        principal: Principal = self.execution_context.context.principal
        return principal


def _over_limit(limits: Limits, depth: int, aliases: int, cost: int) -> QueryTooComplex | None:
    for name, allowed, measured in (
        ("depth", limits.depth, depth),
        ("aliases", limits.aliases, aliases),
        ("cost", limits.cost, cost),
    ):
        if measured > allowed:
            return QueryTooComplex(name, allowed, measured)
    return None
