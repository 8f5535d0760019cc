"""The results table, printed and written to bench/results/ (JSON and Markdown)."""

import json
import statistics
from dataclasses import asdict
from typing import Any

from bench.config import RESULTS, Config
from bench.inprocess import InProcess
from bench.queries import Workload
from bench.wrk import Measurement

# The performance targets: hub/PostGraphile throughput and hub time over the plain-SQL floor.
TARGETS = {"small": (0.5, None), "nested": (0.5, 2.0), "cross": (None, None)}
HEADER = (
    "| query | system | req/s | p50 ms | p99 ms | CPU ms/req | DB CPU ms/req | peak RSS MiB "
    "| hub/PostGraphile | SQL/request | executor "
    "| in-process hub ms | floor ms | hub/floor | peak alloc KiB |"
)


def _median(runs: list[Measurement], field: str) -> float:
    return float(statistics.median(getattr(run, field) for run in runs))


def _total_cpu(runs: list[Measurement]) -> float:
    return _median(runs, "cpu_ms_per_request") + _median(runs, "database_cpu_ms_per_request")


def _row(workload: Workload, system: str, runs: list[Measurement], cells: list[str]) -> str:
    rate, p50, p99 = (_median(runs, f) for f in ("requests_per_second", "p50_ms", "p99_ms"))
    rss = max(run.peak_rss_mib for run in runs)
    cpu = _median(runs, "cpu_ms_per_request")
    database = _median(runs, "database_cpu_ms_per_request")
    return (
        f"| {workload.name} | {system} | {rate:,.1f} | {p50:.1f} | {p99:.1f} | {cpu:.2f} | "
        f"{database:.2f} | {rss:,.0f} | " + " | ".join(cells) + " |"
    )


def table(
    workloads: list[Workload],
    runs: dict[str, dict[str, list[Measurement]]],
    inprocess: dict[str, InProcess],
) -> str:
    lines = [HEADER, "|" + "---|" * 15]
    for workload in workloads:
        measured = runs[workload.name]
        local = inprocess[workload.name]
        ratio = "-"
        if "postgraphile" in measured:
            hub_rate = _median(measured["hub"], "requests_per_second")
            ratio = f"{hub_rate / _median(measured['postgraphile'], 'requests_per_second'):.2f}x"
        hub_cells = [
            ratio,
            str(local.statements),
            local.execution,
            f"{local.hub_ms:.1f}",
            f"{local.floor_ms:.1f}",
            f"{local.ratio:.2f}x",
            f"{local.peak_kib:,}",
        ]
        lines.append(_row(workload, "hub", measured["hub"], hub_cells))
        if "postgraphile" in measured:
            lines.append(
                _row(
                    workload,
                    "PostGraphile",
                    measured["postgraphile"],
                    ["", "1", "", "", "", "", ""],
                )
            )
    return "\n".join(lines)


def verdicts(
    runs: dict[str, dict[str, list[Measurement]]], inprocess: dict[str, InProcess]
) -> list[str]:
    """How each measured ratio compares with the performance targets."""
    out = []
    for name, (throughput, overhead) in TARGETS.items():
        if throughput is not None and "postgraphile" in runs.get(name, {}):
            ratio = _median(runs[name]["hub"], "requests_per_second") / _median(
                runs[name]["postgraphile"], "requests_per_second"
            )
            verdict = "met" if ratio >= throughput else "NOT met"
            out.append(
                f"{name}: hub/PostGraphile {ratio:.2f}x (target >= {throughput}x): {verdict}"
            )
            cpu = _total_cpu(runs[name]["postgraphile"]) / _total_cpu(runs[name]["hub"])
            out.append(
                f"{name}: CPU per request (server and PostgreSQL), PostGraphile's over the "
                f"hub's: {cpu:.2f}x (the throughput ratio were both alone and CPU-bound)"
            )
        if overhead is not None and name in inprocess:
            ratio = inprocess[name].ratio
            verdict = "met" if ratio <= overhead else "NOT met"
            out.append(
                f"{name}: in-process hub/floor {ratio:.2f}x (target <= {overhead}x): {verdict}"
            )
    return out


def write(
    config: Config,
    machine: dict[str, Any],
    workloads: list[Workload],
    runs: dict[str, dict[str, list[Measurement]]],
    inprocess: dict[str, InProcess],
) -> str:
    RESULTS.mkdir(exist_ok=True)
    rendered = table(workloads, runs, inprocess)
    checks = verdicts(runs, inprocess)
    document = {
        "config": {k: v for k, v in asdict(config).items() if k != "server"},
        "machine": machine,
        "workloads": {w.name: w.description for w in workloads},
        "runs": {n: {s: [asdict(r) for r in rs] for s, rs in by.items()} for n, by in runs.items()},
        "inprocess": {n: asdict(r) | {"ratio": r.ratio} for n, r in inprocess.items()},
        "targets": checks,
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    described = ", ".join(f"{k} {v}" for k, v in machine.items())
    markdown = (
        f"{rendered}\n\n" + "\n".join(f"- {c}" for c in checks) + f"\n\nMachine: {described}.\n"
    )
    (RESULTS / "latest.md").write_text(markdown)
    return markdown
