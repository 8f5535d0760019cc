"""One async engine per agency, created from settings and reached through the hub state."""

import asyncio
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from auth.principal import Principal
from gateway.remote_sources import RemoteSource, Signer
from gateway.settings import Settings, SourceSettings
from resolvers.agencies import AGENCY_KEYS
from resolvers.breaker import BreakerState, CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.remote import RemoteReader
from resolvers.source import WRITE_OPTION, Reader, SourceLog


@dataclass(frozen=True, slots=True)
class SourceState:
    agency: str
    ready: bool
    detail: str
    breaker: BreakerState


@dataclass(frozen=True)
class Source:
    agency: str
    engine: AsyncEngine
    timeout: float
    breaker: CircuitBreaker
    # PostgreSQL: a second, smaller pool for prebuilt statements (``resolvers/prebuilt.py``).
    driver_engine: AsyncEngine | None = None

    def reader(self, log: SourceLog | None = None) -> Reader:
        return Reader(self.agency, self.engine, self.timeout, log, self.breaker, self.driver_engine)

    async def state(self) -> SourceState:
        """Readiness, asked through the breaker: while it is open the source is not disturbed,
        and once it half-opens this check is the probe that can close it."""
        try:
            await self.reader().scalar(text("SELECT 1"))
        except SourceUnavailable:
            return SourceState(self.agency, False, "unreachable or timed out", self.breaker.state)
        return SourceState(self.agency, True, "ok", self.breaker.state)

    async def close(self) -> None:
        await self.engine.dispose()
        if self.driver_engine is not None:
            await self.driver_engine.dispose()


async def remote_state(source: RemoteSource) -> SourceState:
    ready, detail = await source.check()
    return SourceState(source.agency, ready, detail, source.breaker.state)


class Sources(Mapping[str, Source | RemoteSource]):
    def __init__(self, sources: Mapping[str, Source | RemoteSource]) -> None:
        self._sources = dict(sources)

    @classmethod
    def open(
        cls, settings: Settings, *, create: bool = False, signer: Signer | None = None
    ) -> "Sources":
        """Every agency's source; a remote one only when ``signer`` can sign its calls."""
        opened: dict[str, Source | RemoteSource] = {}
        for agency in AGENCY_KEYS:
            configured = settings.source(agency)
            if configured.kind == "graphql":
                if signer is None:
                    raise ValueError(f"the {agency} source is an agency node, not a database")
                opened[agency] = RemoteSource.open(agency, configured, signer)
            else:
                opened[agency] = _source(agency, configured, create)
        return cls(opened)

    def readers(
        self, principal: Principal, request_id: str, logs: Mapping[str, SourceLog]
    ) -> tuple[dict[str, Reader], dict[str, RemoteReader]]:
        """One request's readers: of the databases, and of the agency nodes."""
        readers: dict[str, Reader] = {}
        remotes: dict[str, RemoteReader] = {}
        for agency, source in self._sources.items():
            if isinstance(source, RemoteSource):
                remotes[agency] = source.reader(principal, request_id, logs.get(agency))
            else:
                readers[agency] = source.reader(logs.get(agency))
        return readers, remotes

    def database(self, agency: str) -> Source:
        """The agency's database, for code that reads it directly (seeding, benchmarks)."""
        source = self._sources[agency]
        if not isinstance(source, Source):
            raise ValueError(f"the {agency} source is an agency node, not a database")
        return source

    def __getitem__(self, agency: str) -> Source | RemoteSource:
        return self._sources[agency]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def engines(self) -> dict[str, AsyncEngine]:
        return {
            agency: source.engine
            for agency, source in self._sources.items()
            if isinstance(source, Source)
        }

    async def states(self) -> list[SourceState]:
        return list(
            await asyncio.gather(
                *(
                    remote_state(source) if isinstance(source, RemoteSource) else source.state()
                    for source in self._sources.values()
                )
            )
        )

    async def check_remotes(self) -> None:
        for source in self._sources.values():
            if isinstance(source, RemoteSource):
                await source.check()

    async def close(self) -> None:
        for source in self._sources.values():
            await source.close()


def _source(agency: str, settings: SourceSettings, create: bool) -> Source:
    breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown)
    engine = engine_for(settings.url, create=create, pool_size=settings.pool_size)
    driver_engine = None
    if engine.dialect.name == "postgresql":
        size = max(2, settings.pool_size // 2)
        driver_engine = engine_for(settings.url, pool_size=size, plan_once=True)
    return Source(agency, engine, settings.timeout, breaker, driver_engine)


IDLE_BEFORE_PING = 10.0  # seconds a pooled connection may sit unused before it is tested
_LAST_USED = "simpul_last_used"


def engine_for(
    url: str, *, create: bool = False, pool_size: int = 10, plan_once: bool = False
) -> AsyncEngine:
    """An engine for ``url``; an embedded SQLite file is opened, never created, unless seeding.

    ``plan_once`` (PostgreSQL) makes the server plan each prepared statement once, for any
    parameters, instead of again for every run: for the prebuilt key lookups, whose every
    plan is the same index lookup, planning was most of PostgreSQL's work per run (0.2 ms of
    CPU against 0.05 ms for the members of a household)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        options: dict[str, Any] = {}
        if plan_once:
            options["connect_args"] = {"server_settings": {"plan_cache_mode": "force_generic_plan"}}
        engine = create_async_engine(
            parsed, pool_size=pool_size, max_overflow=0, pool_timeout=5, **options
        )
        _ping_when_idle(engine)
        return engine
    database = parsed.database or ""
    if create and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif database and not database.startswith("file:"):
        parsed = parsed.set(database=f"file:{database}?mode=rw").update_query_dict({"uri": "true"})
    engine = create_async_engine(parsed)
    event.listen(engine.sync_engine, "connect", _sqlite_connect)
    event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Test a pooled connection before use only if it sat idle for a while.

    A connection in steady use is known to be alive; pinging it on every checkout (what
    ``pool_pre_ping`` does) costs a round trip per statement. One that sat idle may have been
    cut by a restart or a firewall, so it is pinged, and replaced if the ping fails.
    """
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkout")
    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used = record.info.get(_LAST_USED)
        if used is not None and time.monotonic() - used < IDLE_BEFORE_PING:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("pooled connection failed its ping") from error
        if not alive:
            raise DisconnectionError("pooled connection failed its ping")

    @event.listens_for(engine.sync_engine, "checkin")
    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is switched off; _sqlite_begin issues the right one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    writing = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
