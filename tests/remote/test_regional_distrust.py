"""A regional node is not trusted either: one that ignores the caller's regions leaks no
record and inflates no count, and a caller without ``regional:pii`` is refused the cases."""

import logging
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
    assert_shown_as_stored,
    hub_with_node,
    node_source,
    serving,
    without_extensions,
)

LISTS = """
query Lists {
  socialOffices(first: 100) { totalCount edges { node { id regionCode } } }
  verificationVisits(first: 100) {
    totalCount
    edges { node { id villageCode subjectNik notes office { id } household { id } } }
  }
  rehabilitationCases(first: 100) { totalCount edges { node { id clientNik villageCode } } }
  complaints(first: 100) { totalCount edges { node { id villageCode overdue summary } } }
  overdue: complaints(filter: { overdue: true }) { totalCount }
  kubeGroups(first: 100) {
    totalCount
    edges { node { id members { nik role } grants { amount } totalGrants } }
  }
  households(first: 100) {
    edges { node { id verificationVisits { id } members { rehabilitationCases { id } } } }
  }
}
"""

ELSEWHERE = """
query Elsewhere($code: RegionCode!) { region(code: $code) { socialOffice { id } } }
"""

CASES = """
query Cases {
  rehabilitationCases(first: 5) { totalCount edges { node { id } } }
  verificationVisits(first: 5) { edges { node { id subjectNik notes } } }
}
"""


async def _regency(databases: SourceDatabases) -> str:
    """A regency that holds visits, cases and complaints."""
    held = []
    for table in ("verification_visits", "rehabilitation_cases", "complaints"):
        rows = await databases.rows("regional", f"SELECT village_code FROM {table}")
        held.append({row.village_code[:5] for row in rows})
    return str(min(set.intersection(*held)))


def _total(body: dict[str, Any], field: str) -> int:
    return int(body["data"][field]["totalCount"])


async def test_a_regional_node_that_ignores_the_callers_regions_leaks_and_miscounts_nothing(
    settings: Settings,
    population: Population,
    app: Starlette,
    http: httpx.AsyncClient,
    databases: SourceDatabases,
    caplog: pytest.LogCaptureFixture,
) -> None:
    regency = {"regions": [await _regency(databases)]}
    direct = without_extensions(await ask(http, app, LISTS, **regency))
    careless = create_node_app("regional", settings, verifier=IgnoresRegions())
    with serving(careless) as url, caplog.at_level(logging.WARNING, "simpul.remote"):
        async with hub_with_node(settings, node_source(url), agency="regional") as (hub, client):
            remote = without_extensions(await ask(client, hub, LISTS, **regency))
            national = await ask(client, hub, LISTS)
    assert_shown_as_stored(remote, direct)
    for field in ("socialOffices", "verificationVisits", "rehabilitationCases", "complaints"):
        assert 0 < _total(remote, field) < _total(national, field)
    dropped = [r.getMessage() for r in caplog.records if "outside the caller's regions" in r.msg]
    for what in ("social office", "verification visit", "rehabilitation case", "complaint"):
        assert any(what in message for message in dropped), what
    assert any("counted record" in message for message in dropped)


async def test_a_careless_regional_node_cannot_show_the_office_of_another_regency(
    settings: Settings, population: Population, databases: SourceDatabases
) -> None:
    offices = await databases.rows("regional", "SELECT region_code FROM social_offices")
    regencies = sorted(row.region_code for row in offices if len(row.region_code) == 5)
    mine, other = regencies[0], regencies[-1]
    assert mine[:2] != other[:2]
    careless = create_node_app("regional", settings, verifier=IgnoresRegions())
    with serving(careless) as url:
        async with hub_with_node(settings, node_source(url), agency="regional") as (app, http):
            seen = await ask(http, app, ELSEWHERE, {"code": other}, regions=[mine])
            own = await ask(http, app, ELSEWHERE, {"code": mine}, regions=[mine])
    assert without_extensions(seen) == {"data": {"region": {"socialOffice": None}}}
    assert own["data"]["region"]["socialOffice"] is not None


async def test_without_regional_pii_cases_are_forbidden_and_visits_masked_from_a_node(
    federated_regional: tuple[Starlette, httpx.AsyncClient],
) -> None:
    app, http = federated_regional
    body = await ask(http, app, CASES, scopes=["regional:read"])
    assert body["data"]["rehabilitationCases"] is None
    codes = {tuple(e["path"]): e["extensions"]["code"] for e in body["errors"]}
    assert codes == {("rehabilitationCases",): "FORBIDDEN"}
    visits = [edge["node"] for edge in body["data"]["verificationVisits"]["edges"]]
    assert visits
    assert all(visit["notes"] is None for visit in visits)
    niks = [visit["subjectNik"] for visit in visits if visit["subjectNik"] is not None]
    assert all("*" in nik for nik in niks)
