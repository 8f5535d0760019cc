"""A ``simpul serve`` subprocess, plain HTTP requests to it on new connections, and which of
its worker processes answered each one (read from /proc: the worker holding the server end
of the connection)."""

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auth.scopes import SCOPES
from auth.tokens import Grant
from gateway.security import Security
from gateway.settings import Settings
from gateway.sources import engine_for
from resolvers.agencies import AGENCY_KEYS
from tests.protection.support import free_port

ROOT = Path(__file__).resolve().parents[2]
LISTEN = "0A"
ESTABLISHED = "01"


def hub_environment(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a hub process serving the session's seeded data."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith("SIMPUL_")}
    environ |= {
        "SIMPUL_DATA_DIR": str(settings.data_dir),
        "SIMPUL_HUB_URL": settings.hub_url,
        "SIMPUL_ISSUER": settings.issuer,
    }
    for agency in AGENCY_KEYS:
        environ[f"SIMPUL_{agency.upper()}_URL"] = settings.source(agency).url
    return environ | extra


def simpul_command() -> list[str]:
    script = Path(sys.executable).with_name("simpul")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gateway.cli"]


async def issue_token(settings: Settings, name: str, **policy: int | bool) -> str:
    """A token for a newly registered client holding every scope, with ``policy`` overrides."""
    engine = engine_for(settings.hub_url, create=True)
    try:
        security = Security(settings, engine)
        await security.prepare()
        created = await security.clients.add(name, frozenset(SCOPES), ("*",), "testing")
        client_id = created.client.client_id
        if policy:
            assert await security.clients.configure(client_id, **policy)
        return str(security.issuer.issue(Grant(client_id, frozenset(SCOPES), ("*",), "testing")))
    finally:
        await engine.dispose()


# --- /proc -------------------------------------------------------------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": the command may hold spaces or parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@dataclass(frozen=True)
class TcpSocket:
    local_port: int
    remote_port: int
    state: str
    inode: int


def tcp_sockets() -> list[TcpSocket]:
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                found.append(
                    TcpSocket(
                        int(local.rsplit(":", 1)[1], 16),
                        int(remote.rsplit(":", 1)[1], 16),
                        state,
                        int(inode),
                    )
                )
    return found


def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(int(target[8:-1]))
    return inodes


def holder(inode: int, pids: set[int]) -> int | None:
    return next((pid for pid in sorted(pids) if inode in socket_inodes(pid)), None)


def connected_to(port: int) -> bool:
    """Does any local socket hold an established connection to ``port``?"""
    return any(s.remote_port == port and s.state == ESTABLISHED for s in tcp_sockets())


# --- the hub process ---------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes
    worker: int | None

    def json(self) -> Any:
        return json.loads(self.body)


class HubProcess:
    """``simpul serve --workers N`` on a free port; its log goes to ``log``."""

    def __init__(
        self,
        environ: Mapping[str, str],
        log: Path,
        *,
        workers: int = 2,
        graceful_timeout: int = 10,
    ) -> None:
        self.port = free_port()
        self.environ = dict(environ)
        self.log = log
        self.command = [
            *simpul_command(),
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--graceful-timeout",
            str(graceful_timeout),
        ]
        self.process: subprocess.Popen[bytes] | None = None
        self._seen: set[int] = set()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
                self.command, env=self.environ, cwd=ROOT, stdout=output, stderr=output
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"the hub exited at start:\n{self.output()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/healthz", timeout=1).status == 200:
                    return
            time.sleep(0.05)
        raise AssertionError(f"the hub did not answer within {timeout} s:\n{self.output()}")

    def wait_exit(self, timeout: float) -> int:
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the hub did not exit:\n{self.output()}") from None

    def workers(self) -> set[int]:
        """The worker processes listening on the port."""
        listening = {
            s.inode for s in tcp_sockets() if s.local_port == self.port and s.state == LISTEN
        }
        workers = {
            pid for pid in children_of(self.pid) if socket_inodes(pid) & listening and alive(pid)
        }
        self._seen |= workers
        return workers

    def wait_workers(self, count: int, timeout: float = 30.0) -> set[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(workers := self.workers()) == count:
                return workers
            time.sleep(0.05)
        raise AssertionError(f"not {count} workers listening:\n{self.output()}")

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
    ) -> Answer:
        """One request on a new connection, and the worker that served it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.connect()
            assert connection.sock is not None
            client_port = int(connection.sock.getsockname()[1])
            payload = None if body is None else json.dumps(body).encode()
            sent = {"Content-Type": "application/json"} if payload is not None else {}
            connection.request(method, path, body=payload, headers=sent | dict(headers or {}))
            response = connection.getresponse()
            content = response.read()
            server_end = next(
                (
                    s.inode
                    for s in tcp_sockets()
                    if s.local_port == self.port
                    and s.remote_port == client_port
                    and s.state == ESTABLISHED
                ),
                None,
            )
            worker = None if server_end is None else holder(server_end, children_of(self.pid))
            return Answer(response.status, dict(response.getheaders()), content, worker)
        finally:
            connection.close()

    def get(self, path: str, timeout: float = 10.0) -> Answer:
        return self.request("GET", path, timeout=timeout)

    def graphql(self, query: str, token: str | None = None, timeout: float = 10.0) -> Answer:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.request("POST", "/graphql", {"query": query}, headers, timeout)

    def _is_worker(self, pid: int) -> bool:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return f"--port={self.port}".encode() in command

    def kill(self) -> None:
        """Kill the hub and the workers it started, whatever state they are in."""
        if self.process is None:
            return
        workers = {pid for pid in children_of(self.pid) | self._seen if self._is_worker(pid)}
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.02)


@contextlib.contextmanager
def running_hub(
    environ: Mapping[str, str], log: Path, *, workers: int = 2, graceful_timeout: int = 10
) -> Iterator[HubProcess]:
    hub = HubProcess(environ, log, workers=workers, graceful_timeout=graceful_timeout)
    try:
        hub.start()
        hub.wait_healthy()
        yield hub
    finally:
        hub.kill()
