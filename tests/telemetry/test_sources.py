"""What a reader reports about statements and write transactions, by outcome."""

from collections.abc import AsyncIterator, Iterator

import pytest
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.telemetry import Telemetry, configure
from resolvers.source import Reader, source_observer


class Refused(Exception):
    pass


@pytest.fixture
def telemetry() -> Iterator[tuple[Telemetry, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    telemetry = configure(exporter, InMemoryMetricReader())
    token = source_observer.set(telemetry.observe_source)
    yield telemetry, exporter
    source_observer.reset(token)
    telemetry.shutdown()


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine("sqlite+aiosqlite:///:memory:")
    yield engine
    await engine.dispose()


def _spans(telemetry: tuple[Telemetry, InMemorySpanExporter]) -> list[ReadableSpan]:
    telemetry[0].flush()
    return list(telemetry[1].get_finished_spans())


async def test_a_statement_span_has_bind_markers_and_rows(
    telemetry: tuple[Telemetry, InMemorySpanExporter], engine: AsyncEngine
) -> None:
    reader = Reader("testing", engine, 5.0)
    rows = await reader.rows(text("SELECT :secret AS a UNION ALL SELECT 2").bindparams(secret="x9"))
    assert len(rows) == 2
    (span,) = _spans(telemetry)
    assert span.name == "testing query"
    assert dict(span.attributes or {}) == {
        "simpul.agency": "testing",
        "db.system": "sqlite",
        "db.statement": "SELECT ? AS a UNION ALL SELECT 2",
        "simpul.rows": 2,
        "simpul.outcome": "ok",
    }


async def test_a_failing_statement_is_recorded_by_type_without_its_message(
    telemetry: tuple[Telemetry, InMemorySpanExporter], engine: AsyncEngine
) -> None:
    reader = Reader("testing", engine, 5.0)
    with pytest.raises(OperationalError):
        await reader.rows(text("SELECT * FROM missing WHERE a = :v").bindparams(v="secret"))
    (span,) = _spans(telemetry)
    attributes = dict(span.attributes or {})
    assert attributes["simpul.outcome"] == "database_error"
    assert attributes["error.type"] == "OperationalError"
    assert not span.status.is_ok and not span.events
    assert all("secret" not in str(value) for value in attributes.values())


async def test_a_write_transaction_is_one_span(
    telemetry: tuple[Telemetry, InMemorySpanExporter], engine: AsyncEngine
) -> None:
    reader = Reader("testing", engine, 5.0)
    async with reader.transaction() as conn:
        await conn.execute(text("CREATE TABLE t (a INTEGER)"))
        await conn.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(Refused):
        async with reader.transaction() as conn:
            raise Refused
    done, refused = _spans(telemetry)
    assert done.name == "testing transaction"
    assert (done.attributes or {})["simpul.outcome"] == "ok"
    # The caller's own refusal rolls the work back; the source did nothing wrong.
    assert (refused.attributes or {})["simpul.outcome"] == "aborted"
    assert refused.status.is_unset


async def test_without_an_observer_nothing_is_recorded(
    telemetry: tuple[Telemetry, InMemorySpanExporter], engine: AsyncEngine
) -> None:
    token = source_observer.set(None)
    try:
        await Reader("testing", engine, 5.0).scalar(text("SELECT 1"))
    finally:
        source_observer.reset(token)
    assert _spans(telemetry) == []
