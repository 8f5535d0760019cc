"""A description of the machine and software the numbers were measured with."""

import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

from bench.config import NODE_DIR
from bench.processes import NODE


def _first(path: str, prefix: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _first_line(*argv: str) -> str:
    """The first line a command prints, whatever its exit status (``wrk --version`` is 1)."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed commands
            argv, capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    lines = done.stdout.strip().splitlines()
    return lines[0] if lines else "unknown"


def _npm_version(package: str) -> str:
    manifest = NODE_DIR / "node_modules" / package / "package.json"
    return str(json.loads(manifest.read_text())["version"]) if manifest.exists() else "unknown"


def describe(postgresql: str) -> dict[str, str | int | float]:
    return {
        "nproc": os.cpu_count() or 0,
        "cpu": _first("/proc/cpuinfo", "model name"),
        "memory": _first("/proc/meminfo", "MemTotal"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "strawberry-graphql": version("strawberry-graphql"),
        "graphql-core": version("graphql-core"),
        "sqlalchemy": version("sqlalchemy"),
        "asyncpg": version("asyncpg"),
        "uvicorn": version("uvicorn"),
        "node": _first_line(str(NODE), "--version"),
        "postgraphile": _npm_version("postgraphile"),
        "postgresql": postgresql,
        # Other work on the machine skews absolute numbers; A/B alternation keeps ratios fair.
        "load average (1 min) at the end": round(os.getloadavg()[0], 2),
        "wrk": _first_line("wrk", "--version").split(" [")[0],
    }
