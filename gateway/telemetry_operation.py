"""A span and the metrics of each GraphQL operation.

Synchronous and per operation only: an async hook, or one per field, would multiply the
cost of large lists. Without telemetry for the request it only looks up a context variable.
"""

import time
from collections.abc import Iterator

from graphql import GraphQLError
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, StatusCode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from gateway.telemetry import Telemetry, active
from gateway.telemetry_logs import current_request

ANONYMOUS = "anonymous"
MAX_NAME_CHARS = 100


class OperationTelemetry(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        telemetry = active.get()
        if telemetry is None:
            yield
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        client_id = getattr(getattr(context, "principal", None), "client_id", None)
        ids = current_request.get()
        if ids is not None and isinstance(request_id, str):
            ids.request_id = request_id
        attributes = {
            key: value
            for key, value in (("simpul.request_id", request_id), ("simpul.client_id", client_id))
            if isinstance(value, str)
        }
        span = telemetry.tracer.start_span(ANONYMOUS, attributes=attributes)
        token = otel_context.attach(trace.set_span_in_context(span))
        started = time.perf_counter()
        try:
            yield
        finally:
            otel_context.detach(token)
            _finish(telemetry, span, self.execution_context, time.perf_counter() - started)


def _finish(telemetry: Telemetry, span: Span, execution: ExecutionContext, elapsed: float) -> None:
    name, kind = _operation(execution)
    result = execution.result
    codes = [_code(error) for error in (result.errors if result is not None else None) or ()]
    span.update_name(name)
    span.set_attributes({"graphql.operation.name": name, "graphql.operation.type": kind})
    if codes:
        span.set_attribute("simpul.error_codes", sorted(set(codes)))
        span.set_status(StatusCode.ERROR)
    span.end()
    instruments = telemetry.instruments
    labels = {"graphql.operation.name": name, "graphql.operation.type": kind}
    instruments.operations.add(1, {**labels, "simpul.outcome": "error" if codes else "ok"})
    instruments.operation_duration.record(elapsed, labels)
    for code in codes:
        instruments.operation_errors.add(1, {"code": code})
        if code == "RATE_LIMITED":
            instruments.rate_limited.add(1, {"simpul.limit": "operation"})


def _operation(execution: ExecutionContext) -> tuple[str, str]:
    """The name and type of the operation the document really holds; a name the client
    offered that the document does not define is not reported."""
    if execution.graphql_document is None:
        return ANONYMOUS, "unknown"
    try:
        kind = execution.operation_type.value
    except RuntimeError:
        return ANONYMOUS, "unknown"
    name = execution.operation_name
    return (name[:MAX_NAME_CHARS] if name else ANONYMOUS), kind


def _code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    return code if isinstance(code, str) else "UNKNOWN"
