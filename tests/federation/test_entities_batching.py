"""However many representations the router sends, each type costs one statement per level."""

from tests.conftest import GraphQLClient, SourceDatabases, statements
from tests.federation.support import entries, household, person

HOUSEHOLDS_WITH_MEMBERS = (
    "query($r: [_Any!]!) { _entities(representations: $r) {"
    " ... on Household { id members { id household { id } } } } }"
)
EVERY_TYPE = (
    "query($r: [_Any!]!) { _entities(representations: $r) { __typename"
    " ... on Household { id } ... on Person { id } ... on Institution { id }"
    " ... on DisasterEvent { id } ... on Region { code } } }"
)


async def _ids(databases: SourceDatabases, agency: str, table: str, count: int) -> list[str]:
    rows = await databases.rows(agency, f"SELECT id FROM {table} ORDER BY id LIMIT {count}")
    return [str(row.id) for row in rows]


async def test_one_or_forty_households_with_members_take_the_same_two_statements(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    counts = []
    for size in (1, 40):
        keys = await _ids(databases, "registry", "households", size)
        body = await client.post(HOUSEHOLDS_WITH_MEMBERS, {"r": [household(k) for k in keys]})
        assert [entry["id"] for entry in entries(body)] == keys
        assert all(entry["members"] for entry in entries(body))
        counts.append(len(statements(body, "registry")))
    # households, then members; a member's household is already loaded.
    assert counts == [2, 2]


async def test_a_mixed_batch_takes_one_statement_per_type(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    representations = [
        *(household(k) for k in await _ids(databases, "registry", "households", 5)),
        *(person(k) for k in await _ids(databases, "registry", "persons", 5)),
        *(
            {"__typename": "Institution", "id": k}
            for k in await _ids(databases, "institutions", "institutions", 5)
        ),
        *(
            {"__typename": "DisasterEvent", "id": k}
            for k in await _ids(databases, "logistics", "disaster_events", 3)
        ),
        {"__typename": "Region", "code": "32"},
        {"__typename": "Region", "code": "32.04"},
    ]
    body = await client.post(EVERY_TYPE, {"r": representations})
    assert "errors" not in body
    assert [e["__typename"] for e in entries(body)] == [r["__typename"] for r in representations]
    assert len(statements(body, "registry")) == 2
    assert len(statements(body, "institutions")) == 1
    assert len(statements(body, "logistics")) == 1
    assert statements(body, "regional") == []
