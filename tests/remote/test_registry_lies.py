"""A registry node's lists are checked, not believed: a household that does not answer the
filter's decile, status or programme (judged by the node's own enrolments of the page's
households, in one more call) is dropped, and a negative count makes the source
unavailable."""

from typing import Any

import pytest

from gateway.settings import Settings
from resolvers.population import Population
from tests.remote.support import answering_node, ask, hub_with_node, node_source, serving

VILLAGE = "11.01.01.2001"


def _household(key: int, decile: int, status: str = "aktif") -> dict[str, Any]:
    return {
        "id": str(key),
        "noKk": f"110101010101{key:04d}",
        "address": "Jl. Contoh",
        "villageCode": VILLAGE,
        "decile": decile,
        "status": status,
        "registeredOn": "2021-01-01",
        "updatedAt": "2024-01-01T00:00:00+00:00",
    }


ANSWERS: dict[str, Any] = {
    "householdPage": [_household(1, 2), _household(2, 9), _household(3, 3, "suspend")],
    "householdTally": [{"regionCodes": [VILLAGE], "count": -1}],
    # Every household the hub asks about is enrolled in Sembako only.
    "_entities": [
        {
            "villageCode": VILLAGE,
            "enrolments": [
                {
                    "id": "7",
                    "householdId": "1",
                    "programme": "sembako",
                    "status": "aktif",
                    "startedOn": "2022-01-01",
                    "endedOn": None,
                }
            ],
        }
    ],
}
LISTED = """
query ($filter: HouseholdFilterInput) {
  households(first: 10, filter: $filter) { edges { node { id } } }
}
"""


@pytest.mark.parametrize(
    ("where", "shown"),
    [
        ({}, ["1", "2", "3"]),
        ({"decileMax": 4}, ["1", "3"]),
        ({"decileMin": 5}, ["2"]),
        ({"status": "AKTIF"}, ["1", "2"]),
        ({"decileMax": 4, "status": "SUSPEND"}, ["3"]),
    ],
)
async def test_households_outside_the_filter_are_dropped(
    settings: Settings, population: Population, where: dict[str, Any], shown: list[str]
) -> None:
    with serving(answering_node("registry", ANSWERS)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            body = await ask(http, app, LISTED, {"filter": where})
    assert "errors" not in body, body["errors"]
    assert [edge["node"]["id"] for edge in body["data"]["households"]["edges"]] == shown


async def test_a_programme_is_judged_by_the_nodes_own_enrolments(
    settings: Settings, population: Population
) -> None:
    answers = {**ANSWERS, "householdPage": [_household(1, 2)]}
    with serving(answering_node("registry", answers)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            pkh = await ask(http, app, LISTED, {"filter": {"programme": "PKH"}})
            sembako = await ask(http, app, LISTED, {"filter": {"programme": "SEMBAKO"}})
    assert pkh["data"]["households"]["edges"] == []
    assert sembako["data"]["households"]["edges"] == [{"node": {"id": "1"}}]


async def test_a_negative_household_count_makes_the_registry_unavailable(
    settings: Settings, population: Population
) -> None:
    with serving(answering_node("registry", ANSWERS)) as url:
        async with hub_with_node(settings, node_source(url), agency="registry") as (app, http):
            body = await ask(http, app, "query { households { totalCount } }")
    assert body["data"] == {"households": None}
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "registry"}
    ]
