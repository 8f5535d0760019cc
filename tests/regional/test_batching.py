"""Nested regional links load in one statement per level, whatever the page size.

Each operation uses every loader at one place only: a loader reached from two branches
would batch once or twice depending on which source answers first.
"""

from typing import Any

import pytest

from tests.conftest import GraphQLClient, statements

NESTED_SOCIAL_OFFICES = """
query NestedSocialOffices($first: Int) {
  socialOffices(first: $first) {
    totalCount
    edges { node { id region { socialOffice { id } } } }
  }
}
"""

NESTED_VERIFICATION_VISITS = """
query NestedVerificationVisits($first: Int) {
  verificationVisits(first: $first) {
    totalCount
    edges {
      node {
        id
        office { id }
        household { id members { id rehabilitationCases { id } } verificationVisits { id } }
      }
    }
  }
}
"""

NESTED_REHABILITATION_CASES = """
query NestedRehabilitationCases($first: Int) {
  rehabilitationCases(first: $first) {
    totalCount
    edges {
      node {
        id
        office { id }
        person { id household { id verificationVisits { id } } rehabilitationCases { id } }
      }
    }
  }
}
"""

NESTED_COMPLAINTS = """
query NestedComplaints($first: Int) {
  complaints(first: $first) {
    totalCount
    edges {
      node { id household { id members { id } verificationVisits { id office { id } } } }
    }
  }
}
"""

NESTED_KUBE_GROUPS = """
query NestedKubeGroups($first: Int) {
  kubeGroups(first: $first) {
    totalCount
    edges {
      node { id members { member { id rehabilitationCases { id } } } grants { amount } totalGrants }
    }
  }
}
"""

_AGENCIES = ("regional", "registry")


def _statement_counts(body: dict[str, Any]) -> dict[str, int]:
    return {agency: len(statements(body, agency)) for agency in _AGENCIES}


def _edges(body: dict[str, Any], field: str) -> int:
    return len(body["data"][field]["edges"])


@pytest.mark.parametrize(
    ("operation", "field", "small_page"),
    [
        (NESTED_SOCIAL_OFFICES, "socialOffices", 5),
        (NESTED_VERIFICATION_VISITS, "verificationVisits", 5),
        (NESTED_REHABILITATION_CASES, "rehabilitationCases", 5),
        (NESTED_COMPLAINTS, "complaints", 5),
        # The demo seeds only a couple of KUBE groups.
        (NESTED_KUBE_GROUPS, "kubeGroups", 1),
    ],
    ids=["socialOffices", "verificationVisits", "rehabilitationCases", "complaints", "kubeGroups"],
)
async def test_nested_query_runs_as_many_statements_for_200_rows_as_for_a_few(
    client: GraphQLClient,
    source_mode: str,
    database_client: GraphQLClient,
    operation: str,
    field: str,
    small_page: int,
) -> None:
    small = await client.post(operation, {"first": small_page})
    large = await client.post(operation, {"first": 200})

    assert "errors" not in small
    assert "errors" not in large
    assert _edges(large, field) > _edges(small, field) == small_page
    if source_mode == "database":
        assert _statement_counts(large) == _statement_counts(small)
        return
    # A node is called once per level, whatever the loaders of that level (two levels may
    # share a call): never more calls than the database takes statements, for any page.
    direct = _statement_counts(await database_client.post(operation, {"first": 200}))
    for body in (small, large):
        assert 0 < _statement_counts(body)["regional"] <= direct["regional"]
