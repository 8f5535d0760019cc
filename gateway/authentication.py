"""Bearer tokens on the GraphQL endpoint: a bad token refuses the whole request with 401."""

import logging

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from auth.principal import ANONYMOUS
from auth.tokens import InvalidToken
from gateway.media import media_type_of
from gateway.responses import WWW_AUTHENTICATE, refusal
from gateway.security import Security

logger = logging.getLogger("simpul.authentication")


def unauthenticated(scope: Scope, message: str) -> JSONResponse:
    challenge = f'{WWW_AUTHENTICATE}, error="invalid_token"'
    headers = {"WWW-Authenticate": challenge}
    return refusal(media_type_of(scope), 401, "UNAUTHENTICATED", message, headers)


class BearerAuthentication:
    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization")
        principal = ANONYMOUS
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                message = "The Authorization header must be 'Bearer <token>'"
                await unauthenticated(scope, message)(scope, receive, send)
                return
            try:
                principal = await self.security.authenticate(token.strip())
            except InvalidToken as error:
                logger.info("refused a token: %s", error)
                message = "The token is invalid, expired or revoked"
                await unauthenticated(scope, message)(scope, receive, send)
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)
