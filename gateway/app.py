"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from gateway.graphql import GraphQLEndpoint
from gateway.health import healthz, readyz
from gateway.hub import Hub
from gateway.settings import Settings
from schema.build import schema


def create_app(settings: Settings | None = None) -> Starlette:
    hub = Hub.open(settings or Settings.load())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await hub.close()

    routes: list[BaseRoute] = [
        Route("/graphql", GraphQLEndpoint(schema, hub), methods=["GET", "POST"]),
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
