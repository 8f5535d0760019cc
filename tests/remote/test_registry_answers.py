"""A registry node whose answers are not the records asked for, or whose counts are not
counts, makes the registry unavailable for the request; it never shows a stranger as a
household's member or a wrong total."""

import re
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.settings import Settings
from resolvers.population import Population
from schema.node.build import node_schema
from tests.remote.support import ask, hub_with_node, node_source, serving

VILLAGE = "32.04.05.2001"
HOUSEHOLD = {
    "id": "5",
    "noKk": "3204050101010001",
    "address": "Jl. Uji 1",
    "villageCode": VILLAGE,
    "decile": 2,
    "status": "aktif",
    "registeredOn": "2020-01-01",
    "updatedAt": "2026-01-01T00:00:00+00:00",
}


def _person(household: str, relationship: str) -> dict[str, Any]:
    return {
        "id": "9",
        "nik": "3204054101900001",
        "householdId": household,
        "name": "Orang Lain",
        "sex": "P",
        "birthPlace": "Bandung",
        "birthDate": "1990-01-01",
        "relationship": relationship,
        "disability": None,
        "status": "hidup",
        "deceasedOn": None,
        "villageCode": VILLAGE,
    }


def _node(members_of: str, tally: int, relationship: str = "kepala_keluarga") -> Starlette:
    """A node whose household 5 lists a member of ``members_of`` (related to the head as
    ``relationship``) and whose every tally counts ``tally`` households in the village."""
    sdl = node_schema("registry").execute_sync("{ _service { sdl } }").data

    async def graphql(request: Request) -> JSONResponse:
        query = (await request.json())["query"]
        if "_service" in query:
            return JSONResponse({"data": sdl})
        data: dict[str, Any] = {}
        for alias, selection in re.findall(r"(e\d+): _entities\(.*?\.\.\. on \w+ \{ (\w+)", query):
            held = {"villageCode": VILLAGE, "members": [_person(members_of, relationship)]}
            data[alias] = [held if selection == "villageCode" else HOUSEHOLD]
        for alias in re.findall(r"\b(f\d+_\d+): householdPage", query):
            data[alias] = [HOUSEHOLD]
        for alias in re.findall(r"\b(f\d+_\d+): householdTally", query):
            data[alias] = [{"regionCodes": [VILLAGE], "count": tally}]
        return JSONResponse({"data": data})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


MEMBERS = '{ household(id: "5") { id members { id } } }'
COUNT = "{ households { totalCount } }"
NO_MEMBERS = {"household": {"id": "5", "members": None}}


@pytest.mark.parametrize(
    ("members_of", "tally", "relationship", "query", "data"),
    [
        ("6", 1, "kepala_keluarga", MEMBERS, NO_MEMBERS),
        ("5", 1, "tetangga", MEMBERS, NO_MEMBERS),
        ("5", -3, "kepala_keluarga", COUNT, {"households": None}),
    ],
    ids=["a member of another household", "an unknown relationship", "a negative count"],
)
async def test_an_answer_out_of_agreement_makes_the_registry_unavailable(
    settings: Settings,
    population: Population,
    members_of: str,
    tally: int,
    relationship: str,
    query: str,
    data: dict[str, Any],
) -> None:
    with serving(_node(members_of, tally, relationship)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            body = await ask(http, app, query)
    assert body["data"] == data
    errors = body["errors"]
    assert [error["extensions"] for error in errors] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "registry"}
    ]


async def test_an_answer_in_agreement_is_shown(settings: Settings, population: Population) -> None:
    with serving(_node("5", 4)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            members = await ask(http, app, MEMBERS)
            count = await ask(http, app, COUNT)
    assert members["data"] == {"household": {"id": "5", "members": [{"id": "9"}]}}, members
    assert count == {"data": {"households": {"totalCount": 4}}, "extensions": count["extensions"]}
