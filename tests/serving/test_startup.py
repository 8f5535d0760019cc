"""What a server does once at start so that requests do not pay for it later."""

import asyncio
import gc
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.population import Population
from resolvers.wilayah import gazetteer


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_start_up_loads_the_region_list_and_freezes_what_lives_as_long_as_the_process(
    settings: Settings, population: Population, unfrozen: None
) -> None:
    gazetteer.cache_clear()
    assert gc.get_freeze_count() == 0
    app = create_app(settings)
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[MutableMapping[str, Any]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    running = asyncio.create_task(app(scope, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    assert (await outbox.get())["type"] == "lifespan.startup.complete"
    try:
        assert gazetteer.cache_info().currsize == 1  # loaded before the first request
        # The region list's objects are out of the collector's view, not walked again.
        assert gc.get_freeze_count() > 100_000
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        assert (await outbox.get())["type"] == "lifespan.shutdown.complete"
        await running
