"""Traces, metrics and JSON logs, exported as the settings choose: none, console or OTLP.

With telemetry off (the default) nothing here runs on a request's path: no middleware is
installed and readers find no observer. With it on, a request is traced as
HTTP request → GraphQL operation → one span per source statement or write transaction;
never per field, which would cost more than the fields themselves.

Spans carry no variable values and no row contents: statements are recorded with their
bind markers, and failures by exception type only, because a database error's message
quotes the values that were bound.
"""

import asyncio
import logging
import sys
import time
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TextIO

from opentelemetry.metrics import CallbackOptions, Counter, Histogram, Meter, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricExporter,
    MetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Span, SpanKind, StatusCode, Tracer
from sqlalchemy import Dialect, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement

from gateway.settings import Settings
from gateway.telemetry_logs import json_handler
from resolvers.breaker import BreakerState, CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.source import Observed

MAX_STATEMENT_CHARS = 4096
MAX_CACHED_STATEMENTS = 1024
# Seconds: from a cached lookup to a source at its timeout.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BREAKER_VALUES = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}
# Outcomes that are the source's fault; "aborted" (the caller's own exception rolled the
# work back) and "cancelled" are recorded in the latency histogram only.
SOURCE_ERRORS = frozenset({"unavailable", "database_error"})


@dataclass(frozen=True)
class Instruments:
    requests: Counter
    request_duration: Histogram
    operations: Counter
    operation_duration: Histogram
    operation_errors: Counter
    source_duration: Histogram
    source_errors: Counter
    rate_limited: Counter

    @classmethod
    def create(cls, meter: Meter) -> "Instruments":
        def histogram(name: str, description: str) -> Histogram:
            return meter.create_histogram(
                name, "s", description, explicit_bucket_boundaries_advisory=LATENCY_BUCKETS
            )

        return cls(
            requests=meter.create_counter("simpul.http.requests", "{request}", "HTTP requests"),
            request_duration=histogram("http.server.request.duration", "HTTP request time"),
            operations=meter.create_counter(
                "simpul.graphql.operations", "{operation}", "GraphQL operations by name"
            ),
            operation_duration=histogram(
                "simpul.graphql.operation.duration", "GraphQL operation time by name"
            ),
            operation_errors=meter.create_counter(
                "simpul.graphql.errors", "{error}", "GraphQL errors by code"
            ),
            source_duration=histogram(
                "simpul.source.duration", "Time of one statement or write transaction"
            ),
            source_errors=meter.create_counter(
                "simpul.source.errors", "{error}", "Failed source statements by outcome"
            ),
            rate_limited=meter.create_counter(
                "simpul.ratelimit.rejections", "{request}", "Requests refused by a rate limit"
            ),
        )


class Telemetry:
    def __init__(
        self,
        tracer_provider: TracerProvider,
        meter_provider: MeterProvider,
        log_stream: TextIO | None = None,
    ) -> None:
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider
        self.tracer: Tracer = tracer_provider.get_tracer("simpul")
        meter = meter_provider.get_meter("simpul")
        self.instruments = Instruments.create(meter)
        self._breakers: dict[str, CircuitBreaker] = {}
        self.statements = StatementTexts()
        meter.create_observable_gauge(
            "simpul.source.breaker.state",
            [self._breaker_states],
            description="Circuit breaker per source: 0 closed, 1 half-open, 2 open",
        )
        self._log_handler = json_handler(log_stream) if log_stream is not None else None
        if self._log_handler is not None:
            logging.getLogger().addHandler(self._log_handler)

    def watch_breakers(self, breakers: Mapping[str, CircuitBreaker]) -> None:
        self._breakers.update(breakers)

    def observe_source(
        self, agency: str, dialect: Dialect, statement: Executable | None
    ) -> "SourceSpan":
        return SourceSpan(self, agency, dialect, statement)

    def flush(self) -> None:
        self.tracer_provider.force_flush()
        self.meter_provider.force_flush()

    def shutdown(self) -> None:
        if self._log_handler is not None:
            logging.getLogger().removeHandler(self._log_handler)
            self._log_handler = None
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()

    def _breaker_states(self, _options: CallbackOptions) -> Iterable[Observation]:
        for agency, breaker in self._breakers.items():
            yield Observation(BREAKER_VALUES[breaker.state], {"simpul.agency": agency})


# The telemetry of the request being served, for code that only the request reaches.
active: ContextVar[Telemetry | None] = ContextVar("simpul_telemetry", default=None)


class SourceSpan:
    """A span and the latency metrics of one statement or write transaction."""

    __slots__ = ("_agency", "_dialect", "_span", "_started", "_statement", "_telemetry", "observed")

    def __init__(
        self, telemetry: Telemetry, agency: str, dialect: Dialect, statement: Executable | None
    ) -> None:
        self._telemetry = telemetry
        self._agency = agency
        self._dialect = dialect
        self._statement = statement
        self.observed = Observed()

    def __enter__(self) -> Observed:
        statement = self._statement
        name = f"{self._agency} {'transaction' if statement is None else 'query'}"
        attributes = {"simpul.agency": self._agency, "db.system": self._dialect.name}
        self._span: Span = self._telemetry.tracer.start_span(
            name, kind=SpanKind.CLIENT, attributes=attributes
        )
        self._started = time.perf_counter()
        return self.observed

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        span = self._span
        statement = self._statement
        if isinstance(statement, ClauseElement) and span.is_recording():
            # After execution: the statement's cache key is computed and memoized by then.
            span.set_attribute(
                "db.statement", self._telemetry.statements.text(statement, self._dialect)
            )
        if self.observed.rows is not None:
            span.set_attribute("simpul.rows", self.observed.rows)
        end_source_span(self._telemetry, span, self._agency, error, self._started)


def end_source_span(
    telemetry: Telemetry, span: Span, agency: str, error: BaseException | None, started: float
) -> None:
    """End the span of a statement, transaction or node call, and count it per outcome."""
    elapsed = time.perf_counter() - started
    outcome = outcome_of(error)
    span.set_attribute("simpul.outcome", outcome)
    if error is not None:
        span.set_attribute("error.type", type(error).__qualname__)
    if outcome in SOURCE_ERRORS:
        span.set_status(StatusCode.ERROR, outcome)
    span.end()
    labels = {"simpul.agency": agency, "simpul.outcome": outcome}
    telemetry.instruments.source_duration.record(elapsed, labels)
    if outcome in SOURCE_ERRORS:
        telemetry.instruments.source_errors.add(1, labels)


def outcome_of(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    if isinstance(error, SourceUnavailable):
        return "unavailable"
    if isinstance(error, DBAPIError):
        return "database_error"
    if isinstance(error, asyncio.CancelledError):
        return "cancelled"
    return "aborted"


class StatementTexts:
    """The SQL of statements as the dialect writes it, with bind markers where the values
    go. Compiling costs far more than the span; statements of one shape (same cache key)
    are compiled once."""

    def __init__(self) -> None:
        self._texts: dict[tuple[str, Any], str] = {}

    def text(self, statement: ClauseElement, dialect: Dialect) -> str:
        cache_key = statement._generate_cache_key()
        if cache_key is None:
            return statement_text(statement, dialect)
        key = (dialect.name, cache_key.key)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= MAX_CACHED_STATEMENTS:
                self._texts.clear()
            text = self._texts[key] = statement_text(statement, dialect)
        return text


def statement_text(statement: ClauseElement, dialect: Dialect) -> str:
    text = str(statement.compile(dialect=dialect))
    return text if len(text) <= MAX_STATEMENT_CHARS else text[:MAX_STATEMENT_CHARS] + "…"


def configure(
    span_exporter: SpanExporter, metric_reader: MetricReader, *, log_stream: TextIO | None = None
) -> Telemetry:
    """Telemetry that sends spans to ``span_exporter`` and is read by ``metric_reader``;
    with ``log_stream``, log records are written there as JSON lines."""
    resource = Resource.create({"service.name": "simpul"})
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(span_exporter))
    meter_provider = MeterProvider(metric_readers=[metric_reader], resource=resource)
    return Telemetry(tracer_provider, meter_provider, log_stream)


def telemetry_for(settings: Settings) -> Telemetry | None:
    if settings.telemetry == "none":
        return None
    span_exporter, metric_exporter = exporters_for(settings)
    reader = PeriodicExportingMetricReader(metric_exporter)
    return configure(span_exporter, reader, log_stream=sys.stderr)


def exporters_for(settings: Settings) -> tuple[SpanExporter, MetricExporter]:
    if settings.telemetry == "console":
        return ConsoleSpanExporter(), ConsoleMetricExporter()
    # Imported only when chosen: the OTLP exporters pull in protobuf and requests.
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    # Without an endpoint the exporters follow the standard OTEL_EXPORTER_OTLP_* variables.
    base = settings.otlp_endpoint.rstrip("/") if settings.otlp_endpoint else None
    return (
        OTLPSpanExporter(endpoint=f"{base}/v1/traces" if base else None),
        OTLPMetricExporter(endpoint=f"{base}/v1/metrics" if base else None),
    )
