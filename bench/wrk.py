"""One bounded load run with wrk: fixed connections and duration, request bodies cycled."""

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int  # non-2xx responses, socket errors and timeouts
    peak_rss_mib: float = 0.0  # the server's, all its processes, sampled during the run
    cpu_ms_per_request: float = 0.0  # the server's CPU time over the run, per answered request
    database_cpu_ms_per_request: float = 0.0  # PostgreSQL's, likewise


def _lua(bodies: list[dict[str, Any]], token: str | None) -> str:
    quoted = ",\n".join(f"[==[{json.dumps(body)}]==]" for body in bodies)
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    return (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"{auth}local bodies = {{\n{quoted}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #bodies + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[i])\nend\n"
    )


def _latency(output: str, percentile: str) -> float:
    found = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if found is None:
        raise RuntimeError(f"no {percentile}% latency in wrk output:\n{output}")
    return float(found[1]) * _UNITS[found[2]]


def _count(pattern: str, output: str) -> int:
    found = re.search(pattern, output)
    return sum(int(n) for n in found.groups()) if found else 0


def run(
    url: str, bodies: list[dict[str, Any]], token: str | None, seconds: int, connections: int
) -> Measurement:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(bodies, token))
    try:
        argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        output = subprocess.run(  # noqa: S603 - a fixed command line
            [*argv, "-s", script.name, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        Path(script.name).unlink()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    failures = _count(r"Non-2xx or 3xx responses: (\d+)", output) + _count(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Measurement(
        float(rate[1]), _latency(output, "50"), _latency(output, "99"), int(total[1]), failures
    )
