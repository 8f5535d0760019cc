"""The application factory."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route, request_response
from starlette.staticfiles import StaticFiles

from gateway.authentication import BearerAuthentication
from gateway.graphql import GraphQLEndpoint
from gateway.health import healthz, readyz
from gateway.hub import Hub
from gateway.negotiation import AcceptNegotiation
from gateway.oauth import jwks_endpoint, metadata_endpoint, token_endpoint
from gateway.oversight_page import oversight_asset, oversight_page
from gateway.ratelimit import RateLimiting
from gateway.settings import Settings
from gateway.telemetry import Telemetry, telemetry_for
from gateway.telemetry_http import TelemetryMiddleware
from resolvers.wilayah import gazetteer
from schema.build import schema


def settle_long_lived_objects() -> None:
    """Load what every request shares (the region list) and take everything alive at start
    out of the cycle collector's view.

    The official region list alone is a few hundred thousand objects; while they are
    tracked, every full collection walks them, which measured a third of the server's CPU
    time on answers of thousands of rows. Frozen objects are never collected, which is
    right for what lives as long as the process.
    """
    gazetteer()
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, telemetry: Telemetry | None = None) -> Starlette:
    """The hub's application; ``telemetry``, when given, replaces the one settings choose."""
    settings = settings or Settings.load()
    hub = Hub.open(settings, telemetry or telemetry_for(settings))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await hub.security.prepare()
        await hub.security.known_clients.listen()
        settle_long_lived_objects()
        await hub.check_remote_sources()
        yield
        await hub.close()

    graphql = AcceptNegotiation(
        BearerAuthentication(RateLimiting(GraphQLEndpoint(schema, hub), hub.buckets), hub.security)
    )
    token = RateLimiting(request_response(token_endpoint), hub.buckets)
    routes: list[BaseRoute] = [
        # Every method reaches the endpoint, which refuses all but GET and POST with a typed 405.
        Route("/graphql", graphql),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/.well-known/jwks.json", jwks_endpoint, methods=["GET"]),
        Route("/.well-known/oauth-authorization-server", metadata_endpoint, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/oversight", oversight_page, methods=["GET"]),
        Route("/oversight/{asset}", oversight_asset, methods=["GET"]),
    ]
    if hub.settings.ui_dir.is_dir():
        routes.append(
            Mount("/graphiql", StaticFiles(directory=hub.settings.ui_dir), name="graphiql")
        )
    middleware = []
    if hub.telemetry is not None:
        middleware.append(Middleware(TelemetryMiddleware, telemetry=hub.telemetry))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.hub = hub
    return app
