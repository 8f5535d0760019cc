"""A call to a node is a client span of the request's trace, carried on to the node."""

from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from gateway.settings import Settings
from gateway.telemetry import configure
from resolvers.population import Population
from tests.remote.support import ask, hub_with_node, node_source, recording_node, serving


async def test_each_node_call_is_a_client_span_whose_context_the_node_receives(
    settings: Settings, population: Population
) -> None:
    exporter, reader = InMemorySpanExporter(), InMemoryMetricReader()
    telemetry = configure(exporter, reader)
    seen: list[dict[str, str]] = []
    with serving(recording_node(seen)) as url:
        async with hub_with_node(settings, node_source(url), telemetry) as (app, http):
            body = await ask(http, app, "query { warehouses { edges { node { id } } } }")
            telemetry.flush()
    assert "errors" not in body, body["errors"]
    spans = exporter.get_finished_spans()
    calls = [span for span in spans if span.name == "logistics call"]
    (request,) = [span for span in spans if span.kind is SpanKind.SERVER]
    assert len(calls) == 1
    (call,) = calls
    assert call.kind is SpanKind.CLIENT
    assert call.context.trace_id == request.context.trace_id
    traceparent = seen[-1]["traceparent"]
    assert traceparent.split("-")[1:3] == [
        f"{call.context.trace_id:032x}",
        f"{call.context.span_id:016x}",
    ]
    metrics = reader.get_metrics_data()
    assert metrics is not None
    durations = [
        point.attributes
        for metric in metrics.resource_metrics[0].scope_metrics[0].metrics
        if metric.name == "simpul.source.duration"
        for point in metric.data.data_points
    ]
    assert {"simpul.agency": "logistics", "simpul.outcome": "ok"} in durations
