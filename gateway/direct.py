"""Known queries answered directly: a POST whose query the hub has already validated, run
and compiled (``schema/compiled``) is answered without strawberry's request machinery.

For a small query that machinery (request adapters, the operation's extension hooks,
graphql-core's execution context) cost more than the answer itself. This path runs the
same steps by calling the same code the general path calls, in the same order:

- the caller's token and rate limit were checked in front of the endpoint, as for every
  request; the body was read under the same cap;
- ``check_variables_size`` and ``resolve_document`` (trusted-only clients);
- the document parsed under the caller's token limit and measured against its depth, alias
  and cost limits and introspection right (``schema.limits``);
- the variables coerced by graphql-core's own rules;
- the context the endpoint builds, the compiled query's own scope checks, masking and audit
  noting, and the endpoint's ``process_result`` (audit written before the data leaves,
  explain's extensions) and ``create_response``.

It only ever answers a success. Anything it does not expect — another method or media
type, a streaming ``Accept``, ``extensions`` in the body, a document it has not seen
compiled, any refusal, any error, telemetry for the request — hands the request to the
general path untouched, which answers it from the start. Nothing before its answer
changes anything: it reads, and nothing else.
"""

from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from graphql import GraphQLError, GraphQLSchema, OperationType, get_operation_ast
from graphql.execution.values import get_variable_values
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from auth.principal import Principal
from gateway.documents import TrustedDocuments
from gateway.requests import RequestRefused, check_variables_size, resolve_document
from gateway.telemetry import active
from schema.compiled.operation import known
from schema.context import Context
from schema.levels import Unanswered
from schema.limits import parsed_within_limit, refusal

_BODY_KEYS = frozenset({"query", "variables", "operationName"})
_STREAMING = ("text/event-stream", "multipart/mixed")


class Endpoint(Protocol):
    """What this path uses of the GraphQL endpoint: its own steps, not copies of them."""

    async def get_sub_response(self, request: Request) -> Response: ...

    async def get_context(self, request: Request, response: Response) -> Context: ...

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse: ...

    def create_response(
        self, response_data: GraphQLHTTPResponse, sub_response: Response
    ) -> Response: ...


@dataclass(frozen=True, slots=True)
class _Execution:
    """What the compiled path reads of graphql-core's execution context."""

    context_value: Context
    variable_values: Any  # graphql-core's coerced variables
    schema: GraphQLSchema


@dataclass(frozen=True, slots=True)
class _Request:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


def _plain_request(request: Request, body: bytes) -> _Request | None:
    """The body's query, variables and operation name, if the request is a plain JSON POST
    of one operation; else None."""
    if request.method != "POST" or active.get() is not None:
        return None
    headers = request.headers
    media = headers.get("content-type", "").partition(";")[0].strip().lower()
    accept = headers.get("accept", "")
    if media != "application/json" or any(kind in accept for kind in _STREAMING):
        return None
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if type(payload) is not dict or not payload.keys() <= _BODY_KEYS:
        return None
    query, variables, name = (payload.get(key) for key in ("query", "variables", "operationName"))
    if type(query) is not str or "@" in query:  # directives: planned per request
        return None
    if not (variables is None or type(variables) is dict) or not (
        name is None or type(name) is str
    ):
        return None
    return _Request(query, variables, name)


async def direct_answer(
    endpoint: Endpoint,
    request: Request,
    principal: Principal,
    schema: GraphQLSchema,
    documents: TrustedDocuments,
) -> Response | None:
    """The response to a known query, or None: the general path is to answer."""
    asked = _plain_request(request, await request.body())
    if asked is None:
        return None
    try:
        document = parsed_within_limit(asked.query, principal)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, asked.operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    compiled = known(operation)
    if compiled is None:
        return None
    data = GraphQLRequestData(
        query=asked.query,
        variables=asked.variables,
        operation_name=asked.operation_name,
        extensions=None,
    )
    try:
        check_variables_size(data)
        await resolve_document(data, principal, documents)
    except RequestRefused:
        return None
    if refusal(schema, document, asked.operation_name, asked.variables, principal) is not None:
        return None
    definitions = operation.variable_definitions or ()
    coerced = get_variable_values(schema, definitions, asked.variables or {})
    if isinstance(coerced, list):  # the variables' errors
        return None
    sub_response = await endpoint.get_sub_response(request)
    context = await endpoint.get_context(request, sub_response)
    try:
        answer = await compiled.run(_Execution(context, coerced, schema))
    except Unanswered:
        return None
    context.execution = "direct"
    response = await endpoint.process_result(request, ExecutionResult(data=answer, errors=None))
    return endpoint.create_response(response, sub_response)
