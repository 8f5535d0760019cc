"""The exporter comes from settings; the default adds nothing to a request's path."""

import dataclasses

import pytest
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics.export import ConsoleMetricExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from gateway.telemetry import exporters_for
from gateway.telemetry_http import TelemetryMiddleware
from tests.conftest import GraphQLClient
from tests.telemetry.conftest import Traced


def test_telemetry_is_off_unless_configured() -> None:
    assert Settings.load({}).telemetry == "none"
    settings = Settings.load({"SIMPUL_TELEMETRY": "OTLP", "SIMPUL_OTLP_ENDPOINT": "http://c:4318"})
    assert (settings.telemetry, settings.otlp_endpoint) == ("otlp", "http://c:4318")
    with pytest.raises(ValueError, match="SIMPUL_TELEMETRY"):
        Settings.load({"SIMPUL_TELEMETRY": "jaeger"})


def test_otlp_exports_over_http_to_the_configured_collector() -> None:
    exporters = exporters_for(Settings(telemetry="otlp", otlp_endpoint="http://collector:4318/"))
    spans, metrics = exporters
    try:
        assert isinstance(spans, OTLPSpanExporter)
        assert isinstance(metrics, OTLPMetricExporter)
        assert spans._endpoint == "http://collector:4318/v1/traces"
        assert metrics._endpoint == "http://collector:4318/v1/metrics"
    finally:
        for exporter in exporters:
            exporter.shutdown()


def test_console_exporters() -> None:
    spans, metrics = exporters_for(Settings(telemetry="console"))
    assert isinstance(spans, ConsoleSpanExporter)
    assert isinstance(metrics, ConsoleMetricExporter)


async def test_settings_choose_whether_the_app_is_instrumented(settings: Settings) -> None:
    quiet = create_app(dataclasses.replace(settings, telemetry="none"))
    console = create_app(dataclasses.replace(settings, telemetry="console"))
    try:
        assert quiet.state.hub.telemetry is None
        assert _middleware(quiet) == []
        assert console.state.hub.telemetry is not None
        assert _middleware(console) == [TelemetryMiddleware]
    finally:
        await quiet.state.hub.close()
        await console.state.hub.close()


def _middleware(app: Starlette) -> list[object]:
    return [middleware.cls for middleware in app.user_middleware]


async def test_an_uninstrumented_app_adds_no_spans(traced: Traced, client: GraphQLClient) -> None:
    await client.data("{ households(first: 3) { edges { node { members { nik } } } } }")
    assert traced.spans() == []
