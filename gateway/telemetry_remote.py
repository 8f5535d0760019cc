"""Telemetry of the calls the hub makes to agency nodes: a client span each, carried on to
the node as W3C trace context, and the same latency and error metrics as a database's."""

import time
from collections.abc import Mapping
from types import TracebackType

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from gateway.telemetry import Telemetry, end_source_span

_PROPAGATOR = TraceContextTextMapPropagator()


class RemoteCallSpan:
    __slots__ = ("_agency", "_span", "_started", "_telemetry")

    def __init__(self, telemetry: Telemetry, agency: str) -> None:
        self._telemetry = telemetry
        self._agency = agency

    def __enter__(self) -> Mapping[str, str]:
        self._span: Span = self._telemetry.tracer.start_span(
            f"{self._agency} call",
            kind=SpanKind.CLIENT,
            attributes={"simpul.agency": self._agency, "rpc.system": "graphql"},
        )
        self._started = time.perf_counter()
        headers: dict[str, str] = {}
        _PROPAGATOR.inject(headers, context=trace.set_span_in_context(self._span))
        return headers

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        end_source_span(self._telemetry, self._span, self._agency, error, self._started)


class RemoteCalls:
    """The remote observer of a request served with telemetry on."""

    def __init__(self, telemetry: Telemetry) -> None:
        self._telemetry = telemetry

    def __call__(self, agency: str) -> RemoteCallSpan:
        return RemoteCallSpan(self._telemetry, agency)
