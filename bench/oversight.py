"""Oversight at two population sizes: anomaly detection and programme coverage, executed
in-process through the schema on seeded SQLite databases, with latency, SQL statements,
anomalies found and peak memory per query and caller.

Usage: python -m bench.oversight (as ``make bench-oversight`` calls it). Each size is seeded
and measured in a process of its own, so one size's memory does not show in the other's.
``BENCH_OVERSIGHT_SIZES`` (comma-separated household counts) and ``BENCH_OVERSIGHT_RUNS``
and ``BENCH_OVERSIGHT_SEED`` override the defaults (20000,200000; 3; seed 1). A size whose
seed fails is reported as failed and the other sizes are still measured."""

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from auth.policy import ClientPolicy
from auth.principal import Principal
from auth.regions import NATIONAL, RegionScope
from auth.scopes import OVERSIGHT_READ
from bench.config import CACHE, RESULTS
from bench.machine import describe
from gateway.graphql import HUB_TIMEOUT
from gateway.seeding import seed_all
from gateway.settings import Settings
from gateway.sources import Sources, engine_for
from resolvers.source import Reader, SourceLog
from schema.build import schema
from schema.context import Context

SEED = int(os.environ.get("BENCH_OVERSIGHT_SEED", "1"))
SIZES = tuple(int(s) for s in os.environ.get("BENCH_OVERSIGHT_SIZES", "20000,200000").split(","))
RUNS = int(os.environ.get("BENCH_OVERSIGHT_RUNS", "3"))
PROVINCE = "32"
SEEDED_MARK = "seeded.json"

SUMMARY = """query { anomalySummary(regionCode: "32") {
  total counts { type count } children { region { code name } total counts { type count } } } }"""
ANOMALIES = """query($filter: AnomalyFilterInput) { anomalies(filter: $filter, first: 100) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id type regionCode observedOn householdId subjectNik
    evidence { agency kind recordId detail } } } } }"""
COVERAGE = """query { programSummary(regionCode: "32", period: "2026") { programmes {
  programme total { recipients { value suppressed } eligible { value suppressed } coverage }
  children { region { code name } recipients { value suppressed } coverage } } } }"""

# (name, document, variables, how to read the anomalies found from the data)
QUERIES: tuple[tuple[str, str, dict[str, Any], str | None], ...] = (
    ("anomalySummary(32)", SUMMARY, {}, "anomalySummary.total"),
    ("anomalies(first: 100), country", ANOMALIES, {}, "anomalies.totalCount"),
    (
        "anomalies(first: 100), province 32",
        ANOMALIES,
        {"filter": {"regionCode": PROVINCE}},
        "anomalies.totalCount",
    ),
    ("programSummary(32, 2026)", COVERAGE, {}, None),
)


def _principal(name: str, regions: list[str]) -> Principal:
    return Principal(
        client_id=f"bench-oversight-{name}",
        scopes=frozenset({OVERSIGHT_READ}),
        regions=RegionScope.of(regions),
        purpose="benchmark",
        policy=ClientPolicy().with_overrides(max_cost=1_000_000, requests_per_minute=1_000_000),
        registered=True,
    )


CALLERS = {
    "national": _principal("national", [NATIONAL]),
    "province 32": _principal("32", [PROVINCE]),
}


@dataclass(frozen=True)
class Row:
    households: int
    query: str
    caller: str
    median_ms: float
    runs_ms: list[float]
    statements: int
    anomalies: int | None
    traced_peak_mib: float
    rss_high_water_mib: float


def _say(message: str) -> None:
    print(f"bench-oversight: {message}", file=sys.stderr, flush=True)


def _directory(households: int) -> Path:
    return CACHE / f"oversight-{households}"


def _settings(households: int) -> Settings:
    return Settings.load({"SIMPUL_DATA_DIR": str(_directory(households))})


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


async def _seed(households: int) -> None:
    directory = _directory(households)
    mark = directory / SEEDED_MARK
    if mark.exists() and json.loads(mark.read_text()) == {"households": households, "seed": SEED}:
        _say(f"{households:,} households: reusing {directory}")
        return
    _say(f"{households:,} households: seeding {directory}")
    mark.unlink(missing_ok=True)
    started = time.perf_counter()
    sources = Sources.open(_settings(households), create=True)
    try:
        await seed_all(sources.engines(), households, SEED)
    finally:
        await sources.close()
    mark.write_text(json.dumps({"households": households, "seed": SEED}))
    _say(f"{households:,} households: seeded in {time.perf_counter() - started:.0f} s")


def _dig(data: Any, path: str) -> int:
    for key in path.split("."):
        data = data[key]
    return int(data)


async def _execute(
    sources: Sources, hub: Reader, principal: Principal, document: str, variables: dict[str, Any]
) -> tuple[float, int, Any]:
    """One execution: milliseconds, SQL statements run, and the data."""
    logs = {agency: SourceLog() for agency in sources}
    request_id = uuid.uuid4().hex
    readers, remotes = sources.readers(principal, request_id, logs)
    readers["hub"] = hub
    context = Context.build(principal, request_id, readers, remotes=remotes)
    started = time.perf_counter()
    result = await schema.execute(document, variable_values=variables, context_value=context)
    elapsed = (time.perf_counter() - started) * 1000
    if result.errors:
        raise RuntimeError(f"{document.split('(')[0]}: {result.errors}")
    return elapsed, sum(len(log.statements) for log in logs.values()), result.data


async def _measure(households: int) -> list[Row]:
    settings = _settings(households)
    sources = Sources.open(settings)
    hub_engine = engine_for(settings.hub_url, create=True)
    hub = Reader("hub", hub_engine, HUB_TIMEOUT)
    rows = []
    try:
        for name, document, variables, found in QUERIES:
            for caller, principal in CALLERS.items():
                # The first execution warms the caches and is traced for its peak allocation;
                # the timed runs are not traced (tracing slows Python several times over).
                tracemalloc.start()
                _, statements, data = await _execute(sources, hub, principal, document, variables)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                times = [
                    (await _execute(sources, hub, principal, document, variables))[0]
                    for _ in range(RUNS)
                ]
                row = Row(
                    households=households,
                    query=name,
                    caller=caller,
                    median_ms=round(statistics.median(times), 1),
                    runs_ms=[round(t, 1) for t in times],
                    statements=statements,
                    anomalies=None if found is None else _dig(data, found),
                    traced_peak_mib=round(peak / 2**20, 1),
                    rss_high_water_mib=round(_rss_mib(), 1),
                )
                _say(f"{households:,} {name} [{caller}]: {row.median_ms:,.1f} ms")
                rows.append(row)
    finally:
        await sources.close()
        await hub_engine.dispose()
    return rows


def _cell(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def table(rows: list[Row]) -> str:
    lines = [
        "| households | query | caller | median ms | SQL statements | anomalies found "
        "| traced peak MiB | RSS high-water MiB |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.households:,} | {r.query} | {r.caller} | {r.median_ms:,.1f} | {r.statements} "
        f"| {_cell(r.anomalies)} | {r.traced_peak_mib:,.1f} | {r.rss_high_water_mib:,.1f} |"
        for r in rows
    ]
    return "\n".join(lines)


def _child(*arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 - this module, fixed arguments
        [sys.executable, "-m", "bench.oversight", *arguments],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return done.stdout


def _write(rows: list[Row], failed: list[int], seconds: float) -> str:
    machine: dict[str, Any] = dict(describe("not used (SQLite through aiosqlite)"))
    machine["aiosqlite"] = _version("aiosqlite")
    RESULTS.mkdir(parents=True, exist_ok=True)
    body = table(rows)
    markdown = (
        "# Oversight at two population sizes\n\n"
        f"In-process through the schema on SQLite, seed {SEED}; median of {RUNS} runs after "
        "one traced warm-up run (statements, anomalies and traced peak come from that run; "
        "the RSS high-water mark is the measuring process's after the row's runs, "
        f"one process per size). Whole run: {seconds:.0f} s.\n\n{body}\n\n"
        + "".join(
            f"Seeding {n:,} households (seed {SEED}) failed; not measured.\n\n" for n in failed
        )
        + "Machine: "
        + ", ".join(f"{k} {v}" for k, v in machine.items())
        + "\n"
    )
    (RESULTS / "oversight-latest.md").write_text(markdown)
    (RESULTS / "oversight-latest.json").write_text(
        json.dumps(
            {
                "machine": machine,
                "seed": SEED,
                "runs": RUNS,
                "failed_sizes": failed,
                "rows": [asdict(r) for r in rows],
            },
            indent=2,
        )
        + "\n"
    )
    return body


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["seed"]:
        asyncio.run(_seed(int(arguments[1])))
        return 0
    if arguments[:1] == ["measure"]:
        rows = asyncio.run(_measure(int(arguments[1])))
        print(json.dumps([asdict(r) for r in rows]))
        return 0
    started = time.perf_counter()
    rows = []
    failed = []
    for households in SIZES:
        try:
            _child("seed", str(households))
        except subprocess.CalledProcessError:
            _say(f"{households:,} households: seeding failed; not measured")
            failed.append(households)
            continue
        rows += [Row(**r) for r in json.loads(_child("measure", str(households)))]
    print(_write(rows, failed, time.perf_counter() - started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
