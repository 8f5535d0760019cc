"""The regional node: its SDL offers what the hub asks (and the hub names what it lacks),
and a query costs one call to it per level, however many rows each level holds."""

from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.settings import Settings
from resolvers.population import Population
from resolvers.regional.remote_shapes import REQUIRED
from resolvers.remote_compat import incompatibility
from tests.remote.support import (
    ask,
    assert_not_ready,
    calls,
    hub_with_node,
    lacking_node,
    node_sdl,
    node_source,
    serving,
)

VISITS_IN_DEPTH = """
query VisitsInDepth($first: Int!) {
  verificationVisits(first: $first) {
    totalCount
    edges { node { id office { id region { socialOffice { id } } } household {
      verificationVisits { id office { id } }
      members { rehabilitationCases { id office { id } } }
    } } }
  }
  kubeGroups(first: $first) { totalCount edges { node { members { nik } grants { amount } } } }
}
"""


def _sdl() -> str:
    return node_sdl("regional")


def test_the_regional_node_offers_everything_the_hub_asks() -> None:
    assert incompatibility(_sdl(), REQUIRED) is None


def test_a_missing_regional_field_is_named_with_its_type() -> None:
    sdl = _sdl().replace("  householdId: ID!\n", "")
    assert incompatibility(sdl, REQUIRED) == (
        "Cannot query field 'householdId' on type 'VerificationVisit'."
    )


def test_a_missing_lookup_argument_is_named() -> None:
    sdl = _sdl().replace("rehabilitationCasesOf(clientNik: String!)", "rehabilitationCasesOf")
    problem = incompatibility(sdl, REQUIRED)
    assert problem is not None
    assert "clientNik" in problem
    assert "rehabilitationCasesOf" in problem


async def test_a_regional_node_lacking_a_field_is_not_ready_and_not_asked(
    settings: Settings, population: Population
) -> None:
    asked: list[str] = []
    with serving(lacking_node("regional", "householdId: ID!", asked)) as url:
        async with hub_with_node(settings, node_source(url), agency="regional") as (app, http):
            ready = await http.get("/readyz")
            body = await ask(http, app, "query { socialOffices { totalCount } }")
    assert_not_ready(ready, "regional", "'householdId' on type 'VerificationVisit'")
    assert body["data"] == {"socialOffices": None}
    assert body["errors"][0]["extensions"] == {"code": "SOURCE_UNAVAILABLE", "agency": "regional"}
    assert asked == []


async def _calls(federated: tuple[Starlette, httpx.AsyncClient], first: int) -> tuple[int, int]:
    app, http = federated
    body: dict[str, Any] = await ask(http, app, VISITS_IN_DEPTH, {"first": first})
    assert "errors" not in body, body["errors"]
    return calls(body, "regional"), len(str(body["data"]))


async def test_visits_in_depth_take_one_call_per_level_for_few_or_many_rows(
    federated_regional: tuple[Starlette, httpx.AsyncClient],
) -> None:
    small, small_size = await _calls(federated_regional, 3)
    large, large_size = await _calls(federated_regional, 200)
    assert large_size > 10 * small_size
    # at most one call for each of the five levels that reach the node: the lists and their
    # counts; the visits' offices and the groups' members and grants; the regions' offices and
    # the households' visits; those visits' offices and the members' cases; the cases'
    # offices (two levels may share a call when the registry's reads between them are quick)
    assert 0 < small <= 5
    assert 0 < large <= 5
