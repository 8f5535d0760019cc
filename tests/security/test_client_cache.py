"""Registered clients remembered between requests on PostgreSQL, and forgotten the moment
their row changes, whoever changes it: the CLI in another process, SQL by hand, a truncate.
A process that is not listening for changes remembers nothing."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from auth.client_cache import ClientCache
from auth.clients import ClientStore, RegisteredClient
from gateway.schema_migrations import HUB, upgrade
from gateway.settings import sqlite_url
from gateway.sources import engine_for
from tests.postgres_server import new_database

SCOPES = frozenset({"registry:read"})


class CountingStore(ClientStore):
    """A client store that counts the rows it reads."""

    reads = 0

    async def get(self, client_id: str) -> RegisteredClient | None:
        self.reads += 1
        return await super().get(client_id)


@pytest.fixture
async def hub_url(postgres_server: str) -> str:
    url = await new_database(postgres_server)
    engine = engine_for(url, create=True)
    await upgrade(engine, HUB)
    await engine.dispose()
    return url


@pytest.fixture
async def store(hub_url: str) -> AsyncIterator[CountingStore]:
    engine = engine_for(hub_url)
    yield CountingStore(engine)
    await engine.dispose()


@pytest.fixture
async def other_process(hub_url: str) -> AsyncIterator[ClientStore]:
    """The clients as another process (the CLI, another hub) sees them: its own engine."""
    engine = engine_for(hub_url)
    yield ClientStore(engine)
    await engine.dispose()


@pytest.fixture
async def cache(store: CountingStore) -> AsyncIterator[ClientCache]:
    cache = ClientCache(store)
    await cache.listen()
    assert cache.listening
    yield cache
    await cache.close()


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "did not happen in time"
        await asyncio.sleep(0.01)


async def add(store: ClientStore) -> str:
    return (await store.add("Partner", SCOPES, ("32",), None)).client.client_id


async def test_a_remembered_client_is_not_read_again(
    cache: ClientCache, store: CountingStore
) -> None:
    client_id = await add(store)
    first = await cache.get(client_id)
    reads = store.reads
    assert await cache.get(client_id) == first
    assert await cache.get(client_id) == first
    assert store.reads == reads


async def test_a_client_disabled_by_another_process_is_refused_once_notified(
    cache: ClientCache, store: CountingStore, other_process: ClientStore
) -> None:
    client_id = await add(store)
    remembered = await cache.get(client_id)
    assert remembered is not None and remembered.active
    assert await other_process.disable(client_id)

    async def refused() -> bool:
        found = await cache.get(client_id)
        return found is not None and not found.active

    await eventually(refused)


async def test_a_change_made_by_hand_in_sql_is_seen(
    cache: ClientCache, store: CountingStore, hub_url: str
) -> None:
    client_id = await add(store)
    remembered = await cache.get(client_id)
    assert remembered is not None and remembered.policy.limits.cost != 7
    dsn = hub_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("UPDATE clients SET max_cost = 7 WHERE client_id = $1", client_id)
    finally:
        await connection.close()

    async def changed() -> bool:
        found = await cache.get(client_id)
        return found is not None and found.policy.limits.cost == 7

    await eventually(changed)


async def test_a_truncate_forgets_every_client(
    cache: ClientCache, store: CountingStore, other_process: ClientStore
) -> None:
    client_id = await add(store)
    assert await cache.get(client_id) is not None
    async with other_process.engine.begin() as conn:
        await conn.execute(text("TRUNCATE clients"))

    async def gone() -> bool:
        return await cache.get(client_id) is None

    await eventually(gone)


async def test_a_read_overtaken_by_a_notification_is_not_remembered(
    cache: ClientCache, store: CountingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = await add(store)
    read = store.get

    async def read_while_the_client_changes(wanted: str) -> RegisteredClient | None:
        found = await read(wanted)
        cache.forget(wanted)  # the notification of a change lands while the row is read
        return found

    monkeypatch.setattr(store, "get", read_while_the_client_changes)
    await cache.get(client_id)
    monkeypatch.undo()
    reads = store.reads
    await cache.get(client_id)
    assert store.reads == reads + 1, "a row read before a change was remembered"


async def test_a_lost_listener_means_reading_every_time_until_it_listens_again(
    cache: ClientCache, store: CountingStore, hub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("auth.client_cache.RETRY_SECONDS", (0.5,))
    client_id = await add(store)
    await cache.get(client_id)
    dsn = hub_url.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(dsn)
    try:
        ended = await admin.fetchval(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%') AS t"
        )
        assert ended == 1
    finally:
        await admin.close()

    async def not_listening() -> bool:
        return not cache.listening

    await eventually(not_listening)
    reads = store.reads
    await cache.get(client_id)
    await cache.get(client_id)
    assert store.reads == reads + 2, "a client was remembered while nobody listened"

    async def listening_again() -> bool:
        return cache.listening

    await eventually(listening_again)
    await cache.get(client_id)
    reads = store.reads
    await cache.get(client_id)
    assert store.reads == reads


async def test_before_listening_every_request_reads_the_row(store: CountingStore) -> None:
    cache = ClientCache(store)
    client_id = await add(store)
    reads = store.reads
    await cache.get(client_id)
    await cache.get(client_id)
    assert store.reads == reads + 2


async def test_on_sqlite_nothing_is_remembered(tmp_path: Any) -> None:
    engine = engine_for(sqlite_url(tmp_path / "hub.db"), create=True)
    await upgrade(engine, HUB)
    store = CountingStore(engine)
    cache = ClientCache(store)
    await cache.listen()
    try:
        assert not cache.listening
        client_id = await add(store)
        reads = store.reads
        await cache.get(client_id)
        await cache.get(client_id)
        assert store.reads == reads + 2
    finally:
        await cache.close()
        await engine.dispose()
