"""How agency code calls a remote agency node: one ``RemoteReader`` per agency per request.

The counterpart of ``Reader`` for an agency that runs its own federation subgraph: every
call is one HTTP POST of a GraphQL document, bounded as a whole (retries included) by the
source's timeout, refused at once while the source's circuit breaker is open, and noted
for ``SIMPUL_EXPLAIN``. Only reads are ever sent, so a call that got no answer from the
node (connection refused or reset, or a 502, 503 or 504 from a gateway in front of it) is
retried a bounded number of times; an answer of the node, even an error, never is.
"""

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from auth.caller_context import Write
from resolvers.breaker import CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.source import SourceLog

logger = logging.getLogger("simpul.remote")

# A gateway in front of the node that could not reach it; worth another try.
_RETRIED_STATUSES = frozenset({502, 503, 504})
# No answer of a node is read past this size.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
_RETRY_PAUSE = 0.05


class Credentials(Protocol):
    """The caller-context token of a call: the request's, or a write's own."""

    def __call__(self, write: Write | None = None) -> str: ...


class RemoteObserver(Protocol):
    def __call__(self, agency: str) -> AbstractContextManager[Mapping[str, str]]:
        """Observe one call to a node; the headers to send with it (trace context)."""


remote_observer: ContextVar[RemoteObserver | None] = ContextVar(
    "simpul_remote_observer", default=None
)


class RemoteUnusable(Exception):
    """The node answered, but not with an answer the hub can use."""


@dataclass
class Compatibility:
    """Why the node cannot serve the hub (its schema lacks a field…), once known."""

    problem: str | None = None


@dataclass(frozen=True)
class RemoteEndpoint:
    """What the hub keeps for an agency node for its lifetime."""

    agency: str
    url: str
    http: httpx.AsyncClient
    timeout: float
    retries: int
    breaker: CircuitBreaker
    compatibility: Compatibility = field(default_factory=Compatibility)


@dataclass(frozen=True)
class RemoteReader:
    endpoint: RemoteEndpoint
    # The signed caller-context token for this request (or for one of its writes).
    credentials: Credentials
    request_id: str
    log: SourceLog | None = None

    @property
    def agency(self) -> str:
        return self.endpoint.agency

    async def query(
        self,
        document: str,
        variables: Mapping[str, Any],
        retried: bool = True,
        write: Write | None = None,
    ) -> dict[str, Any]:
        """The ``data`` and ``errors`` of one call, or ``SourceUnavailable``. A call that
        must not run twice (a write without an idempotency key) is not ``retried``; a
        ``write`` is sent under a token good for that write only."""
        endpoint = self.endpoint
        problem = endpoint.compatibility.problem
        if problem is not None:
            logger.warning("%s source not usable: %s", self.agency, problem)
            raise SourceUnavailable(self.agency)
        if not endpoint.breaker.allow():
            raise SourceUnavailable(self.agency)
        started = time.perf_counter()
        reached: bool | None = None
        observe = remote_observer.get()
        try:
            with observe(self.agency) if observe else nullcontext({}) as traced:
                async with asyncio.timeout(endpoint.timeout):
                    retries = endpoint.retries if retried else 0
                    answer = await self._post_with_retries(
                        document, variables, traced, retries, write
                    )
            reached = True
            return answer
        except (TimeoutError, httpx.HTTPError, RemoteUnusable) as error:
            reached = False
            logger.warning("%s source failed: %s", self.agency, _describe(error))
            raise SourceUnavailable(self.agency) from error
        finally:
            endpoint.breaker.record(reached)
            if self.log is not None:
                self.log.milliseconds += (time.perf_counter() - started) * 1000
                self.log.statements.append(document if self.log.capture_sql else "")

    async def _post_with_retries(
        self,
        document: str,
        variables: Mapping[str, Any],
        traced: Mapping[str, str],
        retries: int,
        write: Write | None,
    ) -> dict[str, Any]:
        body = {"query": document, "variables": dict(variables)}
        headers = {
            **traced,
            "Authorization": f"Bearer {self.credentials(write)}",
            "X-Request-ID": self.request_id,
        }
        attempt = 0
        while True:
            try:
                status, content = await self._post(body, headers)
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError):
                if attempt >= retries:
                    raise
            else:
                if status not in _RETRIED_STATUSES:
                    return _answer(status, content)
                if attempt >= retries:
                    raise RemoteUnusable(f"HTTP {status}")
            attempt += 1
            await asyncio.sleep(_RETRY_PAUSE * attempt)

    async def _post(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, bytes]:
        request = self.endpoint.http.build_request(
            "POST", self.endpoint.url, json=body, headers=headers
        )
        response = await self.endpoint.http.send(request, stream=True)
        try:
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise RemoteUnusable("answer too large")
                chunks.append(chunk)
        finally:
            await response.aclose()
        return response.status_code, b"".join(chunks)


def _answer(status: int, content: bytes) -> dict[str, Any]:
    if status != 200:
        raise RemoteUnusable(f"HTTP {status}")
    try:
        answer = json.loads(content)
    except ValueError as error:
        raise RemoteUnusable("not JSON") from error
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), dict | None):
        raise RemoteUnusable("not a GraphQL response")
    return answer


def _describe(error: BaseException) -> str:
    return type(error).__name__ if isinstance(error, TimeoutError) else str(error) or repr(error)
