"""Agencies that run their own node: the hub's long-lived side of each (HTTP client,
circuit breaker, schema compatibility) and the per-request readers it hands out.

The node's SDL is checked at start-up and on every readiness probe: a node that lacks a
type, field or argument the hub asks for is not ready, named in ``/readyz``, and its
fields fail fast with ``SOURCE_UNAVAILABLE`` while the other sources serve on.
"""

import logging
import ssl
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx

from auth.caller_context import Write, issue_caller_context
from auth.keys import KeyRing
from auth.principal import Principal
from auth.regions import RegionScope
from gateway.settings import SourceSettings, default_audience
from resolvers.agency_index import scopes_needed
from resolvers.breaker import CircuitBreaker
from resolvers.errors import SourceUnavailable
from resolvers.remote import Credentials, RemoteEndpoint, RemoteReader
from resolvers.remote_agencies import REMOTE_AGENCIES
from resolvers.remote_compat import incompatibility
from resolvers.source import SourceLog

logger = logging.getLogger("simpul.remote")

SDL_QUERY = "query HubSchemaCheck { _service { sdl } }"
# Who asks when the hub checks a node's schema for itself: nobody's data is read.
SCHEMA_CHECK = Principal("simpul-hub", frozenset(), RegionScope.of([]), "schema check")


@dataclass(frozen=True, slots=True)
class Signer:
    """Signs caller-context tokens with the hub's keys."""

    keyring: KeyRing
    issuer: str


@dataclass
class RemoteSource:
    agency: str
    settings: SourceSettings
    endpoint: RemoteEndpoint
    signer: Signer

    @classmethod
    def open(cls, agency: str, settings: SourceSettings, signer: Signer) -> "RemoteSource":
        http = httpx.AsyncClient(
            verify=_tls(settings), timeout=settings.timeout, follow_redirects=False
        )
        breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown)
        retries = max(0, settings.retries)
        endpoint = RemoteEndpoint(agency, settings.url, http, settings.timeout, retries, breaker)
        return cls(agency, settings, endpoint, signer)

    @property
    def breaker(self) -> CircuitBreaker:
        return self.endpoint.breaker

    @property
    def audience(self) -> str:
        return self.settings.audience or default_audience(self.agency)

    def reader(self, principal: Principal, request_id: str, log: SourceLog | None) -> RemoteReader:
        credentials = self._credentials(principal, request_id)
        return RemoteReader(self.endpoint, credentials, request_id, log)

    def _credentials(self, principal: Principal, request_id: str) -> Credentials:
        """The request's token, made on first use; each write gets a fresh one of its own,
        good for that write only (and, without a key, only once)."""

        @cache
        def for_reads() -> str:
            return signed(None)

        def token(write: Write | None = None) -> str:
            return for_reads() if write is None else signed(write)

        def signed(write: Write | None) -> str:
            return issue_caller_context(
                self.signer.keyring,
                self.signer.issuer,
                self.audience,
                self.agency,
                principal,
                request_id,
                scopes_needed(self.agency),
                write,
            )

        return token

    async def check(self) -> tuple[bool, str]:
        """Ask the node for its SDL and check it; the outcome also gates every request."""
        reader = RemoteReader(
            self.endpoint, self._credentials(SCHEMA_CHECK, uuid.uuid4().hex), "schema-check"
        )
        compatibility = self.endpoint.compatibility
        compatibility.problem = None
        try:
            answer = await reader.query(SDL_QUERY, {})
        except SourceUnavailable:
            return False, "unreachable or timed out"
        compatibility.problem = _problem(answer, self.agency)
        if compatibility.problem is not None:
            logger.warning("%s node: %s", self.agency, compatibility.problem)
            return False, compatibility.problem
        return True, "ok"

    async def close(self) -> None:
        await self.endpoint.http.aclose()


def _problem(answer: dict[str, Any], agency: str) -> str | None:
    service = (answer.get("data") or {}).get("_service")
    sdl = service.get("sdl") if isinstance(service, dict) else None
    if not isinstance(sdl, str):
        return "it did not answer _service { sdl }"
    found = incompatibility(sdl, REMOTE_AGENCIES[agency].required)
    return None if found is None else f"incompatible schema: {found}"


def _tls(settings: SourceSettings) -> ssl.SSLContext:
    """The node's certificate checked (against ``ca_file`` when given), and the hub's own
    client certificate presented when the node asks for mutual TLS."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    if settings.client_cert:
        context.load_cert_chain(settings.client_cert, settings.client_key)
    return context
