"""The GraphQL endpoint: builds each request's context and finishes each response.

Finishing a response means: shaping any error that escaped the schema, writing the audit
record of every unmasked personal field *before* the data leaves (if it cannot be written,
the data does not leave), in explain mode reporting what each source ran, and writing it
in the media type negotiated from ``Accept`` with that type's status code
(``gateway.responses``).
"""

import datetime
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from auth.principal import ANONYMOUS, Principal
from gateway.direct import direct_answer
from gateway.graphiql import graphiql_page
from gateway.hub import Hub
from gateway.media import content_type, media_type_of, wants_graphiql
from gateway.ratelimit import caller_key
from gateway.requests import (
    RequestRefused,
    check_get_is_not_forgeable,
    check_variables_size,
    persisted_hash,
    read_capped_body,
    resolve_document,
)
from gateway.responses import WWW_AUTHENTICATE, shaped_for, status_of
from resolvers.source import Reader, SourceLog
from schema.build import SimpulSchema
from schema.context import Context
from schema.errors import shape

logger = logging.getLogger("simpul.graphql")

_current_request: ContextVar[Request] = ContextVar("simpul_request")

HUB_TIMEOUT = 5.0
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_of(request: Request | WebSocket) -> str:
    offered = request.headers.get("x-request-id", "")
    return offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def principal_of(request: Request | WebSocket) -> Principal:
    principal = getattr(request.state, "principal", ANONYMOUS)
    return principal if isinstance(principal, Principal) else ANONYMOUS


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: SimpulSchema, hub: Hub) -> None:
        super().__init__(schema, allow_queries_via_get=True)
        self.hub = hub
        self.graphql_schema = schema._schema

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        token = _current_request.set(request)
        media = media_type_of(scope)
        try:
            await read_capped_body(request)
            response = await self._direct(request) or await self.run(request)
        except RequestRefused as refused:
            response = refused.response(media)
        except HTTPException as error:
            allow = {"Allow": "GET, POST"} if error.status_code == 405 else {}
            failed = RequestRefused(error.status_code, "BAD_USER_INPUT", error.reason, allow)
            response = failed.response(media)
        finally:
            _current_request.reset(token)
        response.headers["Vary"] = "Accept"
        await response(scope, receive, send)

    async def _direct(self, request: Request) -> Response | None:
        documents = self.hub.security.documents
        principal = principal_of(request)
        return await direct_answer(self, request, principal, self.graphql_schema, documents)

    def encode_json(self, data: object) -> bytes:
        # orjson writes large answers several times faster than the standard library.
        return orjson.dumps(data)

    def should_render_graphql_ide(self, request: Any) -> bool:
        return wants_graphiql(
            request.method, request.query_params, request.headers.get("accept", "")
        )

    def parse_json(self, data: str | bytes) -> Any:
        try:
            parsed = super().parse_json(data)
        except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, absurd nesting
            raise HTTPException(400, "The request body is not valid JSON") from error
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return parsed

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            raise RequestRefused(400, "BAD_USER_INPUT", "Batched operations are not accepted")
        check_variables_size(data)
        if request.method == "GET":
            persisted = persisted_hash(data.extensions) is not None
            check_get_is_not_forgeable(request.headers, persisted)
        principal = principal_of(_current_request.get())
        await resolve_document(data, principal, self.hub.security.documents)
        return data

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                # GraphQL over HTTP: a mutation asked by GET is 405, whatever the media type.
                message = "Mutations are accepted by POST only"
                raise RequestRefused(405, "BAD_USER_INPUT", message, {"Allow": "POST"}) from error
            raise

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        explain = self.hub.settings.explain
        logs = {agency: SourceLog(capture_sql=explain) for agency in self.hub.sources}
        request_id = request_id_of(request)
        if isinstance(response, Response):
            response.headers["x-request-id"] = request_id
        principal = principal_of(request)
        readers, remotes = self.hub.sources.readers(principal, request_id, logs)
        readers["hub"] = Reader("hub", self.hub.security.hub_engine, HUB_TIMEOUT)

        async def throttle(bucket: str, per_minute: int) -> float | None:
            key = f"{bucket}:{caller_key(request.scope, principal)}"
            decision = await self.hub.buckets.take(key, per_minute)
            return None if decision.allowed else decision.retry_after

        context = Context.build(principal, request_id, readers, throttle, remotes)
        request.state.source_logs = logs
        request.state.context = context
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page(request, self.hub)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context | None = getattr(request.state, "context", None)
        request_id = context.request_id if context else request_id_of(request)
        if result.errors:
            # Errors raised while parsing never reach the schema's error shaping.
            result.errors = [shape(error, None, request_id) for error in result.errors]
        media = media_type_of(request.scope)
        if context is not None and context.audit and not await self._audit(context):
            return shaped_for(_withheld(request_id), media)
        response = await super().process_result(request, result)
        if self.hub.settings.explain:
            extensions: dict[str, Any] = dict(response.get("extensions") or {})
            extensions["sources"] = {
                agency: {"statements": log.statements, "milliseconds": round(log.milliseconds, 3)}
                for agency, log in getattr(request.state, "source_logs", {}).items()
                if log.statements
            }
            if context is not None:
                extensions["execution"] = context.execution
            response["extensions"] = extensions
        return shaped_for(response, media)

    async def _audit(self, context: Context) -> bool:
        principal = context.principal
        entries = context.audit.entries(
            principal.client_id or "anonymous",
            principal.purpose,
            context.request_id,
            datetime.datetime.now(datetime.UTC),
        )
        try:
            await self.hub.security.prepare()
            await self.hub.security.audit.append(entries)
        except Exception:
            logger.exception("audit log write failed for request %s", context.request_id)
            return False
        return True

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media = media_type_of(_current_request.get().scope)
        response.headers["Content-Type"] = content_type(media)
        status = status_of(response_data, media) if isinstance(response_data, dict) else 200
        if status != 200:
            response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = WWW_AUTHENTICATE
        return response


def _withheld(request_id: str) -> GraphQLHTTPResponse:
    message = "Personal data withheld: the audit log could not be written"
    return {
        "data": None,
        "errors": [
            {"message": message, "extensions": {"code": "INTERNAL", "requestId": request_id}}
        ],
    }
