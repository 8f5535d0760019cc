"""A disaster's affected households cost the same statements (or calls to the logistics
node) for any number of events."""

from collections import Counter

from tests.conftest import GraphQLClient, statements

AFFECTED_BY_EVENTS = """
query AffectedByEvents($first: Int!) {
  disasterEvents(first: $first) {
    edges {
      node {
        affectedHouseholds(first: 3) { totalCount edges { node { members { name } } } }
      }
    }
  }
}
"""


async def _cost(client: GraphQLClient, first: int) -> tuple[Counter[str], int]:
    body = await client.post(AFFECTED_BY_EVENTS, {"first": first})
    assert "errors" not in body, body.get("errors")
    counts = Counter(
        {agency: len(statements(body, agency)) for agency in ("logistics", "registry")}
    )
    return counts, len(body["data"]["disasterEvents"]["edges"])


async def test_affected_households_cost_the_same_statements_for_5_and_50_events(
    client: GraphQLClient,
) -> None:
    small, small_rows = await _cost(client, 5)
    large, large_rows = await _cost(client, 50)
    assert small_rows == 5
    assert large_rows > small_rows
    assert small == large
    # events page, their regions (SQL statements, or calls to the node); households per
    # area, counts per area, members
    assert small == Counter({"logistics": 2, "registry": 3})
