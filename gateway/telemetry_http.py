"""A span and the metrics of each HTTP request; it makes the request's telemetry reachable
from the GraphQL operation and the source readers below it."""

import time
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.telemetry import Telemetry, active
from gateway.telemetry_logs import RequestIds, current_request
from gateway.telemetry_remote import RemoteCalls
from resolvers.remote import remote_observer
from resolvers.source import source_observer

_PROPAGATOR = TraceContextTextMapPropagator()
_TRACE_HEADERS = (b"traceparent", b"tracestate")


class TelemetryMiddleware:
    def __init__(self, app: ASGIApp, telemetry: Telemetry) -> None:
        self.app = app
        self.telemetry = telemetry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        telemetry = self.telemetry
        method = scope["method"]
        # A caller that sends W3C trace context gets the hub's spans in its own trace.
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in _TRACE_HEADERS
        }
        span = telemetry.tracer.start_span(
            method,
            context=_PROPAGATOR.extract(carrier) if carrier else None,
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method},
        )
        ids = RequestIds()
        span_token = otel_context.attach(trace.set_span_in_context(span))
        telemetry_token = active.set(telemetry)
        observer_token = source_observer.set(telemetry.observe_source)
        remote_token = remote_observer.set(RemoteCalls(telemetry))
        ids_token = current_request.set(ids)
        status = 500
        started = time.perf_counter()

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", ()):
                    if name == b"x-request-id":
                        ids.request_id = value.decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except BaseException as error:
            span.set_attribute("error.type", type(error).__qualname__)
            raise
        finally:
            current_request.reset(ids_token)
            remote_observer.reset(remote_token)
            source_observer.reset(observer_token)
            active.reset(telemetry_token)
            otel_context.detach(span_token)
            self._finish(span, scope, method, status, ids, time.perf_counter() - started)

    def _finish(
        self,
        span: trace.Span,
        scope: Scope,
        method: str,
        status: int,
        ids: RequestIds,
        elapsed: float,
    ) -> None:
        route: Any = getattr(scope.get("route"), "path", None)
        labels: dict[str, str | int] = {
            "http.request.method": method,
            "http.response.status_code": status,
        }
        if isinstance(route, str):
            labels["http.route"] = route
            span.update_name(f"{method} {route}")
        span.set_attributes(labels)
        if ids.request_id is not None:
            span.set_attribute("simpul.request_id", ids.request_id)
        if status >= 500:
            span.set_status(StatusCode.ERROR)
        span.end()
        instruments = self.telemetry.instruments
        instruments.requests.add(1, labels)
        instruments.request_duration.record(elapsed, labels)
        if status == 429:
            instruments.rate_limited.add(1, {"simpul.limit": "request"})
