"""The GraphQL endpoint: builds each request's context and finishes each response."""

import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from auth.principal import Principal
from auth.regions import RegionScope
from gateway.graphiql import graphiql_page
from gateway.hub import Hub
from resolvers.source import SourceLog
from schema.build import SimpulSchema
from schema.context import Context
from schema.errors import shape

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_NATIONAL = Principal(client_id=None, scopes=frozenset(), regions=RegionScope.of(["*"]))


def request_id_of(request: Request | WebSocket) -> str:
    offered = request.headers.get("x-request-id", "")
    return offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: SimpulSchema, hub: Hub) -> None:
        super().__init__(schema, allow_queries_via_get=True)
        self.hub = hub

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        explain = self.hub.settings.explain
        logs = {agency: SourceLog(capture_sql=explain) for agency in self.hub.sources}
        request.state.source_logs = logs
        request.state.request_id = request_id_of(request)
        if isinstance(response, Response):
            response.headers["x-request-id"] = request.state.request_id
        readers = {
            agency: source.reader(logs[agency]) for agency, source in self.hub.sources.items()
        }
        return Context.build(_NATIONAL, request.state.request_id, readers)

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page(request, self.hub.settings)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            # Errors raised while parsing never reach the schema's error shaping.
            request_id = getattr(request.state, "request_id", None)
            result.errors = [shape(error, None, request_id) for error in result.errors]
        response = await super().process_result(request, result)
        if self.hub.settings.explain:
            extensions: dict[str, Any] = dict(response.get("extensions") or {})
            extensions["sources"] = {
                agency: {"statements": log.statements, "milliseconds": round(log.milliseconds, 3)}
                for agency, log in getattr(request.state, "source_logs", {}).items()
                if log.statements
            }
            response["extensions"] = extensions
        return response
