"""How agency code calls a remote agency node: one ``RemoteReader`` per agency per request.

The counterpart of ``Reader`` for an agency that runs its own federation subgraph: every
call is one HTTP POST of a GraphQL document, bounded as a whole (retries included) by the
source's timeout, refused at once while the source's circuit breaker is open, and noted
for ``SIMPUL_EXPLAIN``. Calls are reads: a call that failed before any answer is retried
a bounded number of times; an answer, even an error, is never retried.
"""

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from resolvers.breaker import CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.source import SourceLog

logger = logging.getLogger("simpul.remote")

# A gateway in front of the node that could not reach it; worth another try.
_RETRIED_STATUSES = frozenset({502, 503, 504})
_RETRY_PAUSE = 0.05


class RemoteUnusable(Exception):
    """The node answered, but not with an answer the hub can use."""


@dataclass(frozen=True)
class RemoteEndpoint:
    """What the hub keeps for an agency node for its lifetime."""

    agency: str
    url: str
    http: httpx.AsyncClient
    timeout: float
    retries: int
    breaker: CircuitBreaker
    # Why the node cannot serve the hub (e.g. its schema lacks a field), once known.
    problem: Callable[[], str | None] = lambda: None


@dataclass(frozen=True)
class RemoteReader:
    endpoint: RemoteEndpoint
    # The signed caller-context token for this request, made on first use.
    credentials: Callable[[], str]
    request_id: str
    log: SourceLog | None = None

    @property
    def agency(self) -> str:
        return self.endpoint.agency

    async def query(self, document: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        """The ``data`` and ``errors`` of one read, or ``SourceUnavailable``."""
        endpoint = self.endpoint
        problem = endpoint.problem()
        if problem is not None:
            logger.warning("%s source not usable: %s", self.agency, problem)
            raise SourceUnavailable(self.agency)
        if not endpoint.breaker.allow():
            raise SourceUnavailable(self.agency)
        started = time.perf_counter()
        reached: bool | None = None
        try:
            async with asyncio.timeout(endpoint.timeout):
                answer = await self._post_with_retries(document, variables)
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
        self, document: str, variables: Mapping[str, Any]
    ) -> dict[str, Any]:
        body = {"query": document, "variables": dict(variables)}
        headers = {
            "Authorization": f"Bearer {self.credentials()}",
            "X-Request-ID": self.request_id,
        }
        attempt = 0
        while True:
            try:
                response = await self.endpoint.http.post(
                    self.endpoint.url, json=body, headers=headers
                )
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError):
                if attempt >= self.endpoint.retries:
                    raise
            else:
                if response.status_code not in _RETRIED_STATUSES:
                    return _answer(response)
                if attempt >= self.endpoint.retries:
                    raise RemoteUnusable(f"HTTP {response.status_code}")
            attempt += 1
            await asyncio.sleep(_RETRY_PAUSE * attempt)


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 200:
        raise RemoteUnusable(f"HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError as error:
        raise RemoteUnusable("not JSON") from error
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), dict | None):
        raise RemoteUnusable("not a GraphQL response")
    return answer


def _describe(error: BaseException) -> str:
    return type(error).__name__ if isinstance(error, TimeoutError) else str(error) or repr(error)
