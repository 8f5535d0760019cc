"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route, request_response
from starlette.staticfiles import StaticFiles

from gateway.authentication import BearerAuthentication
from gateway.graphql import GraphQLEndpoint
from gateway.health import healthz, readyz
from gateway.hub import Hub
from gateway.oauth import jwks_endpoint, metadata_endpoint, token_endpoint
from gateway.ratelimit import RateLimiting
from gateway.settings import Settings
from schema.build import schema


def create_app(settings: Settings | None = None) -> Starlette:
    hub = Hub.open(settings or Settings.load())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await hub.security.prepare()
        yield
        await hub.close()

    graphql = BearerAuthentication(
        RateLimiting(GraphQLEndpoint(schema, hub), hub.buckets), hub.security
    )
    token = RateLimiting(request_response(token_endpoint), hub.buckets)
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/.well-known/jwks.json", jwks_endpoint, methods=["GET"]),
        Route("/.well-known/oauth-authorization-server", metadata_endpoint, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    if hub.settings.ui_dir.is_dir():
        routes.append(
            Mount("/graphiql", StaticFiles(directory=hub.settings.ui_dir), name="graphiql")
        )
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.hub = hub
    return app
