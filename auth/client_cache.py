"""Registered clients remembered between requests, forgotten as soon as they change.

Every request with a token of the hub's own names a client, and the client's row decides
whether it is still active and what its limits are. Reading the row on every request cost
more than answering a small query, so each hub process remembers the rows it has read.

The database says when to forget: on PostgreSQL every change to ``clients`` notifies the
channel ``simpul_clients`` (a trigger, migration ``hub_0002``), and each process listens on
it with a connection of its own. A process remembers nothing while it is not listening (not
yet connected, or the connection was lost), so a change can never be missed: it reads the
row on every request until it listens again. Between the change's commit and the
notification's arrival, a few milliseconds, a request may still pass with the old row.

SQLite has no notifications: a hub on SQLite reads the row on every request.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from auth.clients import ClientStore, RegisteredClient

logger = logging.getLogger("simpul.clients")

CHANNEL = "simpul_clients"
# A remembered row is read again after this long even without a notification: the last
# line of defence if a change reached the table without its trigger.
MAX_AGE = 60.0
MAX_ENTRIES = 10_000
RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)


class ClientCache:
    def __init__(self, store: ClientStore) -> None:
        self.store = store
        self._entries: dict[str, tuple[float, RegisteredClient | None]] = {}
        # Bumped by every notification: a read that started before one is not remembered.
        self._generation = 0
        self._listener: Any = None  # the asyncpg connection that listens
        self._reconnect: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def listening(self) -> bool:
        return self._listener is not None

    async def get(self, client_id: str) -> RegisteredClient | None:
        if self._listener is None:
            return await self.store.get(client_id)
        now = time.monotonic()
        found = self._entries.get(client_id)
        if found is not None and now - found[0] < MAX_AGE:
            return found[1]
        generation = self._generation
        client = await self.store.get(client_id)
        if self._listener is not None and generation == self._generation:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[client_id] = (now, client)
        return client

    def forget(self, client_id: str | None = None) -> None:
        """Forget one client, or every client when ``client_id`` is None or empty."""
        self._generation += 1
        if client_id:
            self._entries.pop(client_id, None)
        else:
            self._entries.clear()

    async def listen(self) -> None:
        """Start listening for changes, where the database can tell of them; until this
        succeeds every request reads the client's row."""
        engine: AsyncEngine = self.store.engine
        if engine.dialect.name != "postgresql" or self._listener is not None or self._closed:
            return
        try:
            await self._connect(engine)
        except Exception as error:
            logger.warning("cannot listen for client changes, reading every time: %s", error)
            self._retry_later()

    async def _connect(self, engine: AsyncEngine) -> None:
        pooled = await engine.raw_connection()
        connection: Any = pooled.driver_connection
        pooled.detach()  # this connection now lives only for listening
        try:
            await connection.add_listener(CHANNEL, self._notified)
        except BaseException:
            await connection.close()
            raise
        connection.add_termination_listener(self._lost)
        self.forget()  # anything remembered before listening is suspect
        self._listener = connection

    def _notified(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self.forget(payload)

    def _lost(self, connection: Any) -> None:
        if connection is not self._listener:
            return
        self._listener = None
        self.forget()
        if not self._closed:
            logger.warning("lost the connection listening for client changes; reconnecting")
            self._retry_later()

    def _retry_later(self) -> None:
        if self._reconnect is None or self._reconnect.done():
            self._reconnect = asyncio.get_running_loop().create_task(self._retry())

    async def _retry(self) -> None:
        attempt = 0
        while not self._closed and self._listener is None:
            await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            attempt += 1
            with contextlib.suppress(Exception):
                await self._connect(self.store.engine)

    async def close(self) -> None:
        self._closed = True
        if self._reconnect is not None:
            self._reconnect.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reconnect
        listener, self._listener = self._listener, None
        self.forget()
        if listener is not None:
            with contextlib.suppress(Exception):
                await listener.close()
