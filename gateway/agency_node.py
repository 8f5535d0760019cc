"""An agency's own node: its package under ``resolvers/<agency>/`` served as a federation
subgraph over its own database, for the hub to call (``simpul agency serve <agency>``).

Every call must carry a caller-context token signed by the hub for this node's audience;
the node verifies it against the hub's JWKS, reads only within the regions it names (in
its SQL, through the agency's loaders), and logs who asked, why and under which request.
"""

import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse
from joserfc.jwk import KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from auth.caller_context import CallerContext, CallerContextVerifier
from auth.scopes import read
from auth.spent_tokens import SpentTokens
from auth.tokens import InvalidToken, UnknownKey
from gateway.media import JSON
from gateway.requests import RequestRefused, read_capped_body
from gateway.security import fetch_jwks
from gateway.settings import NodeSettings, Settings, default_audience
from gateway.sources import Source, engine_for
from resolvers.breaker import CircuitBreaker
from resolvers.errors import CodedError
from schema.node.build import NODE_AGENCIES, node_schema

logger = logging.getLogger("simpul.node")

KEY_REFRESH_INTERVAL = 30.0
JWKS_PATH = "/.well-known/jwks.json"
# Fields a caller without the agency's read scope may ask: the node's own schema.
_SCHEMA_FIELDS = frozenset({"_service", "__typename", "__schema", "__type"})
# The agency's reads and writes check the caller's scopes each (``schema/node/agency_*``).
_OPEN_FIELDS = _SCHEMA_FIELDS | {"agencyRows", "agencyWrite", "agencyKeyFree"}


class CallerVerifier(Protocol):
    async def verify(self, token: str) -> CallerContext:
        """The caller behind a token, or ``InvalidToken``."""


class HubKeys:
    """Verifies caller-context tokens with the hub's published keys, fetched when a token
    names a key not yet seen (not more often than every ``KEY_REFRESH_INTERVAL`` s)."""

    def __init__(self, node: NodeSettings, audience: str) -> None:
        self._jwks_url = node.hub_jwks_url
        self._verifier = CallerContextVerifier(node.hub_issuer, audience)
        self._fetched_at = float("-inf")

    async def verify(self, token: str) -> CallerContext:
        try:
            return self._verifier.verify(token)
        except UnknownKey:
            if not await self._refresh():
                raise
            return self._verifier.verify(token)

    async def _refresh(self) -> bool:
        now = time.monotonic()
        if now - self._fetched_at < KEY_REFRESH_INTERVAL:
            return False
        self._fetched_at = now
        keys: KeySet | None = await fetch_jwks(self._jwks_url, "the hub")
        if keys is None:
            return False
        self._verifier.replace_keys(keys)
        return True


def create_node_app(
    agency: str, settings: Settings, verifier: CallerVerifier | None = None
) -> Starlette:
    if agency not in NODE_AGENCIES:
        raise ValueError(f"no node for {agency}; agencies with a node: {', '.join(NODE_AGENCIES)}")
    configured = settings.source(agency)
    if configured.kind != "sql":
        raise ValueError(f"the node serves {agency}'s own database: set a database URL")
    node = settings.node or NodeSettings(settings.issuer, f"{settings.issuer}{JWKS_PATH}")
    breaker = CircuitBreaker(configured.breaker_threshold, configured.breaker_cooldown)
    engine = engine_for(configured.url, pool_size=configured.pool_size)
    source = Source(agency, engine, configured.timeout, breaker)
    callers = verifier or HubKeys(node, node.audience or default_audience(agency))
    schema = node_schema(agency)
    spent = SpentTokens()

    async def graphql(request: Request) -> Response:
        try:
            await read_capped_body(request)
            caller = await _caller(request, callers)
            query, variables, operation = _operation(request)
            _check_scope(query, caller, agency)
        except RequestRefused as refused:
            # The hub reads the node's answers as plain JSON (a status and a body).
            return refused.response(JSON)
        logger.info(
            "request %s from client %s, purpose %s, regions %s",
            caller.request_id,
            caller.principal.client_id,
            caller.principal.purpose,
            " ".join(caller.principal.regions.prefixes) or "-",
        )
        context = NODE_AGENCIES[agency].context(caller, source.reader(), spent)
        result = await schema.execute(
            query, variable_values=variables, context_value=context, operation_name=operation
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [_shaped(error, caller.request_id) for error in result.errors]
        return JSONResponse(body)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        state = await source.state()
        return JSONResponse(
            {"status": "ready" if state.ready else "not ready", "detail": state.detail},
            status_code=200 if state.ready else 503,
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await source.close()

    routes = [
        Route("/graphql", graphql, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _caller(request: Request, callers: CallerVerifier) -> CallerContext:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise RequestRefused(401, "UNAUTHENTICATED", "A caller-context token is required")
    try:
        return await callers.verify(token.strip())
    except InvalidToken as error:
        logger.warning("caller-context token refused: %s", error)
        raise RequestRefused(401, "UNAUTHENTICATED", "Invalid caller-context token") from None


def _operation(request: Request) -> tuple[str, dict[str, Any] | None, str | None]:
    try:
        body = json.loads(request._body)
    except (ValueError, RecursionError):
        raise RequestRefused(400, "BAD_USER_INPUT", "The body is not valid JSON") from None
    query = body.get("query") if isinstance(body, dict) else None
    variables = body.get("variables") if isinstance(body, dict) else None
    operation = body.get("operationName") if isinstance(body, dict) else None
    if (
        not isinstance(query, str)
        or not isinstance(variables, dict | None)
        or not isinstance(operation, str | None)
    ):
        raise RequestRefused(400, "BAD_USER_INPUT", "Send a JSON object with a query")
    return query, variables, operation


def _check_scope(query: str, caller: CallerContext, agency: str) -> None:
    if caller.principal.has(read(agency)):
        return
    try:
        document = parse(query)
    except GraphQLError:
        return  # the schema refuses it with its own message
    # Only plain root fields of the schema and the agency's reads pass; fragments at the root
    # could hide data fields.
    schema_only = all(
        isinstance(selection, FieldNode) and selection.name.value in _OPEN_FIELDS
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
    )
    if not schema_only:
        raise RequestRefused(403, "FORBIDDEN", f"The {read(agency)} scope is required")


def _shaped(error: GraphQLError, request_id: str) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, CodedError):
        extensions = dict(original.extensions or {})
        message = original.message
    elif original is None:
        extensions, message = {"code": "BAD_USER_INPUT"}, error.message
    else:
        logger.error("request %s failed", request_id, exc_info=original)
        extensions = {"code": "INTERNAL", "requestId": request_id}
        message = "Internal error"
    return {"message": message, "path": error.path, "extensions": extensions}
