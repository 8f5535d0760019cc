"""Institution residents and their registry records cost the same statements for any page."""

from collections import Counter

from tests.conftest import GraphQLClient, statements

# Residential institutions (LKS), so every page reaches the registry through its residents.
RESIDENTS_OF_INSTITUTIONS = """
query ResidentsOfInstitutions($first: Int!) {
  institutions(filter: {kind: LKS}, first: $first) {
    edges { node { id residents { resident { household { id } } } } }
  }
}
"""


async def _cost(client: GraphQLClient, first: int) -> tuple[Counter[str], int]:
    body = await client.post(RESIDENTS_OF_INSTITUTIONS, {"first": first})
    assert "errors" not in body, body.get("errors")
    agencies = ("institutions", "registry")
    counts = Counter({agency: len(statements(body, agency)) for agency in agencies})
    return counts, len(body["data"]["institutions"]["edges"])


async def test_institution_residents_cost_the_same_statements_for_one_and_200_institutions(
    client: GraphQLClient,
) -> None:
    small, small_rows = await _cost(client, 1)
    large, large_rows = await _cost(client, 200)
    assert small_rows == 1
    assert large_rows > small_rows
    assert small == large
    # institutions page, placements; persons by NIK, their households
    assert small == Counter({"institutions": 2, "registry": 2})
