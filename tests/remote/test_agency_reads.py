"""An agency's reads that run as SQL in its database (oversight checks, coverage, the public
lookup, a filing's household check) run at its node when it has one (``agencyRows``): the
node confines them to the caller's regions and asks each read's scope; the hub keeps only
rows in the regions it asked for, and a row out of shape makes the agency unavailable."""

import logging
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.principal import Principal
from auth.regions import RegionScope
from auth.scopes import OVERSIGHT_READ
from gateway.settings import Settings
from resolvers.population import DOUBLE_AID_REGENCY, Population
from tests.conftest import SourceDatabases
from tests.oversight.support import ANOMALIES
from tests.remote.support import (
    answering_node,
    ask,
    caller_token,
    hub_with_node,
    node_source,
    post_to_node,
    serving,
)

ROWS = """
query ($read: String!, $regions: [String!]!, $arguments: JSON!) {
  agencyRows(read: $read, regions: $regions, arguments: $arguments) { rows }
}
"""
DUPLICATE_AID = {"filter": {"types": ["DUPLICATE_AID"]}}


async def _rows(
    node: str, token: str, read: str, regions: list[str], **arguments: Any
) -> dict[str, Any]:
    variables = {"read": read, "regions": regions, "arguments": arguments}
    return await post_to_node(node, ROWS, variables, token)


def _codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_the_node_confines_a_check_to_the_callers_regions(
    settings: Settings, logistics_node: str, databases: SourceDatabases
) -> None:
    def overseer(*regions: str) -> str:
        principal = Principal("bpk", frozenset({OVERSIGHT_READ}), RegionScope.of(regions), "audit")
        return caller_token(settings, "logistics", principal)

    async def aided(token: str, regions: list[str]) -> set[tuple[int, int, str]]:
        body = await _rows(logistics_node, token, "aided_households", regions)
        rows = body["data"]["agencyRows"]["rows"]
        return {(row["eventId"], row["householdId"], row["villageCode"]) for row in rows}

    async def stored(prefix: str) -> set[tuple[int, int, str]]:
        rows = await databases.rows(
            "logistics",
            "SELECT DISTINCT event_id, household_id, village_code FROM aid_distributions"
            " WHERE village_code LIKE :prefix",
            prefix=f"{prefix}%",
        )
        return {(row.event_id, row.household_id, row.village_code) for row in rows}

    province = await aided(overseer("35"), ["*"])
    # Asked for the whole country, the node answers within the token's province only.
    assert province == await stored("35.")
    assert await aided(overseer("*"), ["*"]) == await stored("")
    assert 0 < len(province) < len(await stored(""))
    # Asked for less than the token allows, it answers for that; for elsewhere, nothing.
    regency = await aided(overseer("35"), [DOUBLE_AID_REGENCY])
    assert regency == await stored(f"{DOUBLE_AID_REGENCY}.") != set()
    assert await aided(overseer("35"), ["32"]) == set()


async def test_the_node_asks_each_reads_scope_and_knows_its_reads(
    settings: Settings, logistics_node: str, registry_node: str, databases: SourceDatabases
) -> None:
    public = caller_token(
        settings, "registry", Principal(None, frozenset(), RegionScope.of([]), None)
    )
    officer = Principal("dinsos", frozenset({"logistics:read"}), RegionScope.of(["*"]), "verval")
    officer_token = caller_token(settings, "logistics", officer)
    village = await databases.value("registry", "SELECT village_code FROM households WHERE id = 1")

    async def lives_in(code: str) -> Any:
        body = await _rows(
            registry_node,
            public,
            "household_check",
            ["*"],
            household_id=1,
            village_code=code,
            enrolled=False,
        )
        assert _codes(body) == []
        return body["data"]["agencyRows"]["rows"]

    # An oversight check needs oversight:read, whatever else the caller holds.
    assert _codes(await _rows(logistics_node, officer_token, "duplicate_aid", ["*"])) == [
        "FORBIDDEN"
    ]
    assert _codes(await _rows(registry_node, public, "odd_niks", ["*"])) == ["FORBIDDEN"]
    assert _codes(await _rows(logistics_node, officer_token, "all_persons", ["*"])) == [
        "BAD_USER_INPUT"
    ]
    # The public's household check needs no scope, and answers only yes or no.
    assert await lives_in(village) == [{"found": True}]
    assert await lives_in("11.01.01.2001" if village != "11.01.01.2001" else "32.04.05.2001") == [
        {"found": False}
    ]


async def test_checks_give_the_same_findings_with_one_agency_a_node(
    app: Starlette,
    http: httpx.AsyncClient,
    federated: tuple[Starlette, httpx.AsyncClient],
    federated_regional: tuple[Starlette, httpx.AsyncClient],
) -> None:
    for types in (["DUPLICATE_AID", "EXCLUDED_FROM_DISASTER_AID"], ["DECEASED_STILL_PAID"]):
        variables = {"filter": {"types": types}, "first": 500}
        direct = await ask(http, app, ANOMALIES, variables, regions=["35", "32"])
        for node_app, node_http in (federated, federated_regional):
            remote = await ask(node_http, node_app, ANOMALIES, variables, regions=["35", "32"])
            assert "errors" not in remote, remote["errors"]
            assert _found(remote) == _found(direct), types
        assert direct["data"]["anomalies"]["totalCount"] > 0, types


def _found(body: dict[str, Any]) -> dict[str, Any]:
    """The findings, without the moment each answer was given."""
    found = body["data"]["anomalies"]
    nodes = [
        {name: value for name, value in edge["node"].items() if name != "detectedAt"}
        for edge in found["edges"]
    ]
    return {"totalCount": found["totalCount"], "nodes": nodes}


VISIT = {
    "subjectNik": "3578010101900001",
    "householdId": "1",
    "villageCode": "32.04.05.2001",
    "visitedOn": "2025-01-01",
    "visitId": "9",
}


async def test_rows_outside_the_regions_asked_are_dropped(
    settings: Settings, population: Population, caplog: pytest.LogCaptureFixture
) -> None:
    lying = answering_node("regional", {"agencyRows": {"rows": [VISIT]}})
    with serving(lying) as url, caplog.at_level(logging.WARNING, "simpul.remote"):
        async with hub_with_node(settings, node_source(url), agency="regional") as (app, http):
            body = await ask(
                http,
                app,
                ANOMALIES,
                {"filter": {"types": ["DECEASED_STILL_PAID"]}},
                regions=[DOUBLE_AID_REGENCY],
            )
    assert "errors" not in body
    assert body["data"]["anomalies"]["totalCount"] == 0
    assert any(
        "deceased_visits" in record.getMessage() and "outside the caller's regions" in record.msg
        for record in caplog.records
    )


@pytest.mark.parametrize(
    "rows",
    [
        [{**VISIT, "visitedOn": "yesterday"}],
        [{key: value for key, value in VISIT.items() if key != "visitId"}],
        "not rows",
    ],
)
async def test_rows_out_of_shape_make_the_agency_unavailable(
    settings: Settings, population: Population, rows: Any
) -> None:
    with serving(answering_node("regional", {"agencyRows": {"rows": rows}})) as url:
        async with hub_with_node(settings, node_source(url), agency="regional") as (app, http):
            body = await ask(http, app, ANOMALIES, {"filter": {"types": ["DECEASED_STILL_PAID"]}})
    assert body["data"] == {"anomalies": None}
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "regional"}
    ]
