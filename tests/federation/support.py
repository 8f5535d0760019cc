"""Helpers for the federation tests: the router's `_entities` operation and its answers."""

from typing import Any

from tests.conftest import GraphQLClient

# What a router sends: one operation with the representations as a variable, and a
# fragment per entity type for the fields it needs from this subgraph.
ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Household { id noKk address decile village { code } members { nik name } }
    ... on Person { id nik name birthDate birthYear }
    ... on Institution { id name villageCode }
    ... on DisasterEvent { id name }
    ... on Region { code name }
  }
}
"""

HOUSEHOLD_ROOT = (
    "query($id: ID!) {"
    " household(id: $id) { id noKk address decile village { code } members { nik name } } }"
)


def household(key: object) -> dict[str, Any]:
    return {"__typename": "Household", "id": str(key)}


def person(key: object) -> dict[str, Any]:
    return {"__typename": "Person", "id": str(key)}


async def resolve(
    client: GraphQLClient, representations: list[Any], query: str = ENTITIES, **kw: Any
) -> dict[str, Any]:
    body: dict[str, Any] = await client.post(query, {"representations": representations}, **kw)
    return body


def entries(body: dict[str, Any]) -> list[Any]:
    return list(body["data"]["_entities"])
