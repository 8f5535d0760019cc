"""A registry node is not taken on trust either: one that ignores the caller's regions
leaks no household, person or proposal and inflates no count, and one whose schema lacks
a field the hub asks for is refused at start-up, naming the field."""

import logging

import httpx
import pytest
from starlette.applications import Starlette

from gateway.agency_node import create_node_app
from gateway.settings import Settings
from resolvers.population import Population
from schema.scalars import nik_problem
from tests.conftest import SourceDatabases
from tests.remote.support import (
    IgnoresRegions,
    ask,
    assert_not_ready,
    assert_shown_as_stored,
    hub_with_node,
    lacking_node,
    node_source,
    serving,
    without_extensions,
)

REGENCY = "32.04"
LISTS = """
{
  households(first: 100) {
    totalCount
    edges { node {
      id villageCode members { id nik } enrolments { id components { component } }
      disbursements { id period } updateProposals { id }
    } }
  }
  persons(first: 100) { totalCount edges { node { id household { id } } } }
  updateProposals(first: 100) { totalCount edges { node { id household { id } } } }
}
"""
ONE = """
query One($id: ID!, $nik: NIK!) {
  household(id: $id) { id members { id } }
  person(nik: $nik) { id }
}
"""


async def test_a_careless_registry_node_leaks_and_miscounts_nothing(
    settings: Settings,
    population: Population,
    app: Starlette,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    direct = without_extensions(await ask(http, app, LISTS, regions=[REGENCY]))
    careless = create_node_app("registry", settings, verifier=IgnoresRegions())
    with serving(careless) as url, caplog.at_level(logging.WARNING, "simpul.remote"):
        source = node_source(url)
        async with hub_with_node(settings, source, agency="registry") as (remote_app, http2):
            remote = without_extensions(await ask(http2, remote_app, LISTS, regions=[REGENCY]))
            national = await ask(http2, remote_app, LISTS)
    assert_shown_as_stored(remote, direct)
    data = remote["data"]
    assert 0 < data["households"]["totalCount"] < national["data"]["households"]["totalCount"]
    assert 0 < data["persons"]["totalCount"] < national["data"]["persons"]["totalCount"]
    assert all(
        e["node"]["villageCode"].startswith(f"{REGENCY}.") for e in data["households"]["edges"]
    )
    dropped = [r.getMessage() for r in caplog.records if "outside the caller's regions" in r.msg]
    assert any("household" in message for message in dropped)
    assert any("person" in message for message in dropped)
    assert any("counted record" in message for message in dropped)


async def test_a_careless_registry_node_cannot_confirm_a_household_or_person_elsewhere(
    settings: Settings, population: Population, databases: SourceDatabases
) -> None:
    rows = await databases.rows(
        "registry",
        "SELECT h.id, p.nik FROM households h JOIN persons p ON p.household_id = h.id"
        " WHERE h.village_code NOT LIKE :regency ORDER BY h.id LIMIT 50",
        regency=f"{REGENCY}.%",
    )
    outside = [row for row in rows if nik_problem(row.nik) is None][:3]
    assert outside
    careless = create_node_app("registry", settings, verifier=IgnoresRegions())
    with serving(careless) as url:
        source = node_source(url)
        async with hub_with_node(settings, source, agency="registry") as (remote_app, http):
            answers = [
                await ask(http, remote_app, ONE, {"id": str(key), "nik": nik}, regions=[REGENCY])
                for key, nik in outside
            ]
            first = {"id": str(outside[0].id), "nik": outside[0].nik}
            national = await ask(http, remote_app, ONE, first)
    assert national["data"]["household"]["members"]
    assert national["data"]["person"] is not None
    nothing = {"data": {"household": None, "person": None}}
    assert all(without_extensions(answer) == nothing for answer in answers)


async def test_a_registry_node_lacking_a_field_is_not_ready_and_not_asked(
    settings: Settings, population: Population
) -> None:
    asked: list[str] = []
    with serving(lacking_node("registry", "noKk: String!", asked)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            ready = await http.get("/readyz")
            body = await ask(
                http, app, 'query { region(code: "32") { name } households { totalCount } }'
            )
    assert_not_ready(ready, "registry", "noKk", "Household")
    assert body["data"] == {"region": {"name": "Jawa Barat"}, "households": None}
    assert body["errors"][0]["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "registry"}
    assert asked == []
