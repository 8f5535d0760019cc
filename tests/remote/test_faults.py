"""A node that is down, hangs or keeps failing costs only the logistics fields: they come
back null with ``SOURCE_UNAVAILABLE``, retries stay bounded, the breaker opens, and
``/readyz`` names the agency."""

import re
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.agency_node import create_node_app
from gateway.settings import Settings, SourceSettings
from resolvers.population import Population
from schema.node.build import node_schema
from tests.remote.support import IgnoresRegions, ask, free_port, hub_with_node, node_source, serving

CROSS_AGENCY = """
query CrossAgency {
  region(code: "32.04") { name }
  household(id: "1") { id aidReceived { distributedOn } }
  disasterEvents(first: 2) { totalCount }
}
"""


def _logistics_failed(body: dict[str, object]) -> bool:
    data = body["data"]
    errors = body["errors"]
    assert isinstance(data, dict) and isinstance(errors, list)
    return (
        data["region"] == {"name": "Kabupaten Bandung"}
        and data["household"] == {"id": "1", "aidReceived": None}
        and data["disasterEvents"] is None
        and sorted(tuple(error["path"]) for error in errors)
        == [("disasterEvents",), ("household", "aidReceived")]
        and all(
            error["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
            for error in errors
        )
    )


async def test_down_node_nulls_only_the_logistics_fields(
    settings: Settings, population: Population
) -> None:
    down = node_source(f"http://127.0.0.1:{free_port()}", timeout=2)
    async with hub_with_node(settings, down) as (app, http):
        body = await ask(http, app, CROSS_AGENCY)
        ready = await http.get("/readyz")
    assert _logistics_failed(body)
    assert "127.0.0.1" not in str(body["errors"])
    assert ready.status_code == 503
    sources = ready.json()["sources"]
    assert sources["logistics"]["ready"] is False
    assert all(sources[a]["ready"] for a in ("registry", "regional", "institutions"))


async def test_hanging_node_times_out_within_its_own_timeout(
    settings: Settings, population: Population, black_hole: int
) -> None:
    hanging = node_source(f"http://127.0.0.1:{black_hole}", timeout=0.5)
    async with hub_with_node(settings, hanging) as (app, http):
        started = time.perf_counter()
        body = await ask(http, app, CROSS_AGENCY)
        elapsed = time.perf_counter() - started
    assert elapsed < 3
    assert _logistics_failed(body)


def _always_503(attempts: list[float]) -> Starlette:
    async def graphql(request: Request) -> JSONResponse:
        attempts.append(time.monotonic())
        return JSONResponse({"message": "overloaded"}, status_code=503)

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


async def test_failing_node_is_retried_a_bounded_number_of_times_then_the_breaker_opens(
    settings: Settings, population: Population
) -> None:
    attempts: list[float] = []
    with serving(_always_503(attempts)) as url:
        failing = node_source(url, retries=1, breaker_threshold=2, breaker_cooldown=60)
        async with hub_with_node(settings, failing) as (app, http):
            at_start = len(attempts)  # the start-up schema check: one call, one retry
            first = await ask(http, app, "query { disasterEvents { totalCount } }")
            after_first = len(attempts)
            second = await ask(http, app, "query { disasterEvents { totalCount } }")
            after_second = len(attempts)
            ready = await http.get("/readyz")
    assert at_start == 2
    assert after_first - at_start == 2
    assert after_second == after_first  # the breaker is open: the node is left alone
    for body in (first, second):
        assert body["data"] == {"disasterEvents": None}
        assert body["errors"][0]["extensions"] == {
            "code": "SOURCE_UNAVAILABLE",
            "agency": "logistics",
        }
    assert ready.json()["sources"]["logistics"] == {
        "ready": False,
        "detail": "unreachable or timed out",
        "breaker": "open",
    }


def _garbling() -> Starlette:
    """A node with the right schema whose every answer is out of shape."""
    sdl = node_schema("logistics").execute_sync("{ _service { sdl } }").data

    async def graphql(request: Request) -> JSONResponse:
        query = (await request.json())["query"]
        if "_service" in query:
            return JSONResponse({"data": sdl})
        aliases = re.findall(r"\b([ef]\d+(?:_\d+)?): ", query)
        return JSONResponse({"data": {key: [{"id": "not a number"}] for key in aliases}})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


async def test_answers_out_of_shape_make_the_node_unavailable_not_an_internal_error(
    settings: Settings, population: Population
) -> None:
    with serving(_garbling()) as url:
        async with hub_with_node(settings, node_source(url)) as (app, http):
            body = await ask(http, app, CROSS_AGENCY)
    assert _logistics_failed(body)
    assert "not a number" not in str(body)


async def test_a_node_whose_own_database_is_down_fails_only_the_logistics_fields(
    settings: Settings, population: Population, tmp_path: Path
) -> None:
    missing = SourceSettings(f"sqlite+aiosqlite:///{tmp_path}/absent.db", timeout=1)
    broken = create_node_app(
        "logistics", settings.with_sources(logistics=missing), IgnoresRegions()
    )
    with serving(broken) as url:
        async with hub_with_node(settings, node_source(url)) as (app, http):
            body = await ask(http, app, CROSS_AGENCY)
    assert _logistics_failed(body)
