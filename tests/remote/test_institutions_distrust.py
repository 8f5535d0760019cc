"""An institutions node that ignores the caller's regions leaks and miscounts nothing: the
hub drops institutions and placements outside them, logs it, and counts only the tallies
of the caller's villages."""

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.agency_node import create_node_app
from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import SourceDatabases
from tests.remote.support import (
    IgnoresRegions,
    ask,
    hub_with_node,
    node_source,
    serving,
    without_extensions,
)

LISTS = """
query Lists {
  institutions(first: 500) {
    totalCount
    edges { node { id villageCode services occupancy residents { id institution { id } } } }
  }
  lks: institutions(first: 500, filter: { kind: LKS, service: LANJUT_USIA }) {
    totalCount edges { node { id } }
  }
  persons(first: 200) { edges { node { nik institutionPlacements { id } } } }
}
"""
INSTITUTION = "query Institution($id: ID!) { institution(id: $id) { id name } }"
PLACEMENTS = "query Placements($nik: NIK!) { person(nik: $nik) { institutionPlacements { id } } }"
REGENCIES = (
    "SELECT substr(village_code, 1, 5) AS regency FROM institutions"
    " GROUP BY 1 ORDER BY count(*) DESC"
)
PLACED_ELSEWHERE = (
    "SELECT p.resident_nik AS nik, i.village_code"
    " FROM placements p JOIN institutions i ON i.id = p.institution_id ORDER BY p.id"
)


@pytest.fixture
async def careless(
    settings: Settings, population: Population
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """A hub whose institutions node answers every caller as if national."""
    node = create_node_app("institutions", settings, verifier=IgnoresRegions())
    with serving(node) as url:
        async with hub_with_node(settings, node_source(url), agency="institutions") as pair:
            yield pair


def _dropped(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "outside the caller's regions" in r.msg]


async def test_a_careless_node_leaks_and_miscounts_no_institution(
    careless: tuple[Starlette, httpx.AsyncClient],
    app: Starlette,
    http: httpx.AsyncClient,
    databases: SourceDatabases,
    caplog: pytest.LogCaptureFixture,
) -> None:
    regency = (await databases.rows("institutions", REGENCIES))[0].regency
    direct = without_extensions(await ask(http, app, LISTS, regions=[regency]))
    remote_app, remote_http = careless
    with caplog.at_level(logging.WARNING, "simpul.remote"):
        remote = without_extensions(await ask(remote_http, remote_app, LISTS, regions=[regency]))
    national = await ask(remote_http, remote_app, LISTS)
    assert "errors" not in remote, remote.get("errors")
    assert remote == direct
    listed = remote["data"]["institutions"]
    assert listed["edges"]
    assert {edge["node"]["villageCode"][:5] for edge in listed["edges"]} == {regency}
    assert listed["totalCount"] < national["data"]["institutions"]["totalCount"]
    dropped = _dropped(caplog)
    assert any(
        "institutions source" in message and " institution " in m
        for m in dropped
        for message in [m]
    )
    assert any("counted record" in message for message in dropped)


async def test_a_careless_node_cannot_show_a_placement_in_another_village(
    careless: tuple[Starlette, httpx.AsyncClient],
    databases: SourceDatabases,
    caplog: pytest.LogCaptureFixture,
) -> None:
    nik, elsewhere = await _placed_outside_home(databases)
    remote_app, remote_http = careless
    with caplog.at_level(logging.WARNING, "simpul.remote"):
        body = await ask(remote_http, remote_app, PLACEMENTS, {"nik": nik}, regions=[elsewhere])
    assert "errors" not in body, body.get("errors")
    assert body["data"]["person"]["institutionPlacements"] == []
    assert any(" placement " in message for message in _dropped(caplog))


async def test_a_careless_node_cannot_confirm_an_institution_elsewhere(
    careless: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    own, other = (await databases.rows("institutions", REGENCIES))[:2]
    outside = await databases.rows(
        "institutions",
        "SELECT id FROM institutions WHERE substr(village_code, 1, 5) = :r",
        r=other.regency,
    )
    remote_app, remote_http = careless
    answers = [
        without_extensions(
            await ask(
                remote_http, remote_app, INSTITUTION, {"id": str(row.id)}, regions=[own.regency]
            )
        )
        for row in outside
    ]
    assert outside
    assert all(answer == {"data": {"institution": None}} for answer in answers)


async def _placed_outside_home(databases: SourceDatabases) -> tuple[str, str]:
    """A resident placed outside the village of their household, and that home village."""
    homes: dict[str, Any] = {
        row.nik: row.village_code
        for row in await databases.rows(
            "registry",
            "SELECT p.nik, h.village_code FROM persons p"
            " JOIN households h ON h.id = p.household_id",
        )
    }
    for row in await databases.rows("institutions", PLACED_ELSEWHERE):
        home = homes.get(row.nik)
        if home is not None and home != row.village_code:
            return str(row.nik), str(home)
    raise AssertionError("no resident is placed outside their village")
