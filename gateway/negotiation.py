"""Content negotiation in front of the GraphQL endpoint: the media type chosen from the
``Accept`` header is kept in the request's state for every response behind it (refusals
included), and a header that accepts none of the endpoint's types is answered with 406."""

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.media import GRAPHQL_RESPONSE, JSON, STATE_KEY, negotiate, wants_graphiql
from gateway.responses import refusal


class AcceptNegotiation:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept = Headers(scope=scope).get("accept")
        media = negotiate(accept)
        if media is None:
            params = QueryParams(scope.get("query_string", b""))
            if not wants_graphiql(scope["method"], params, accept or ""):
                message = f"This endpoint answers in {GRAPHQL_RESPONSE} or {JSON} only"
                await refusal(JSON, 406, "BAD_USER_INPUT", message)(scope, receive, send)
                return
        scope.setdefault("state", {})[STATE_KEY] = media or JSON
        await self.app(scope, receive, send)
