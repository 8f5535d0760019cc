"""In-process cost of the hub: executing each workload through the schema with a context
built as the GraphQL endpoint builds it, against the plain-SQL floor for the same rows, and
the SQL statements each execution runs (the counts ``SIMPUL_EXPLAIN`` reports)."""

import statistics
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from auth.policy import ClientPolicy
from auth.principal import Principal
from auth.regions import RegionScope
from bench import floor
from bench.config import REGIONS, SCOPES, Config
from bench.queries import Workload
from gateway.app import settle_long_lived_objects
from gateway.graphql import HUB_TIMEOUT
from gateway.hub import Hub
from gateway.settings import Settings
from resolvers.source import Reader, SourceLog
from schema.build import schema
from schema.context import Context

PRINCIPAL = Principal(
    client_id="bench",
    scopes=frozenset(SCOPES.split()),
    regions=RegionScope.of(REGIONS.split()),
    purpose="benchmark",
    policy=ClientPolicy().with_overrides(max_cost=1_000_000, requests_per_minute=1_000_000),
    registered=True,
)


@dataclass(frozen=True)
class InProcess:
    hub_ms: float
    floor_ms: float
    statements: int
    execution: str  # the executor that answered: "compiled" or "general"
    peak_kib: int  # Python allocations at their peak during one execution (tracemalloc)

    @property
    def ratio(self) -> float:
        return self.hub_ms / self.floor_ms


def _context(hub: Hub) -> tuple[Context, dict[str, SourceLog]]:
    logs = {agency: SourceLog() for agency in hub.sources}
    request_id = uuid.uuid4().hex
    readers, remotes = hub.sources.readers(PRINCIPAL, request_id, logs)
    readers["hub"] = Reader("hub", hub.security.hub_engine, HUB_TIMEOUT)
    return Context.build(PRINCIPAL, request_id, readers, remotes=remotes), logs


async def execute(hub: Hub, workload: Workload) -> tuple[int, str]:
    """Run the workload once through the schema; the number of SQL statements it ran and the
    executor that answered."""
    context, logs = _context(hub)
    variables = workload.hub_variables[0]
    result = await schema.execute(workload.hub, variable_values=variables, context_value=context)
    if result.errors:
        raise RuntimeError(f"{workload.name}: {result.errors}")
    return sum(len(log.statements) for log in logs.values()), context.execution


async def _median_ms(call: Callable[[], Awaitable[Any]], seconds: float) -> float:
    for _ in range(3):
        await call()
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(times) < 10:
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def _peak_kib(call: Callable[[], Awaitable[Any]]) -> int:
    tracemalloc.start()
    try:
        await call()
        return tracemalloc.get_traced_memory()[1] // 1024
    finally:
        tracemalloc.stop()


def _floor(hub: Hub, workload: Workload, region: str) -> Callable[[], Awaitable[Any]]:
    registry = hub.sources.database("registry").engine
    variables = workload.hub_variables[0]
    if workload.name == "small":
        return lambda: floor.small(registry, int(variables["id"]), region)
    if workload.name == "nested":
        return lambda: floor.nested(registry, region)
    logistics = hub.sources.database("logistics").engine
    return lambda: floor.cross(registry, logistics, int(variables["event"]), region)


async def measure(
    config: Config, workloads: list[Workload], seconds: float
) -> dict[str, InProcess]:
    hub = Hub.open(Settings.load(config.hub_environment()))
    try:
        await hub.security.prepare()
        settle_long_lived_objects()  # as a server does at start
        results = {}
        for workload in workloads:
            statements, execution = await execute(hub, workload)
            peak_kib = await _peak_kib(partial(execute, hub, workload))
            hub_ms = await _median_ms(partial(execute, hub, workload), seconds)
            floor_ms = await _median_ms(_floor(hub, workload, REGIONS), seconds)
            results[workload.name] = InProcess(hub_ms, floor_ms, statements, execution, peak_kib)
        return results
    finally:
        await hub.close()
