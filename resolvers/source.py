"""How agency code runs SQL: one ``Reader`` per source per request.

A reader bounds every statement by the source's timeout, turns connection failures
into ``SourceUnavailable`` for that agency only, notes what ran for ``SIMPUL_EXPLAIN``,
and reports each statement and write transaction to the request's observer, if any.
"""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    nullcontext,
)
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

from asyncpg.exceptions import InterfaceError as DriverInterfaceError
from asyncpg.exceptions import (
    OperatorInterventionError,
    PostgresConnectionError,
    PostgresError,
)
from sqlalchemy import ColumnElement, Dialect, Executable, Row
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn

from resolvers.breaker import CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.keys import keys_in
from resolvers.prebuilt import DriverForm, Prebuilt

T = TypeVar("T")

# Execution option marking a connection that will write (see gateway.sources).
WRITE_OPTION = "simpul_write"


@dataclass
class Observed:
    """What an observer learns once a statement has run."""

    rows: int | None = None


class SourceObserver(Protocol):
    def __call__(
        self, agency: str, dialect: Dialect, statement: Executable | None
    ) -> AbstractContextManager[Observed]:
        """Observe one statement, or a write transaction when ``statement`` is None."""


source_observer: ContextVar[SourceObserver | None] = ContextVar(
    "simpul_source_observer", default=None
)


class _Unreachable(Exception):
    """The source could not be connected to."""


@dataclass
class SourceLog:
    """Statements one source ran for one request."""

    statements: list[str] = field(default_factory=list)
    milliseconds: float = 0.0
    capture_sql: bool = False

    def note(self, statement: Executable, elapsed: float, dialect: Any) -> None:
        self.milliseconds += elapsed * 1000
        text = str(statement.compile(dialect=dialect)) if self.capture_sql else ""  # type: ignore[attr-defined]
        self.statements.append(text)


@dataclass(frozen=True)
class Reader:
    agency: str
    engine: AsyncEngine
    timeout: float
    log: SourceLog | None = None
    breaker: CircuitBreaker | None = None
    # PostgreSQL only: the pool prebuilt statements run on (``gateway.sources``).
    driver_engine: AsyncEngine | None = None

    def keys_in(self, column: ColumnElement[Any], keys: Sequence[Any]) -> ColumnElement[bool]:
        """``column`` is one of ``keys``, as this source's database takes it best."""
        return keys_in(column, keys, self.dialect)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def rows(
        self, statement: Executable | Prebuilt, parameters: Mapping[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        if isinstance(statement, Prebuilt):
            prebuilt = statement
            statement = prebuilt.statement
            if self.driver_engine is not None:
                form = prebuilt.driver_form(self.engine.dialect)
                if form is not None:
                    return await self._driver_rows(statement, form, parameters)

        async def run(conn: AsyncConnection) -> Sequence[Row[Any]]:
            return (await conn.execute(statement, parameters)).all()

        return await self._guarded(statement, run, len)

    async def _driver_rows(
        self, statement: Executable, form: DriverForm, parameters: Mapping[str, Any] | None
    ) -> Sequence[Row[Any]]:
        arguments = form.arguments(parameters)

        async def run(connection: Any) -> Sequence[Any]:
            return await connection.fetch(form.sql, *arguments)  # type: ignore[no-any-return]

        records = await self._guarded(statement, run, len, self._driver_connection)
        # Read as SQLAlchemy's rows are (``resolvers/prebuilt.py``).
        return cast(Sequence[Row[Any]], form.rows(records))

    async def scalar(self, statement: Executable) -> Any:
        async def run(conn: AsyncConnection) -> Any:
            return (await conn.execute(statement)).scalar_one()

        return await self._guarded(statement, run, lambda _: 1)

    async def _connect(self) -> AsyncConnection:
        """A connection, or ``_Unreachable``: any failure here means the source is not there."""
        try:
            return await self.engine.connect()
        except (DBAPIError, DisconnectionError, OSError) as error:
            raise _Unreachable from error

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction, all or nothing, under the source's timeout and breaker. On
        SQLite it takes the write lock at once, so concurrent writers queue instead of
        failing when they upgrade a read lock."""
        with self._observed(None):
            async with self._connection(write=True) as conn:
                yield conn

    def _observed(self, statement: Executable | None) -> AbstractContextManager[Observed | None]:
        observe = source_observer.get()
        if observe is None:
            return nullcontext()
        return observe(self.agency, self.engine.dialect, statement)

    async def _guarded(
        self,
        statement: Executable,
        run: Callable[[Any], Awaitable[T]],
        count: Callable[[T], int],
        connect: Callable[[], AbstractAsyncContextManager[Any]] | None = None,
    ) -> T:
        """``run`` on a read connection (``connect``'s, else SQLAlchemy's), observed and
        noted in the statement log."""
        started = time.perf_counter()
        try:
            with self._observed(statement) as observed:
                connection = connect() if connect is not None else self._connection(write=False)
                async with connection as conn:
                    result = await run(conn)
                if observed is not None:
                    observed.rows = count(result)
                return result
        finally:
            if self.log is not None:
                self.log.note(statement, time.perf_counter() - started, self.engine.dialect)

    @asynccontextmanager
    async def _connection(self, *, write: bool) -> AsyncIterator[AsyncConnection]:
        breaker = self.breaker
        if breaker is not None and not breaker.allow():
            raise SourceUnavailable(self.agency)
        reached: bool | None = None  # None: cancelled before an answer either way
        try:
            async with asyncio.timeout(self.timeout):
                conn = await self._connect()
                try:
                    if write:
                        writer = await conn.execution_options(**{WRITE_OPTION: True})
                        async with writer.begin():
                            yield writer
                    elif self.engine.dialect.name == "sqlite":
                        yield conn
                    else:
                        # One statement per connection: no BEGIN and ROLLBACK round trips.
                        yield await conn.execution_options(isolation_level="AUTOCOMMIT")
                finally:
                    await conn.close()
            reached = True
        except (TimeoutError, _Unreachable) as error:
            reached = False
            raise SourceUnavailable(self.agency) from error
        except DBAPIError as error:
            reached = not (error.connection_invalidated or isinstance(error, InterfaceError))
            if not reached:
                raise SourceUnavailable(self.agency) from error
            raise  # the database answered, with an error of the statement
        except Exception:
            reached = True  # the caller's own outcome (e.g. a refused write) after an answer
            raise
        finally:
            if breaker is not None:
                breaker.record(reached)

    @asynccontextmanager
    async def _driver_connection(self) -> AsyncIterator[Any]:
        """The driver's own connection from the prebuilt statements' pool, under the same
        timeout, breaker and failure rules as ``_connection``. A connection that failed
        or was interrupted is discarded, not put back."""
        assert self.driver_engine is not None
        breaker = self.breaker
        if breaker is not None and not breaker.allow():
            raise SourceUnavailable(self.agency)
        reached: bool | None = None
        pooled: PoolProxiedConnection | None = None
        try:
            async with asyncio.timeout(self.timeout):
                try:
                    pooled = await self.driver_engine.raw_connection()
                except (DBAPIError, DisconnectionError, OSError) as error:
                    raise _Unreachable from error
                yield pooled.driver_connection
            reached = True
        except (
            TimeoutError,
            _Unreachable,
            OSError,
            PostgresConnectionError,
            OperatorInterventionError,  # shut down, or not accepting connections
        ) as error:
            reached = False
            raise SourceUnavailable(self.agency) from error
        except PostgresError as error:
            reached = True  # the database answered, with an error of the statement
            raise DBAPIError(None, None, error) from error
        except Exception as error:
            # The driver's own failures (a broken protocol state, a closed connection) mean
            # the source cannot be trusted to answer; anything else is the caller's outcome.
            reached = not isinstance(error, DriverInterfaceError)
            if not reached:
                raise SourceUnavailable(self.agency) from error
            raise
        finally:
            if pooled is not None:
                if reached:
                    pooled.close()
                else:
                    await greenlet_spawn(pooled.invalidate)
            if breaker is not None:
                breaker.record(reached)


def database_of(readers: Mapping[str, Reader], agency: str) -> Reader:
    """The agency's database; an agency the hub reads no database of (it runs a node) is
    unavailable here rather than silently empty."""
    reader = readers.get(agency)
    if reader is None:
        raise SourceUnavailable(agency)
    return reader
