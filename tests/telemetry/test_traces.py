"""One trace per request: HTTP request → GraphQL operation → one span per source statement."""

import asyncio
from collections import Counter
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from tests.conftest import statements
from tests.telemetry.conftest import Traced, personal

FAMILIES = """
query Families($first: Int) {
  households(first: $first) {
    edges { node {
      id noKk address
      members { nik name }
      verificationVisits { outcome subjectNik notes }
      aidReceived { distributedOn }
    } }
  }
}
"""
PERSON = "query Person($nik: NIK!) { person(nik: $nik) { name household { id } } }"
AGENCIES = ("registry", "regional", "logistics")


def _by_kind(spans: list[ReadableSpan], kind: SpanKind) -> list[ReadableSpan]:
    return [span for span in spans if span.kind is kind]


def _parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


async def _families(traced: Traced, first: int) -> tuple[dict[str, Any], str]:
    response = await traced.http.post(
        "/graphql",
        json={"query": FAMILIES, "variables": {"first": first}},
        headers=traced.client.headers,
    )
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body, response.headers["x-request-id"]


async def test_a_cross_agency_query_is_one_trace_of_request_operation_and_batches(
    traced: Traced,
) -> None:
    body, request_id = await _families(traced, 10)
    spans = traced.spans()

    assert len({span.context.trace_id for span in spans}) == 1
    (request,) = _by_kind(spans, SpanKind.SERVER)
    assert request.parent is None
    assert request.name == "POST /graphql"
    assert request.attributes is not None
    assert request.attributes["http.response.status_code"] == 200

    (operation,) = _by_kind(spans, SpanKind.INTERNAL)
    assert _parent_id(operation) == request.context.span_id
    assert operation.name == "Families"
    assert dict(operation.attributes or {}) == {
        "graphql.operation.name": "Families",
        "graphql.operation.type": "query",
        "simpul.request_id": request_id,
        "simpul.client_id": "test-operator",
    }

    batches = _by_kind(spans, SpanKind.CLIENT)
    # Data loaders run their batches from callbacks of their own; they still nest here.
    assert {_parent_id(span) for span in batches} == {operation.context.span_id}
    per_agency = Counter(str((span.attributes or {})["simpul.agency"]) for span in batches)
    assert set(per_agency) == set(AGENCIES)
    assert per_agency == {agency: len(statements(body, agency)) for agency in AGENCIES}
    sources = traced.app.state.hub.sources
    for span in batches:
        attributes = span.attributes or {}
        agency = str(attributes["simpul.agency"])
        assert attributes["db.system"] == sources[agency].engine.dialect.name
        assert attributes["simpul.outcome"] == "ok"
        assert isinstance(attributes["simpul.rows"], int)
        assert isinstance(attributes["db.statement"], str)

    edges = body["data"]["households"]["edges"]
    members = sum(len(edge["node"]["members"]) for edge in edges)
    assert _rows(batches, "registry", "FROM persons") == members
    assert _rows(batches, "regional", "FROM verification_visits") == sum(
        len(edge["node"]["verificationVisits"]) for edge in edges
    )


def _rows(spans: list[ReadableSpan], agency: str, table: str) -> int:
    (span,) = [
        span
        for span in spans
        if (span.attributes or {})["simpul.agency"] == agency
        and table in str((span.attributes or {})["db.statement"])
    ]
    return int((span.attributes or {})["simpul.rows"])  # type: ignore[arg-type]


async def test_batch_spans_do_not_grow_with_the_rows(traced: Traced) -> None:
    await _families(traced, 2)
    few = len(traced.spans())
    traced.exporter.clear()
    await _families(traced, 50)
    assert len(traced.spans()) == few


async def test_no_span_carries_personal_data_or_variable_values(traced: Traced) -> None:
    body, _ = await _families(traced, 20)
    nik = body["data"]["households"]["edges"][0]["node"]["members"][0]["nik"]
    looked_up = await traced.client.data(PERSON, {"nik": nik})
    values = {*personal(body["data"]), *personal(looked_up)}
    assert nik in values and len(values) > 40
    spans = traced.spans()
    person_span = [span for span in spans if span.name == "Person"]
    assert person_span, "the lookup by NIK was traced"
    for span in spans:
        for value in (span.attributes or {}).values():
            text = str(value)
            assert not any(item in text for item in values), (span.name, text)


async def test_an_incoming_trace_context_is_continued(traced: Traced) -> None:
    trace_id, parent_id = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    headers = {**traced.client.headers, "traceparent": f"00-{trace_id}-{parent_id}-01"}
    await traced.http.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    (request,) = _by_kind(traced.spans(), SpanKind.SERVER)
    assert format(request.context.trace_id, "032x") == trace_id
    assert format(_parent_id(request) or 0, "016x") == parent_id


async def test_an_unnamed_operation_is_anonymous(traced: Traced) -> None:
    await traced.client.data("{ households(first: 1) { totalCount } }")
    (operation,) = _by_kind(traced.spans(), SpanKind.INTERNAL)
    assert operation.name == "anonymous"


async def test_concurrent_requests_keep_their_batches_apart(traced: Traced) -> None:
    await asyncio.gather(_families(traced, 3), _families(traced, 4))
    spans = traced.spans()
    operations = {span.context.span_id: span for span in _by_kind(spans, SpanKind.INTERNAL)}
    assert len(operations) == 2
    for batch in _by_kind(spans, SpanKind.CLIENT):
        parent = operations[_parent_id(batch) or 0]
        assert parent.context.trace_id == batch.context.trace_id
    traces = Counter(span.context.trace_id for span in spans)
    assert len(traces) == 2 and len(set(traces.values())) == 1
