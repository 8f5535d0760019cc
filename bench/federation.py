"""Agency nodes against databases: the same queries through a hub reading every agency's
database and through a hub every agency of which runs its own node (``simpul agency serve``
processes on 127.0.0.1, over the same seeded SQLite files), with latency and HTTP calls.

Usage: python -m bench.federation (as ``make bench-federation`` calls it). Prints a table:
per query the median latency in each mode (after warm-up), their ratio, and the calls each
agency's node served; also written to ``bench/results/federation.md``.
``BENCH_FEDERATION_HOUSEHOLDS`` (default 2000) and ``BENCH_FEDERATION_RUNS`` (default 15)
override the defaults."""

import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from auth.keys import KeyRing
from auth.scopes import SCOPES
from bench.config import RESULTS
from bench.machine import describe
from gateway.seeding import seed_all
from gateway.settings import Settings
from gateway.sources import Sources
from resolvers.agencies import AGENCY_KEYS
from tests.conftest import mint
from tests.node_fixtures import agency_node
from tests.remote.support import hub_with_nodes, jwks_server, node_source

HOUSEHOLDS = int(os.environ.get("BENCH_FEDERATION_HOUSEHOLDS", "2000"))
RUNS = int(os.environ.get("BENCH_FEDERATION_RUNS", "15"))
WARM_UP = 3

QUERIES = {
    "anomalies, every check, national": (
        "{ anomalies(first: 50) { totalCount edges { node { id type regionCode } } } }"
    ),
    "programSummary of a province": (
        '{ programSummary(regionCode: "32", period: "2026")'
        " { programmes { programme total { recipients { value } } } } }"
    ),
    "50 households, members, enrolments": (
        "{ households(first: 50) { edges { node { id members { id nik name }"
        " enrolments { programme components { component } } disbursements { period } } } } }"
    ),
    "disaster events, posts and stock": (
        "{ disasterEvents(first: 20)"
        " { edges { node { id posts { id stock { item quantity } } } } } }"
    ),
    "verification visits with office and household": (
        "{ verificationVisits(first: 50) { edges { node { id outcome office { name }"
        " household { id members { name } } } } } }"
    ),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="simpul-federation-") as folder:
        settings = Settings.load({"SIMPUL_DATA_DIR": folder, "SIMPUL_EXPLAIN": "1"})
        asyncio.run(_seed(settings))
        rows = asyncio.run(_measure(settings, Path(folder)))
    lines = [
        f"# Agency nodes against databases ({HOUSEHOLDS} households, median of {RUNS})",
        "",
        json.dumps(describe("not used (SQLite through aiosqlite)"), ensure_ascii=False),
        "",
        "| query | database ms | nodes ms | nodes / database | node calls |",
        "|---|---:|---:|---:|---|",
    ]
    for name, direct, remote, calls in rows:
        served = ", ".join(f"{agency} {count}" for agency, count in calls.items() if count)
        ratio = remote / direct
        lines.append(f"| {name} | {direct:.1f} | {remote:.1f} | {ratio:.1f} times | {served} |")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "federation.md").write_text(text, encoding="utf-8")


async def _seed(settings: Settings) -> None:
    sources = Sources.open(settings, create=True)
    try:
        await seed_all(sources.engines(), HOUSEHOLDS, 1)
    finally:
        await sources.close()


async def _measure(
    settings: Settings, folder: Path
) -> list[tuple[str, float, float, dict[str, int]]]:
    # The first hub makes the keys the nodes then fetch from the published key set.
    async with hub_with_nodes(settings, {}) as direct:
        with (
            jwks_server(KeyRing(settings.keys_dir)) as jwks,
            _nodes(settings, jwks, folder) as urls,
        ):
            sources = {agency: node_source(url, timeout=30.0) for agency, url in urls.items()}
            async with hub_with_nodes(settings, sources) as federated:
                rows = []
                for name, query in QUERIES.items():
                    database_ms, _ = await _time(direct, query)
                    nodes_ms, body = await _time(federated, query)
                    rows.append((name, database_ms, nodes_ms, _calls(body)))
                return rows


async def _time(hub: tuple[Starlette, httpx.AsyncClient], query: str) -> tuple[float, Any]:
    app, http = hub
    headers = {"Authorization": f"Bearer {mint(app, SCOPES, subject='bench-federation')}"}
    times, body = [], None
    for _ in range(WARM_UP + RUNS):
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": query}, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        body = response.json()
        if body.get("errors"):
            raise SystemExit(f"{query!r} failed: {body['errors'][0]['message']}")
    return statistics.median(times[WARM_UP:]), body


def _calls(body: Any) -> dict[str, int]:
    sources = body.get("extensions", {}).get("sources", {})
    return {agency: len(sources.get(agency, {}).get("statements", [])) for agency in AGENCY_KEYS}


@contextmanager
def _nodes(settings: Settings, jwks: str, folder: Path) -> Iterator[dict[str, str]]:
    """Every agency's node as its own process (``simpul agency serve``), until the block
    ends; their logs in ``folder``."""
    with ExitStack() as stack:
        yield {
            agency: stack.enter_context(
                agency_node(agency, settings, jwks, folder / f"{agency}-node.log")
            )
            for agency in AGENCY_KEYS
        }


if __name__ == "__main__":
    main()
