"""A representation that is not well formed is a typed BAD_USER_INPUT at its own index,
never a stack trace, never an echo of the value; the other entries still answer."""

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.federation.support import entries, household, resolve

SECRET = "3204012501900001"
ENTITY = {"__typename": "Region", "code": "32"}

BAD: dict[str, Any] = {
    "a string": SECRET,
    "a list": [SECRET],
    "no typename": {"id": "1"},
    "unknown typename": {"__typename": SECRET, "id": "1"},
    "a type that is no entity": {"__typename": "AuditRecord", "id": "1"},
    "a typename that is a list": {"__typename": ["Household"], "id": "1"},
    "missing key": {"__typename": "Household"},
    "person by nik": {"__typename": "Person", "nik": SECRET},
    "id of letters": {"__typename": "Household", "id": f"x{SECRET}"},
    "negative id": {"__typename": "Household", "id": "-1"},
    "fractional id": {"__typename": "Household", "id": 1.5},
    "boolean id": {"__typename": "Household", "id": True},
    "null id": {"__typename": "Household", "id": None},
    "object id": {"__typename": "Household", "id": {"id": "1"}},
    "id beyond any record": {"__typename": "Household", "id": SECRET},
    "non-ascii digits": {"__typename": "Institution", "id": "\u0661\u0662"},
    "region code not in the list": {"__typename": "Region", "code": "32.99"},
    "region code undotted": {"__typename": "Region", "code": "3204"},
    "region code as a number": {"__typename": "Region", "code": 32},
}


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
async def test_a_bad_representation_is_bad_user_input_at_its_index(
    client: GraphQLClient, bad: Any
) -> None:
    body = await resolve(client, [ENTITY, bad, household(1)])
    first, refused, last = entries(body)
    assert (first["code"], refused, last["id"]) == ("32", None, "1")
    [error] = body["errors"]
    assert error["path"] == ["_entities", 1]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("Representation 1 ")
    assert SECRET not in str(body)
    assert "Traceback" not in str(body)


async def test_representations_written_in_the_document_are_checked_alike(
    client: GraphQLClient,
) -> None:
    body = await client.post(
        '{ _entities(representations: [{__typename: "Household", id: "1"},'
        ' {__typename: "Household", id: "one"}]) { ... on Household { id } } }'
    )
    assert entries(body) == [{"id": "1"}, None]
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["_entities", 1], "BAD_USER_INPUT")
    ]


@pytest.mark.parametrize("representations", [None, [None]], ids=["null list", "null entry"])
async def test_null_representations_are_refused_before_anything_runs(
    client: GraphQLClient, representations: Any
) -> None:
    body = await resolve(client, representations)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert "representations" in body["errors"][0]["message"]
    assert body["extensions"]["sources"] == {}


async def test_an_empty_list_of_representations_answers_an_empty_list(
    client: GraphQLClient,
) -> None:
    assert await client.data("{ _entities(representations: []) { __typename } }") == {
        "_entities": []
    }
