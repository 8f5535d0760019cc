"""The logistics queries answer the same, data and errors, whether the hub reads the
agency's database or calls the agency's node."""

from typing import Any, NamedTuple

import httpx
import pytest
from starlette.applications import Starlette

from auth.scopes import SCOPES
from resolvers.population import DOUBLE_AID_REGENCY
from tests.conftest import SourceDatabases
from tests.remote.support import ask, without_extensions

EVENTS = """
query Events($filter: DisasterEventFilterInput, $first: Int, $after: String) {
  disasterEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id name kind status startedOn endedOn distributionCount
      regions { code name }
      posts { id name villageCode openedOn closedOn stock { item quantity } event { id } }
    } }
  }
}
"""

EVENT = """
query Event($id: ID!) {
  disasterEvent(id: $id) {
    id name regions { code }
    affectedHouseholds(first: 5) {
      totalCount
      edges { node {
        id noKk members { nik name }
        aidReceived {
          id distributedOn villageCode items { item quantity }
          event { id name } post { id name village { name } } household { id }
        }
      } }
    }
  }
}
"""

WAREHOUSES = """
query Warehouses($filter: WarehouseFilterInput, $first: Int, $after: String, $moves: String) {
  warehouses(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name kind regionCode address region { code }
      stock { item quantity }
      stockMovements(first: 3, after: $moves) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id item delta reason referenceId at } }
      }
    } }
  }
}
"""

SHIPMENTS = """
query Shipments($filter: ShipmentFilterInput, $first: Int, $after: String) {
  shipments(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status dispatchedOn receivedOn items { item quantity }
      warehouse { id name }
      post {
        id villageCode event { id }
        stockMovements(first: 2) { totalCount edges { node { id delta } } }
      }
    } }
  }
}
"""

AID_RECEIVED = """
query AidReceived($filter: HouseholdFilterInput, $first: Int) {
  households(filter: $filter, first: $first) {
    edges { node {
      id noKk
      aidReceived {
        id distributedOn items { item quantity } event { id status } post { id stock { item } }
      }
    } }
  }
}
"""

NATIONAL = {"regions": ["*"]}
REGENCY = {"regions": [DOUBLE_AID_REGENCY]}
NO_PII = {"scopes": sorted(s for s in SCOPES if not s.endswith(":pii"))}
NO_LOGISTICS = {"scopes": sorted(s for s in SCOPES if not s.startswith("logistics:"))}


async def _both(
    app: Starlette,
    http: httpx.AsyncClient,
    federated: tuple[Starlette, httpx.AsyncClient],
    operation: str,
    variables: dict[str, Any] | None = None,
    **grant: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    direct = await ask(http, app, operation, variables, **grant)
    remote_app, remote_http = federated
    remote = await ask(remote_http, remote_app, operation, variables, **grant)
    if "errors" not in remote:
        sent = remote["extensions"]["sources"]["logistics"]["statements"]
        assert sent, "the federated hub did not call the node"
        assert all(call.startswith("query Hub") for call in sent)
    return without_extensions(direct), without_extensions(remote)


DATA = None


class Case(NamedTuple):
    name: str
    operation: str
    variables: dict[str, Any]
    grant: dict[str, Any]
    expected: str | None = DATA  # the code of the error expected, if any


CASES = [
    Case("every event with its parts", EVENTS, {"first": 50}, NATIONAL),
    Case("events of the regency's caller", EVENTS, {"first": 50}, REGENCY),
    Case(
        "events by region filter", EVENTS, {"filter": {"regionCode": "32.04"}, "first": 5}, NATIONAL
    ),
    Case("events by kind and status", EVENTS, {"filter": {"status": "SELESAI"}}, NATIONAL),
    Case("a page of two events", EVENTS, {"first": 2}, NATIONAL),
    Case("warehouses with their ledgers", WAREHOUSES, {"first": 30}, NATIONAL),
    Case("warehouses of the regency", WAREHOUSES, {"first": 30}, REGENCY),
    Case("buffer-stock warehouses", WAREHOUSES, {"filter": {"kind": "BUFFER_STOCK"}}, NATIONAL),
    Case("shipments with posts", SHIPMENTS, {"first": 40}, NATIONAL),
    Case(
        "shipments under way to the regency", SHIPMENTS, {"filter": {"status": "DIKIRIM"}}, REGENCY
    ),
    Case("aid received, masked", AID_RECEIVED, {"first": 40}, {**REGENCY, **NO_PII}),
    Case(
        "aid received in the double-aid regency",
        AID_RECEIVED,
        {"filter": {"regionCode": DOUBLE_AID_REGENCY}, "first": 60},
        NATIONAL,
    ),
    Case("a malformed cursor", EVENTS, {"after": "Zm9vOmJhcg=="}, NATIONAL, "BAD_USER_INPUT"),
    Case("a page too large", WAREHOUSES, {"first": 501}, NATIONAL, "BAD_USER_INPUT"),
    Case("no logistics scope", EVENTS, {"first": 3}, NO_LOGISTICS, "FORBIDDEN"),
]


@pytest.mark.parametrize(
    ("operation", "variables", "grant", "expected"),
    [case[1:] for case in CASES],
    ids=[case.name for case in CASES],
)
async def test_node_answers_as_the_database_does(
    app: Starlette,
    http: httpx.AsyncClient,
    federated: tuple[Starlette, httpx.AsyncClient],
    operation: str,
    variables: dict[str, Any],
    grant: dict[str, Any],
    expected: str | None,
) -> None:
    direct, remote = await _both(app, http, federated, operation, variables, **grant)
    assert direct == remote
    if expected is DATA:
        assert "errors" not in direct, direct["errors"]
        assert _records(direct["data"]) > 0
    else:
        assert {error["extensions"]["code"] for error in direct["errors"]} == {expected}


def _records(data: Any) -> int:
    """How many records an answer holds, to be sure a comparison compared something."""
    if isinstance(data, list):
        return len(data) + sum(_records(entry) for entry in data)
    if isinstance(data, dict):
        return sum(_records(value) for value in data.values())
    return 0


async def test_following_cursors_gives_the_same_pages(
    app: Starlette, http: httpx.AsyncClient, federated: tuple[Starlette, httpx.AsyncClient]
) -> None:
    first, _ = await _both(app, http, federated, WAREHOUSES, {"first": 2})
    cursor = first["data"]["warehouses"]["pageInfo"]["endCursor"]
    moves = first["data"]["warehouses"]["edges"][0]["node"]["stockMovements"]["pageInfo"]
    direct, remote = await _both(
        app, http, federated, WAREHOUSES, {"first": 2, "after": cursor, "moves": moves["endCursor"]}
    )
    assert direct == remote
    assert direct["data"]["warehouses"]["pageInfo"]["hasNextPage"] in (True, False)
    assert direct["data"]["warehouses"]["edges"][0]["node"]["stockMovements"]["edges"]


async def test_an_event_and_its_affected_households_match(
    app: Starlette,
    http: httpx.AsyncClient,
    federated: tuple[Starlette, httpx.AsyncClient],
    databases: SourceDatabases,
) -> None:
    events = await databases.rows("logistics", "SELECT id FROM disaster_events ORDER BY id")
    for event in events[:3]:
        for grant in (NATIONAL, {**REGENCY, **NO_PII}):
            direct, remote = await _both(
                app, http, federated, EVENT, {"id": str(event.id)}, **grant
            )
            assert direct == remote


async def test_an_event_outside_the_callers_regions_is_null_in_both(
    app: Starlette,
    http: httpx.AsyncClient,
    federated: tuple[Starlette, httpx.AsyncClient],
    databases: SourceDatabases,
) -> None:
    rows = await databases.rows("logistics", "SELECT event_id, region_code FROM event_regions")
    elsewhere = next(
        row.event_id for row in rows if not row.region_code.startswith(DOUBLE_AID_REGENCY[:2])
    )
    direct, remote = await _both(app, http, federated, EVENT, {"id": str(elsewhere)}, **REGENCY)
    assert direct == remote == {"data": {"disasterEvent": None}}
