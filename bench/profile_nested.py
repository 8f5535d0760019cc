"""Where the hub's time goes on the nested query, through the whole HTTP application in this
process (authentication, limits, execution, serialisation), sampled with pyinstrument.

Usage, after ``make bench`` has prepared the databases:
    .venv/bin/pip install pyinstrument
    .venv/bin/python -m bench.profile_nested [SERVER_URL] > bench/results/profile-nested.txt
"""

import asyncio
import importlib
import sys
import time
from collections import Counter
from typing import Any

import httpx

from auth.tokens import Grant
from bench.config import REGIONS, SCOPES, Config
from bench.queries import HUB_NESTED
from gateway.app import create_app, settle_long_lived_objects
from gateway.settings import Settings

REQUESTS = 30


async def _run(config: Config) -> None:
    app = create_app(Settings.load(config.hub_environment()))
    hub = app.state.hub
    await hub.security.prepare()
    settle_long_lived_objects()  # as a server does at start
    grant = Grant("bench-profile", frozenset(SCOPES.split()), tuple(REGIONS.split()), "benchmark")
    headers = {"Authorization": f"Bearer {hub.security.issuer.issue(grant, 600)}"}
    body = {"query": HUB_NESTED, "variables": {"region": REGIONS}}
    transport = httpx.ASGITransport(app=app)
    profiler = importlib.import_module("pyinstrument").Profiler(
        interval=0.0005, async_mode="disabled"
    )
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            (await http.post("/graphql", json=body, headers=headers)).raise_for_status()
            started = time.perf_counter()
            for _ in range(REQUESTS):
                await http.post("/graphql", json=body, headers=headers)
            plain = (time.perf_counter() - started) / REQUESTS * 1000
            started = time.perf_counter()
            profiler.start()
            for _ in range(REQUESTS):
                response = await http.post("/graphql", json=body, headers=headers)
                assert "errors" not in response.json(), response.text[:500]
            profiler.stop()
            elapsed = (time.perf_counter() - started) / REQUESTS * 1000
    finally:
        await hub.close()
    print(f"{REQUESTS} nested requests through the application: {plain:.1f} ms each")
    print(f"{REQUESTS} more under the profiler: {elapsed:.1f} ms each\n")
    print("Self time by package:")
    shares = _self_time_by_package(profiler.last_session.root_frame())
    total = sum(shares.values())
    for package, seconds in shares.most_common(15):
        print(f"  {package:<28} {seconds / total:6.1%}")
    print()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def _package(path: str) -> str:
    """The installed package, or the project's top folder, a file belongs to."""
    if "site-packages/" in path:
        return path.split("site-packages/")[1].split("/")[0].removesuffix(".py")
    if "/work/" in path or path.startswith(("gateway", "schema", "resolvers", "auth")):
        parts = path.split("/main/")[-1].split("/")
        return f"simpul {parts[0]}" if len(parts) > 1 else "simpul"
    if "/lib/python3" in path:
        module = path.split("/lib/python3")[1].split("/", 1)[-1]
        return f"stdlib {module.split('/')[0].removesuffix('.py')}"
    return path or "(no file)"


def _self_time_by_package(root: Any) -> Counter[str]:
    """Self time per package; pyinstrument keeps it in synthetic ``[self]`` children without
    a file, which belong to their parent's file."""
    totals: Counter[str] = Counter()
    stack = [(root, "")]
    while stack:
        frame, parent_path = stack.pop()
        path = frame.file_path or parent_path
        totals[_package(path)] += frame.total_self_time
        stack.extend((child, path) for child in frame.children)
    return totals


def main() -> int:
    server = sys.argv[1] if len(sys.argv) > 1 else "postgresql+asyncpg://postgres@127.0.0.1:55434"
    asyncio.run(_run(Config.load(server)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
