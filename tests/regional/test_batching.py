"""Nested regional links load in one statement per level, whatever the page size."""

from typing import Any

from tests.conftest import GraphQLClient, statements

NESTED = """
query Nested($first: Int) {
  socialOffices(first: $first) { edges { node { id region { code } } } }
  verificationVisits(first: $first) {
    totalCount
    edges { node { id office { id } household { id members { id } verificationVisits { id } } } }
  }
  rehabilitationCases(first: $first) {
    edges { node { id office { id } person { id rehabilitationCases { id } } } }
  }
  complaints(first: $first) { edges { node { id household { id } } } }
  kubeGroups(first: $first) {
    edges { node { id members { member { id } } grants { amount } totalGrants } }
  }
}
"""

_AGENCIES = ("regional", "registry")


def _statement_counts(body: dict[str, Any]) -> dict[str, int]:
    return {agency: len(statements(body, agency)) for agency in _AGENCIES}


def _visits(body: dict[str, Any]) -> int:
    return len(body["data"]["verificationVisits"]["edges"])


async def test_nested_regional_query_runs_as_many_statements_for_200_rows_as_for_5(
    client: GraphQLClient,
) -> None:
    small = await client.post(NESTED, {"first": 5})
    large = await client.post(NESTED, {"first": 200})

    assert "errors" not in small
    assert "errors" not in large
    assert _visits(large) > _visits(small) == 5
    assert _statement_counts(large) == _statement_counts(small)
    assert sum(_statement_counts(small).values()) > 0
