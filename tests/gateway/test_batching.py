"""The number of SQL statements depends on a query's shape, never on how many rows it returns."""

from collections import Counter

from tests.conftest import GraphQLClient, statements

NESTED = """
query Nested($first: Int!) {
  households(first: $first) {
    totalCount
    edges { node {
      id
      members {
        nik household { id }
        rehabilitationCases { cluster }
        institutionPlacements { admittedOn }
      }
      enrolments { programme components { component } }
      disbursements { amount }
      verificationVisits { outcome }
      aidReceived { distributedOn }
    } }
  }
}
"""

AGENCIES = ("registry", "regional", "institutions", "logistics")


async def _statement_counts(client: GraphQLClient, first: int) -> tuple[Counter[str], int]:
    body = await client.post(NESTED, {"first": first})
    assert "errors" not in body, body.get("errors")
    counts = Counter({agency: len(statements(body, agency)) for agency in AGENCIES})
    return counts, len(body["data"]["households"]["edges"])


async def test_statement_count_is_the_same_for_ten_and_two_hundred_households(
    client: GraphQLClient,
) -> None:
    small, small_rows = await _statement_counts(client, 10)
    large, large_rows = await _statement_counts(client, 200)
    assert (small_rows, large_rows) == (10, 200)
    assert small == large
    # households + count, members, enrolments, components, disbursements, member.household
    assert small["registry"] == 7
    assert small["regional"] == 2
    assert small["institutions"] == 1
    assert small["logistics"] == 1


async def test_explain_reports_sql_and_milliseconds_per_agency(client: GraphQLClient) -> None:
    body = await client.post(NESTED, {"first": 2})
    sources = body["extensions"]["sources"]
    assert set(sources) == set(AGENCIES)
    assert all(entry["milliseconds"] >= 0 for entry in sources.values())
    assert any("FROM households" in sql for sql in sources["registry"]["statements"])


async def test_explain_reports_which_executor_answered(client: GraphQLClient) -> None:
    general = await client.post(NESTED, {"first": 2})
    assert general["extensions"]["execution"] == "general"  # links other agencies
    compiled = await client.post(
        "{ households(first: 3) { edges { node { id members { id nik name } } } } }"
    )
    assert "errors" not in compiled
    assert compiled["extensions"]["execution"] == "compiled"
    sql = compiled["extensions"]["sources"]["registry"]["statements"]
    assert len(sql) == 2 and "FROM persons" in sql[1]
