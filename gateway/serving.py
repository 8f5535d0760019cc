"""Serving the hub: in this process, or as supervised worker processes sharing one port.

With more than one worker, each worker is a separate process that binds the port itself with
``SO_REUSEPORT``, so the kernel spreads new connections over the workers (a listening socket
shared by every worker tends to hand a few keep-alive connections all to one of them). The
parent only supervises: it prepares the hub's tables once, starts the workers, forwards
SIGTERM and SIGINT to them, waits for them to drain, and restarts a worker that dies while
the hub is running. It exits non-zero when a worker cannot start, when workers keep dying,
or when they do not stop in time.

State each worker keeps for itself is either a cache or shared through storage:

- caches, rebuilt on demand: parsed and validated GraphQL documents, the hub's signing keys
  (re-read from the key files whenever the files change, so ``simpul keys rotate`` reaches
  every worker), external issuers' JWKS, the GraphiQL page, and documents looked up by hash
  (their text never changes; a worker that cached one as untrusted keeps refusing it to
  trusted-documents-only clients after an operator trusts it, until the entry is evicted);
- per worker on purpose: connection pools and each source's circuit breaker (every worker
  finds out on its own that a source is down, after a few failures of its own);
- shared: the agency databases and the hub database (clients, trusted documents, the
  audit log, whose appends are serialised by the database), and the rate-limit buckets when
  ``SIMPUL_REDIS_URL`` is set. Without Redis every worker keeps its own buckets, so a
  client's effective budget is multiplied by the number of workers.
"""

import argparse
import asyncio
import contextlib
import logging
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any

import uvicorn

from gateway.settings import Settings

APP = "gateway.app:create_app"
DEFAULT_GRACEFUL_TIMEOUT = 20
BACKLOG = 2048
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Time a worker gets after its graceful timeout to run the app's shutdown before it is killed.
SHUTDOWN_MARGIN = 10.0
# A worker that dies more often than this is not restarted: the whole server stops.
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0
READY = b"r"

logger = logging.getLogger("uvicorn.error")


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    graceful_timeout: int = DEFAULT_GRACEFUL_TIMEOUT
    log_level: str = "info"
    app: str = APP
    access_log: bool = True  # uvicorn's line per request (SIMPUL_ACCESS_LOG)


def serve(options: ServeOptions, settings: Settings) -> int:
    """Serve until told to stop; the process's exit status."""
    if options.workers <= 1:
        return serve_in_process(options)
    return Supervisor(options, settings).run()


def server_options(options: ServeOptions) -> dict[str, Any]:
    """What every server of the hub runs with. uvloop and httptools keep ``TCP_NODELAY`` on
    keep-alive connections; without them small responses stall for tens of milliseconds."""
    return {
        "factory": True,
        "loop": "uvloop",
        "http": "httptools",
        "log_level": options.log_level,
        "access_log": options.access_log,
        "timeout_graceful_shutdown": options.graceful_timeout,
    }


def serve_in_process(options: ServeOptions) -> int:
    with _stop_signals_exit_cleanly():
        uvicorn.run(options.app, host=options.host, port=options.port, **server_options(options))
    return 0


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@contextlib.contextmanager
def _stop_signals_exit_cleanly() -> Iterator[None]:
    """While uvicorn runs, a stop signal starts its graceful shutdown; once it has finished,
    uvicorn raises the signal again under the handler it found. That handler exits with status
    0, so a server stopped on purpose does not report that it was killed by a signal."""
    previous = {signum: signal.signal(signum, _exit_cleanly) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def listening_socket(host: str, port: int, *, share: bool = True) -> socket.socket:
    """A socket bound to ``host:port`` and, when ``share``, listening with ``SO_REUSEPORT``."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if share:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        if share:
            sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def claim_port(host: str, port: int) -> int:
    """The port the workers are to bind (a free one for port 0). Bound without
    ``SO_REUSEPORT``, the probe fails when anything already listens there, such as an older
    server that the workers would otherwise silently share connections with."""
    with listening_socket(host, port, share=False) as probe:
        return int(probe.getsockname()[1])


async def prepare_hub_database(settings: Settings) -> None:
    """Create the hub's own tables once, before several workers would race to create them."""
    from gateway.security import Security
    from gateway.sources import engine_for

    engine = engine_for(settings.hub_url, create=True)
    try:
        await Security(settings, engine).prepare()
    finally:
        await engine.dispose()


# --- the supervisor ---------------------------------------------------------------------------


@dataclass
class _Worker:
    slot: int
    process: subprocess.Popen[bytes]
    ready_pipe: int
    ready: bool = False


class Supervisor:
    def __init__(self, options: ServeOptions, settings: Settings) -> None:
        self.options = options
        self.settings = settings
        self._workers: dict[int, _Worker] = {}
        self._signals: list[int] = []
        self._stopping_since: float | None = None
        self._restarts: list[float] = []
        self._failed = False
        self._selector = selectors.DefaultSelector()

    def run(self) -> int:
        """Supervise the workers until they have all exited; 0 when stopped as asked."""
        previous = {signum: signal.signal(signum, self._on_signal) for signum in STOP_SIGNALS}
        try:
            return self._run()
        finally:
            for worker in self._workers.values():
                _kill(worker)
                self._forget_pipe(worker)
            self._selector.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._signals.append(signum)

    def _run(self) -> int:
        uvicorn.Config(self.options.app, log_level=self.options.log_level)  # sets up logging
        try:
            port = claim_port(self.options.host, self.options.port)
            asyncio.run(prepare_hub_database(self.settings))
        except Exception as error:
            logger.error("Cannot start serving: %s", error)
            return 1
        self.options = replace(self.options, port=port)
        logger.info(
            "Serving on http://%s:%d with %d workers [supervisor %d]",
            self.options.host,
            port,
            self.options.workers,
            os.getpid(),
        )
        for slot in range(self.options.workers):
            if self._signals:
                break
            self._start(slot)
        while self._workers:
            self._handle_signals()
            for key, _ in self._selector.select(timeout=0.1):
                self._read_ready(key.data)
            self._reap()
            self._enforce_deadline()
        return 1 if self._failed else 0

    def _start(self, slot: int) -> None:
        read_end, write_end = os.pipe()
        command = [sys.executable, "-m", "gateway.serving", *self._worker_arguments(write_end)]
        try:
            process = subprocess.Popen(command, pass_fds=(write_end,))  # noqa: S603
        finally:
            os.close(write_end)
        os.set_blocking(read_end, False)
        worker = _Worker(slot, process, read_end)
        self._workers[slot] = worker
        self._selector.register(read_end, selectors.EVENT_READ, worker)

    def _worker_arguments(self, ready_fd: int) -> list[str]:
        o = self.options
        return [
            f"--host={o.host}",
            f"--port={o.port}",
            f"--graceful-timeout={o.graceful_timeout}",
            f"--log-level={o.log_level}",
            f"--app={o.app}",
            f"--access-log={int(o.access_log)}",
            f"--ready-fd={ready_fd}",
        ]

    def _read_ready(self, worker: _Worker) -> None:
        try:
            message = os.read(worker.ready_pipe, 16)
        except OSError:
            message = b""
        if message.startswith(READY):
            worker.ready = True
        self._forget_pipe(worker)

    def _forget_pipe(self, worker: _Worker) -> None:
        if worker.ready_pipe >= 0:
            self._selector.unregister(worker.ready_pipe)
            os.close(worker.ready_pipe)
            worker.ready_pipe = -1

    def _handle_signals(self) -> None:
        while self._signals:
            signum = self._signals.pop(0)
            if self._stopping_since is None:
                logger.info("Stopping %d workers", len(self._workers))
                self._stopping_since = time.monotonic()
                self._signal_workers(signal.SIGTERM)
            elif signum == signal.SIGINT:
                # A second interrupt: uvicorn in the workers stops without waiting.
                self._signal_workers(signal.SIGINT)

    def _signal_workers(self, signum: int) -> None:
        for worker in self._workers.values():
            if worker.process.poll() is None:
                worker.process.send_signal(signum)

    def _reap(self) -> None:
        for slot, worker in list(self._workers.items()):
            code = worker.process.poll()
            if code is None:
                continue
            if not worker.ready and worker.ready_pipe >= 0:
                self._read_ready(worker)  # it may have become ready just before it died
            self._forget_pipe(worker)
            del self._workers[slot]
            if self._stopping_since is not None:
                if code not in (0, -signal.SIGTERM, -signal.SIGINT):
                    logger.error("Worker [%d] stopped with status %d", worker.process.pid, code)
                    self._failed = True
            else:
                self._replace(worker, code)

    def _replace(self, worker: _Worker, code: int) -> None:
        pid = worker.process.pid
        now = time.monotonic()
        self._restarts = [at for at in self._restarts if now - at < RESTART_WINDOW]
        if not worker.ready:
            logger.error("Worker [%d] failed to start (status %d)", pid, code)
        elif len(self._restarts) >= MAX_RESTARTS:
            logger.error("Worker [%d] died (status %d); workers keep dying, stopping", pid, code)
        else:
            logger.warning("Worker [%d] died (status %d); starting another", pid, code)
            self._restarts.append(now)
            self._start(worker.slot)
            return
        self._failed = True
        self._signals.append(signal.SIGTERM)

    def _enforce_deadline(self) -> None:
        if self._stopping_since is None:
            return
        allowed = self.options.graceful_timeout + SHUTDOWN_MARGIN
        if time.monotonic() - self._stopping_since > allowed and self._workers:
            logger.error("Workers did not stop within %.0f s; killing them", allowed)
            self._failed = True
            for worker in self._workers.values():
                _kill(worker)


def _kill(worker: _Worker) -> None:
    if worker.process.poll() is None:
        worker.process.kill()
    worker.process.wait()


# --- a worker ---------------------------------------------------------------------------------


class WorkerServer(uvicorn.Server):
    """A uvicorn server that tells the supervisor once it serves, and stops by itself if the
    supervisor goes away without stopping it."""

    def __init__(self, config: uvicorn.Config, ready_fd: int) -> None:
        super().__init__(config)
        self.ready_fd = ready_fd
        self.supervisor = os.getppid()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.ready_fd >= 0:
            with contextlib.suppress(OSError):
                os.write(self.ready_fd, READY)
            os.close(self.ready_fd)
            self.ready_fd = -1

    async def on_tick(self, counter: int) -> bool:
        if counter % 10 == 0 and os.getppid() != self.supervisor:
            logger.warning("Supervisor gone; stopping")
            self.should_exit = True
        return await super().on_tick(counter)


def worker_main(argv: Sequence[str] | None = None) -> int:
    """One worker: binds the shared port with ``SO_REUSEPORT`` and serves until stopped."""
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    parser = argparse.ArgumentParser(prog="simpul-worker")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--graceful-timeout", type=int, default=DEFAULT_GRACEFUL_TIMEOUT)
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--app", default=APP)
    parser.add_argument("--ready-fd", type=int, default=-1)
    parser.add_argument("--access-log", type=int, choices=(0, 1), default=1)
    args = parser.parse_args(argv)
    options = ServeOptions(
        args.host,
        args.port,
        1,
        args.graceful_timeout,
        args.log_level,
        args.app,
        access_log=bool(args.access_log),
    )
    config = uvicorn.Config(options.app, **server_options(options))
    try:
        sock = listening_socket(options.host, options.port)
    except OSError as error:
        logger.error("Cannot bind %s:%d: %s", options.host, options.port, error)
        return 1
    WorkerServer(config, args.ready_fd).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(worker_main())
