"""One async engine per agency, created from settings and reached through the hub state."""

import asyncio
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.settings import Settings, SourceSettings
from resolvers.agencies import AGENCY_KEYS
from resolvers.errors import SourceUnavailable
from resolvers.source import Reader, SourceLog


@dataclass(frozen=True, slots=True)
class SourceState:
    agency: str
    ready: bool
    detail: str


@dataclass(frozen=True)
class Source:
    agency: str
    engine: AsyncEngine
    timeout: float

    def reader(self, log: SourceLog | None = None) -> Reader:
        return Reader(self.agency, self.engine, self.timeout, log)

    async def state(self) -> SourceState:
        try:
            await self.reader().scalar(text("SELECT 1"))
        except SourceUnavailable:
            return SourceState(self.agency, False, "unreachable or timed out")
        return SourceState(self.agency, True, "ok")


class Sources(Mapping[str, Source]):
    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = dict(sources)

    @classmethod
    def open(cls, settings: Settings, *, create: bool = False) -> "Sources":
        return cls(
            {agency: _source(agency, settings.source(agency), create) for agency in AGENCY_KEYS}
        )

    def __getitem__(self, agency: str) -> Source:
        return self._sources[agency]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def engines(self) -> dict[str, AsyncEngine]:
        return {agency: source.engine for agency, source in self._sources.items()}

    async def states(self) -> list[SourceState]:
        return list(await asyncio.gather(*(source.state() for source in self._sources.values())))

    async def close(self) -> None:
        for source in self._sources.values():
            await source.engine.dispose()


def _source(agency: str, settings: SourceSettings, create: bool) -> Source:
    return Source(agency, engine_for(settings.url, create=create), settings.timeout)


def engine_for(url: str, *, create: bool = False) -> AsyncEngine:
    """An engine for ``url``; an embedded SQLite file is opened, never created, unless seeding."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(parsed, pool_size=10, max_overflow=10, pool_pre_ping=True)
    database = parsed.database or ""
    if create and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif database and not database.startswith("file:"):
        parsed = parsed.set(database=f"file:{database}?mode=rw").update_query_dict({"uri": "true"})
    engine = create_async_engine(parsed)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
