"""A hub app of its own with telemetry into memory: spans, metrics and JSON log lines."""

import io
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, Metric
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from gateway.telemetry import Telemetry, configure
from resolvers.population import Population
from tests.conftest import BASE_URL, GraphQLClient, mint


@dataclass
class Traced:
    app: Starlette
    http: httpx.AsyncClient
    client: GraphQLClient
    telemetry: Telemetry
    exporter: InMemorySpanExporter
    reader: InMemoryMetricReader
    logs: io.StringIO

    def spans(self) -> list[ReadableSpan]:
        self.telemetry.flush()
        return list(self.exporter.get_finished_spans())

    def metrics(self) -> dict[str, Metric]:
        data = self.reader.get_metrics_data()
        assert data is not None
        return {
            metric.name: metric
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for metric in scope.metrics
        }

    def points(self, name: str) -> list[Any]:
        return list(self.metrics()[name].data.data_points)


@pytest.fixture
async def traced(settings: Settings, population: Population) -> AsyncIterator[Traced]:
    exporter, reader, logs = InMemorySpanExporter(), InMemoryMetricReader(), io.StringIO()
    telemetry = configure(exporter, reader, log_stream=logs)
    app = create_app(settings, telemetry)
    await app.state.hub.security.prepare()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield Traced(app, http, GraphQLClient(http, mint(app)), telemetry, exporter, reader, logs)
    await app.state.hub.close()


PERSONAL_FIELDS = frozenset({"nik", "name", "noKk", "address", "subjectNik", "notes"})


def personal(value: Any) -> Iterator[str]:
    """Every personal value in a response's data."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in PERSONAL_FIELDS and isinstance(item, str):
                yield item
            else:
                yield from personal(item)
    elif isinstance(value, list):
        for item in value:
            yield from personal(item)
