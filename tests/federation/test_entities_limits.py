"""The representations sent to `_entities` count toward the cost limit: a long list costs
what fetching as many records would, and is refused before any statement runs."""

from typing import Any

from graphql import parse

from schema.build import schema
from schema.complexity import LIST_FANOUT, measure
from tests.conftest import GraphQLClient
from tests.federation.support import household

BY_VARIABLE = (
    "query($r: [_Any!]!) { _entities(representations: $r) {"
    " ... on Household { id members { nik name } } } }"
)
LITERAL = (
    '{ _entities(representations: [{__typename: "Household", id: "1"},'
    ' {__typename: "Household", id: "2"}, {__typename: "Household", id: "3"}]) {'
    " ... on Household { id members { nik name } } } }"
)
# Per representation: id, members and ten members of six fields, enrolments and ten
# enrolments of two fields: 1 + 1 + 10 * 6 + 1 + 10 * 2 = 83.
HEAVY = (
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id"
    " members { nik name sex birthPlace relationship status }"
    " enrolments { programme status } } } }"
)
HEAVY_PER_ENTRY = 83


def _cost(document: str, variables: dict[str, Any] | None = None) -> int:
    return measure(schema._schema, parse(document), None, variables).cost


def test_each_representation_multiplies_the_cost_of_the_selection_below_it() -> None:
    per_entry = 2 + LIST_FANOUT * 2
    for count in (1, 3, 250):
        representations = [household(n) for n in range(count)]
        assert _cost(BY_VARIABLE, {"r": representations}) == 1 + count * per_entry


def test_representations_written_in_the_document_count_alike() -> None:
    assert _cost(LITERAL) == _cost(BY_VARIABLE, {"r": [household(n) for n in range(3)]})


def test_representations_given_as_the_variables_default_count_alike() -> None:
    defaulted = BY_VARIABLE.replace(
        "$r: [_Any!]!",
        '$r: [_Any!]! = [{__typename: "Household", id: "1"}, {__typename: "Household", id: "2"},'
        ' {__typename: "Household", id: "3"}]',
    )
    assert _cost(defaulted) == _cost(LITERAL)


def test_a_single_representation_not_in_a_list_counts_as_one() -> None:
    assert _cost(BY_VARIABLE, {"r": household(1)}) == _cost(BY_VARIABLE, {"r": [household(1)]})


async def test_a_long_list_of_representations_is_refused_by_the_cost_limit(
    client: GraphQLClient,
) -> None:
    count = 1_500
    body = await client.post(HEAVY, {"r": [household(n + 1) for n in range(count)]})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    assert error["extensions"]["measured"] == 1 + count * HEAVY_PER_ENTRY
    assert body["extensions"]["sources"] == {}


async def test_the_same_selection_for_a_few_representations_runs(client: GraphQLClient) -> None:
    body = await client.post(HEAVY, {"r": [household(n + 1) for n in range(10)]})
    assert "errors" not in body
    assert len(body["data"]["_entities"]) == 10
