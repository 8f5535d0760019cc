"""The regional source's breaker on real unreachable sources: it opens, fails fast without
touching the source, lets one probe through after the cooldown, and closes on recovery."""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.settings import Settings, SourceSettings, sqlite_url
from resolvers.breaker import BreakerState
from resolvers.population import Population
from tests.conftest import mint
from tests.protection.support import BlackHole, free_port, graphql, http_from, separate_app

OFFICE = '{ region(code: "32.04") { name socialOffice { name } } }'
UNAVAILABLE = {"code": "SOURCE_UNAVAILABLE", "agency": "regional"}


@asynccontextmanager
async def _hub(
    settings: Settings, url: str, *, source_timeout: float, cooldown: float
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose regional source is at ``url``; its breaker opens after two failures."""
    regional = SourceSettings(
        url, timeout=source_timeout, breaker_threshold=2, breaker_cooldown=cooldown
    )
    async with (
        separate_app(settings.with_sources(regional=regional)) as app,
        http_from(app, mint(app, scopes=["regional:read"])) as http,
    ):
        yield app, http


@pytest.fixture
async def black_hole() -> AsyncIterator[BlackHole]:
    hole = BlackHole()
    await hole.start()
    yield hole
    await hole.close()


async def _ask(http: httpx.AsyncClient) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    body: dict[str, Any] = (await graphql(http, OFFICE)).json()
    return body, time.perf_counter() - started


def _failed(body: dict[str, Any]) -> bool:
    """The regional field failed as unavailable; the rest of the answer stands."""
    assert body["data"]["region"]["name"] == "Kabupaten Bandung"
    assert body["data"]["region"]["socialOffice"] is None
    assert [error["extensions"] for error in body["errors"]] == [UNAVAILABLE]
    return True


def _breaker_state(app: Starlette) -> BreakerState:
    state: BreakerState = app.state.hub.sources["regional"].breaker.state
    return state


async def test_two_failures_open_the_breaker_and_readyz_shows_it(
    settings: Settings, population: Population
) -> None:
    url = f"postgresql+asyncpg://simpul@127.0.0.1:{free_port()}/x"
    async with _hub(settings, url, source_timeout=2, cooldown=30) as (_, http):
        for _ in range(2):
            assert _failed((await _ask(http))[0])
        ready = await http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["sources"]["regional"]["breaker"] == "open"
    assert ready.json()["sources"]["registry"]["breaker"] == "closed"


async def test_an_open_breaker_fails_fast_without_connecting(
    settings: Settings, population: Population, black_hole: BlackHole
) -> None:
    url = f"postgresql+asyncpg://simpul@127.0.0.1:{black_hole.port}/x"
    async with _hub(settings, url, source_timeout=0.3, cooldown=30) as (app, http):
        slow = [await _ask(http) for _ in range(2)]
        connections = black_hole.accepted
        fast, elapsed = await _ask(http)
        state = _breaker_state(app)
    assert all(_failed(body) and seconds >= 0.3 for body, seconds in slow)
    assert connections >= 2
    assert state is BreakerState.OPEN
    assert _failed(fast)
    assert elapsed < 0.1  # far below the 0.3 s source timeout
    assert black_hole.accepted == connections  # the source was not touched


async def test_after_the_cooldown_one_request_probes_and_a_failed_probe_reopens(
    settings: Settings, population: Population, black_hole: BlackHole
) -> None:
    url = f"postgresql+asyncpg://simpul@127.0.0.1:{black_hole.port}/x"
    async with _hub(settings, url, source_timeout=0.3, cooldown=0.4) as (app, http):
        for _ in range(2):
            await _ask(http)
        await asyncio.sleep(0.45)
        before = black_hole.accepted
        assert _breaker_state(app) is BreakerState.HALF_OPEN
        probes = await asyncio.gather(_ask(http), _ask(http), _ask(http))
        probed = black_hole.accepted - before
        reopened = _breaker_state(app)
        _, elapsed = await _ask(http)
    assert all(_failed(body) for body, _ in probes)
    assert sorted(seconds >= 0.3 for _, seconds in probes) == [False, False, True]
    assert probed == 1  # one probe reached for the source; the others failed fast
    assert reopened is BreakerState.OPEN
    assert elapsed < 0.1
    assert black_hole.accepted == before + 1


async def test_a_source_that_comes_back_is_used_again_after_the_cooldown(
    settings: Settings, sqlite_data_dir: Path, tmp_path: Path
) -> None:
    database = tmp_path / "regional.db"
    async with _hub(settings, sqlite_url(database), source_timeout=2, cooldown=0.3) as (app, http):
        for _ in range(2):
            assert _failed((await _ask(http))[0])
        with (
            closing(sqlite3.connect(sqlite_data_dir / "regional.db")) as seeded,
            closing(sqlite3.connect(database)) as restored,
        ):
            seeded.backup(restored)
        still_open = (await _ask(http))[0]
        await asyncio.sleep(0.35)
        recovered = (await _ask(http))[0]
        state = _breaker_state(app)
        again = (await _ask(http))[0]
    assert _failed(still_open)  # the breaker is open: the source is not asked yet
    for body in (recovered, again):
        assert "errors" not in body, body["errors"]
        assert body["data"]["region"]["socialOffice"]["name"]
    assert state is BreakerState.CLOSED
