"""The hub takes nothing a node returns on trust: a node that ignores the caller's regions
leaks nothing and miscounts nothing, and a node whose schema lacks what the hub asks for
is refused at start-up."""

import logging
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.agency_node import create_node_app
from gateway.settings import Settings
from resolvers.population import DOUBLE_AID_REGENCY, Population
from tests.remote.support import (
    IgnoresRegions,
    answering_node,
    ask,
    assert_not_ready,
    assert_shown_as_stored,
    hub_with_node,
    lacking_node,
    node_source,
    serving,
    without_extensions,
)

LISTS = """
query Lists {
  disasterEvents(first: 100) {
    totalCount
    edges { node { id regions { code } distributionCount posts { id villageCode stock { item } } } }
  }
  warehouses(first: 100) { totalCount edges { node { id regionCode stock { item } } } }
  shipments(first: 100) { totalCount edges { node { id items { item } post { id } } } }
  households(first: 100) { edges { node { id aidReceived { id villageCode items { item } } } } }
}
"""

EVENT = "query Event($id: ID!) { disasterEvent(id: $id) { id name } }"


async def test_a_node_that_ignores_the_callers_regions_leaks_and_miscounts_nothing(
    settings: Settings,
    population: Population,
    app: Starlette,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    regency = {"regions": [DOUBLE_AID_REGENCY]}
    direct = without_extensions(await ask(http, app, LISTS, **regency))
    careless = create_node_app("logistics", settings, verifier=IgnoresRegions())
    with serving(careless) as url, caplog.at_level(logging.WARNING, "simpul.remote"):
        async with hub_with_node(settings, node_source(url)) as (remote_app, remote_http):
            remote = without_extensions(await ask(remote_http, remote_app, LISTS, **regency))
            national = await ask(remote_http, remote_app, LISTS)
    assert_shown_as_stored(remote, direct)
    assert (
        remote["data"]["disasterEvents"]["totalCount"]
        < (national["data"]["disasterEvents"]["totalCount"])
    )
    dropped = [r.getMessage() for r in caplog.records if "outside the caller's regions" in r.msg]
    assert any("disaster event" in message for message in dropped)
    assert any("warehouse" in message for message in dropped)
    assert any("counted record" in message for message in dropped)


async def test_a_careless_node_cannot_confirm_an_event_elsewhere(
    settings: Settings, population: Population, app: Starlette, http: httpx.AsyncClient
) -> None:
    careless = create_node_app("logistics", settings, verifier=IgnoresRegions())
    with serving(careless) as url:
        async with hub_with_node(settings, node_source(url)) as (remote_app, remote_http):
            national = await ask(remote_http, remote_app, LISTS)
            ids = [e["node"]["id"] for e in national["data"]["disasterEvents"]["edges"]]
            answers = [
                await ask(remote_http, remote_app, EVENT, {"id": key}, regions=["11.01"])
                for key in ids
            ]
    assert ids
    assert all(answer == {"data": {"disasterEvent": None}} for answer in map(_plain, answers))


def _plain(body: dict[str, Any]) -> dict[str, Any]:
    return without_extensions(body)


async def test_a_node_whose_schema_lacks_a_field_is_not_ready_and_not_asked(
    settings: Settings, population: Population
) -> None:
    asked: list[str] = []
    with serving(lacking_node("logistics", "regionCodes: [String!]!", asked)) as url:
        async with hub_with_node(settings, node_source(url)) as (app, http):
            ready = await http.get("/readyz")
            body = await ask(
                http, app, 'query { region(code: "32") { name } disasterEvents { totalCount } }'
            )
    assert_not_ready(ready, "logistics", "regionCodes", "DisasterEvent")
    assert body["data"] == {"region": {"name": "Jawa Barat"}, "disasterEvents": None}
    assert body["errors"][0]["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
    assert asked == []


ANOTHER_EVENT = {
    "id": "999",
    "name": "Banjir Lain",
    "kind": "banjir",
    "status": "tanggap_darurat",
    "startedOn": "2026-01-01",
    "endedOn": None,
    "regionCodes": ["35.78"],
}


async def test_a_node_answering_with_another_record_than_asked_is_unavailable(
    settings: Settings, population: Population
) -> None:
    with serving(answering_node("logistics", {"_entities": [ANOTHER_EVENT]})) as url:
        async with hub_with_node(settings, node_source(url)) as (app, http):
            body = await ask(http, app, EVENT, {"id": "7"})
    assert body["data"] == {"disasterEvent": None}
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
    ]
