"""``simpul serve --workers 2``: two processes bound to one port with SO_REUSEPORT, a rate
limit they share through Redis, a worker replaced when it dies, and a graceful stop."""

import asyncio
import os
import signal
import socket
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from gateway.settings import Settings
from resolvers.population import Population
from tests.protection.support import RedisServer
from tests.serving.support import (
    Answer,
    HubProcess,
    connected_to,
    hub_environment,
    issue_token,
    running_hub,
)

WHO = "{ me { clientId } }"
OFFICE = '{ region(code: "32.04") { name socialOffice { name } } }'


@pytest.fixture(scope="module")
def hub(
    settings: Settings,
    population: Population,
    redis_server: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[HubProcess]:
    environ = hub_environment(settings, SIMPUL_REDIS_URL=redis_server.url)
    log = tmp_path_factory.mktemp("serving") / "hub.log"
    with running_hub(environ, log) as hub:
        yield hub


def _refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except ConnectionRefusedError:
        return True


def test_new_connections_are_spread_over_both_workers(hub: HubProcess) -> None:
    workers = hub.wait_workers(2)
    assert hub.pid not in workers
    served: Counter[int] = Counter()
    for attempt in range(60):
        answer = hub.get("/healthz")
        assert (answer.status, answer.json()) == (200, {"status": "ok"})
        assert answer.worker in workers
        served[answer.worker] += 1
        if attempt >= 10 and set(served) == workers:
            break
    assert set(served) == workers, served


def test_a_clients_rate_limit_holds_across_workers_through_redis(
    hub: HubProcess, settings: Settings
) -> None:
    token = asyncio.run(issue_token(settings, "five a minute", requests_per_minute=5))
    workers = hub.wait_workers(2)
    answers: list[Answer] = []
    # At least 10 requests, each on a new connection, until both workers have answered.
    while len(answers) < 10 or ({a.worker for a in answers} != workers and len(answers) < 40):
        answers.append(hub.graphql(WHO, token))
    statuses = Counter(answer.status for answer in answers)
    assert statuses == {200: 5, 429: len(answers) - 5}, statuses
    assert {answer.worker for answer in answers} == workers
    allowed = [answer.json() for answer in answers if answer.status == 200]
    assert all(body["data"]["me"]["clientId"].startswith("simpul-") for body in allowed)
    refused = next(answer for answer in answers if answer.status == 429)
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) >= 1


def test_a_worker_that_dies_is_replaced(hub: HubProcess) -> None:
    before = hub.wait_workers(2)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = hub.workers()
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"no replacement worker:\n{hub.output()}")
    assert hub.process is not None and hub.process.poll() is None
    replacement = (now - before).pop()
    served = {hub.get("/healthz").worker for _ in range(60)}
    assert replacement in served
    assert "starting another" in hub.output()


def test_sigterm_lets_the_request_in_flight_finish_and_exits_zero(
    settings: Settings, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The regional source is a listener that never answers: a query on it takes 2 s.
    with socket.create_server(("127.0.0.1", 0), backlog=16) as black_hole:
        hole = int(black_hole.getsockname()[1])
        environ = hub_environment(
            settings,
            SIMPUL_REGIONAL_URL=f"postgresql+asyncpg://simpul@127.0.0.1:{hole}/x",
            SIMPUL_REGIONAL_TIMEOUT="2",
        )
        token = asyncio.run(issue_token(settings, "slow reader"))
        log = tmp_path_factory.mktemp("serving-stop") / "hub.log"
        with running_hub(environ, log) as hub, ThreadPoolExecutor(1) as pool:
            hub.wait_workers(2)
            in_flight = pool.submit(hub.graphql, OFFICE, token, 20.0)
            deadline = time.monotonic() + 5
            while not connected_to(hole) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert connected_to(hole), "the query never reached the regional source"

            os.kill(hub.pid, signal.SIGTERM)
            deadline = time.monotonic() + 2
            while not _refused(hub.port) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _refused(hub.port), "still accepting connections after SIGTERM"
            assert not in_flight.done()

            answer = in_flight.result(timeout=15)
            assert answer.status == 200, answer.body
            body = answer.json()
            assert body["data"]["region"] == {"name": "Kabupaten Bandung", "socialOffice": None}
            assert [e["extensions"]["code"] for e in body["errors"]] == ["SOURCE_UNAVAILABLE"]
            assert answer.headers.get("connection") == "close"

            assert hub.wait_exit(timeout=15) == 0, hub.output()
            assert _refused(hub.port)
            assert hub.output().count("Application shutdown complete") == 2


def test_a_worker_that_cannot_start_stops_the_server_with_an_error(
    settings: Settings, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> None:
    environ = hub_environment(settings, SIMPUL_REGISTRY_URL="nosuchdriver://nowhere/x")
    hub = HubProcess(environ, tmp_path_factory.mktemp("serving-broken") / "hub.log")
    try:
        hub.start()
        assert hub.wait_exit(timeout=30) == 1
        assert "failed to start" in hub.output()
        assert _refused(hub.port)
    finally:
        hub.kill()


ACCESS_LINE = '"POST /graphql HTTP/1.1" 200'


def _logged_after_requests(hub: HubProcess, count: int) -> str:
    hub.wait_workers(2)
    for _ in range(count):
        assert hub.graphql(WHO).status == 200
    time.sleep(0.3)  # the workers write their log lines as they answer
    return hub.output()


def test_each_request_has_an_access_log_line_by_default(hub: HubProcess) -> None:
    before = hub.output().count(ACCESS_LINE)
    assert _logged_after_requests(hub, 6).count(ACCESS_LINE) >= before + 6


def test_the_access_log_can_be_turned_off(
    settings: Settings, population: Population, tmp_path_factory: pytest.TempPathFactory
) -> None:
    environ = hub_environment(settings, SIMPUL_ACCESS_LOG="0")
    log = tmp_path_factory.mktemp("serving-quiet") / "hub.log"
    with running_hub(environ, log) as hub:
        output = _logged_after_requests(hub, 6)
    assert ACCESS_LINE not in output
    assert "Application startup complete" in output  # the rest of the log is still written
