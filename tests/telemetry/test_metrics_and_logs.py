"""Metrics per operation and per source, breaker states, rate-limit refusals, JSON logs."""

import json
from typing import Any

import pytest

from gateway.ratelimit import Decision
from tests.telemetry.conftest import Traced

FAMILIES = """
query Families {
  households(first: 5) {
    edges { node { members { nik name } verificationVisits { outcome } aidReceived { id } } }
  }
}
"""


def _labelled(points: list[Any], **labels: str) -> list[Any]:
    return [p for p in points if all(p.attributes.get(k) == v for k, v in labels.items())]


async def test_requests_operations_and_sources_are_measured(traced: Traced) -> None:
    await traced.client.data(FAMILIES)
    await traced.client.data(FAMILIES)

    (requests,) = _labelled(traced.points("simpul.http.requests"), **{"http.route": "/graphql"})
    assert requests.value == 2
    (operations,) = traced.points("simpul.graphql.operations")
    assert dict(operations.attributes) == {
        "graphql.operation.name": "Families",
        "graphql.operation.type": "query",
        "simpul.outcome": "ok",
    }
    assert operations.value == 2
    (latency,) = traced.points("simpul.graphql.operation.duration")
    assert latency.count == 2 and latency.sum > 0

    sources = traced.points("simpul.source.duration")
    for agency in ("registry", "regional", "logistics"):
        (point,) = _labelled(sources, **{"simpul.agency": agency, "simpul.outcome": "ok"})
        assert point.count >= 2


async def test_the_breaker_gauge_reports_an_open_breaker_and_failures_are_counted(
    traced: Traced,
) -> None:
    breaker = traced.app.state.hub.sources["logistics"].breaker
    for _ in range(breaker.threshold):
        breaker.failed()
    try:
        states = {
            p.attributes["simpul.agency"]: p.value
            for p in traced.points("simpul.source.breaker.state")
        }
        assert states == {"registry": 0, "regional": 0, "institutions": 0, "logistics": 2}

        body = await traced.client.post(FAMILIES)
        assert {e["extensions"]["code"] for e in body["errors"]} == {"SOURCE_UNAVAILABLE"}
        labels = {"simpul.agency": "logistics", "simpul.outcome": "unavailable"}
        (errors,) = _labelled(traced.points("simpul.source.errors"), **labels)
        assert errors.value >= 1
        (failed,) = _labelled(traced.points("simpul.graphql.errors"), code="SOURCE_UNAVAILABLE")
        assert failed.value >= 1
        refused = [
            span
            for span in traced.spans()
            if (span.attributes or {}).get("simpul.outcome") == "unavailable"
        ]
        assert refused and not refused[0].status.is_ok
    finally:
        breaker.succeeded()


async def test_rate_limit_refusals_are_counted(
    traced: Traced, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(key: str, per_minute: int) -> Decision:
        return Decision(False, 3.0)

    monkeypatch.setattr(traced.app.state.hub.buckets, "take", refuse)
    response = await traced.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers=traced.client.headers
    )
    assert response.status_code == 429
    (rejections,) = traced.points("simpul.ratelimit.rejections")
    assert dict(rejections.attributes) == {"simpul.limit": "request"}
    assert rejections.value == 1


async def test_log_lines_are_json_with_the_trace_and_request_ids(
    traced: Traced, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unwritable(entries: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(traced.app.state.hub.security.audit, "append", unwritable)
    response = await traced.http.post(
        "/graphql", json={"query": FAMILIES}, headers=traced.client.headers
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"

    lines = [json.loads(line) for line in traced.logs.getvalue().splitlines()]
    (line,) = [line for line in lines if line["logger"] == "simpul.graphql"]
    assert set(line) >= {"time", "level", "logger", "message", "request_id", "trace_id", "span_id"}
    assert line["level"] == "ERROR" and "audit log write failed" in line["message"]
    assert line["request_id"] == response.headers["x-request-id"]
    (request,) = [span for span in traced.spans() if span.name == "POST /graphql"]
    assert line["trace_id"] == format(request.context.trace_id, "032x")
    assert line["span_id"] == format(request.context.span_id, "016x")
    assert "OSError: disk full" in line["exception"]
