"""One HTTP call to the node per level of a query, however many rows each level holds."""

import httpx
from starlette.applications import Starlette

from resolvers.population import DOUBLE_AID_REGENCY
from tests.remote.support import ask, calls

AID_OF_HOUSEHOLDS = """
query AidOfHouseholds($first: Int!, $region: RegionCode) {
  households(first: $first, filter: { regionCode: $region }) {
    edges { node {
      aidReceived { items { item } event { id } post { id stock { item } } }
    } }
  }
}
"""

EVENTS_IN_DEPTH = """
query EventsInDepth($first: Int!, $region: RegionCode) {
  disasterEvents(first: $first, filter: { regionCode: $region }) {
    totalCount
    edges { node {
      regions { code } distributionCount
      posts { stock { item } stockMovements(first: 2) { totalCount edges { node { id } } } }
    } }
  }
  warehouses(first: $first) { totalCount edges { node { stock { item } } } }
}
"""


async def _calls(
    federated: tuple[Starlette, httpx.AsyncClient], operation: str, first: int
) -> tuple[int, int]:
    app, http = federated
    body = await ask(http, app, operation, {"first": first, "region": DOUBLE_AID_REGENCY})
    assert "errors" not in body, body["errors"]
    rows = sum(len(str(value)) for value in body["data"].values())
    return calls(body), rows


async def test_aid_of_ten_or_two_hundred_households_takes_the_same_calls(
    federated: tuple[Starlette, httpx.AsyncClient],
) -> None:
    small, small_size = await _calls(federated, AID_OF_HOUSEHOLDS, 10)
    large, large_size = await _calls(federated, AID_OF_HOUSEHOLDS, 200)
    assert large_size > small_size
    # aidReceived; then items, events and posts together; then the posts' stock
    assert small == large == 3


async def test_events_in_depth_take_one_call_per_level(
    federated: tuple[Starlette, httpx.AsyncClient],
) -> None:
    small, small_size = await _calls(federated, EVENTS_IN_DEPTH, 2)
    large, large_size = await _calls(federated, EVENTS_IN_DEPTH, 50)
    assert large_size > small_size
    # both lists; their counts with regions, tallies, posts and stock; the posts' stock and
    # ledgers; the ledgers' counts
    assert small == large == 4
