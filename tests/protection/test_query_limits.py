"""Depth, alias, token and cost limits refuse a document before any source is asked."""

from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from auth.policy import Limits
from tests.conftest import GraphQLClient
from tests.protection.support import (
    codes,
    graphql,
    http_from,
    oauth_token,
    only_error,
    register,
    sql_ran,
    token_of,
)

DEFAULTS = Limits()
EXAMPLES = {
    path.stem: path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parents[2] / "gateway" / "examples").glob("*.graphql"))
}


def _nested(levels: int, leaf: str) -> str:
    """``members { household { members { … leaf } } }``, ``levels`` member hops deep."""
    inner = leaf
    for _ in range(levels):
        inner = f"members {{ household {{ {inner} }} }}"
    return inner


# households(1) edges(2) node(3), then two levels per hop: id at 3 + 2*5 + 1 = 14.
DEPTH_BOMB = f"{{ households(first: 1) {{ edges {{ node {{ {_nested(5, 'id')} }} }} }} }}"

ALIAS_BOMB = "{ " + " ".join(f'h{n}: household(id: "{n}") {{ id }}' for n in range(21)) + " }"

TOKEN_BOMB = "{ " + "__typename " * (DEFAULTS.tokens + 1) + "}"

# 1 + 100000 (edges) + 100000 (node) + 100000 (id)
HUGE_PAGE = "{ households(first: 100000) { edges { node { id } } } }"

# 1 + 100 + 100 + 100 (members) + 1000 (household) + 1000 (members) + 10000 (household)
#   + 10000 (members) + 100000 (id): every list below a page of 100 multiplies by ten.
NESTED_LISTS = """
{ households(first: 100) { edges { node {
  members { household { members { household { members { id } } } } }
} } } }
"""

DEPTH_BOMB_IN_FRAGMENTS = (
    '{ region(code: "32.04") { ...F0 } }\n'
    + "\n".join(f"fragment F{n} on Region {{ parent {{ ...F{n + 1} }} }}" for n in range(13))
    + "\nfragment F13 on Region { name }"
)

DEPTH_BOMB_IN_INLINE_FRAGMENTS = (
    '{ region(code: "32.04") { ' + "... on Region { parent { " * 13 + "name" + " } }" * 13 + " } }"
)

ALIASES_IN_A_REPEATED_FRAGMENT = (
    '{ a: household(id: "1") { ...Ten } b: household(id: "2") { ...Ten } }\n'
    "fragment Ten on Household { "
    + " ".join(f"v{n}: verificationVisits {{ outcome }}" for n in range(10))
    + " }"
)

COST_IN_A_FRAGMENT = """
{ households(first: 100) { edges { node { ...Family } } } }
fragment Family on Household {
  ... on Household { members { household { members { household { members { id } } } } } }
}
"""

FRAGMENT_CYCLE = """
{ region(code: "32") { ...Up } }
fragment Up on Region { parent { ...Down } }
fragment Down on Region { children { ...Up } }
"""

PAGE_BY_VARIABLE = "query Page($n: Int) { households(first: $n) { edges { node { id } } } }"

# With $n = 500 (within the page cap) each member hop multiplies by ten twice over:
# 1 + 3 * 500 + 2 * 5000 + 2 * 50000.  Measured with 20 instead, it is 4461.
PAGE_BY_VARIABLE_DEFAULT = f"""
query Page($n: Int = 500) {{
  households(first: $n) {{ edges {{ node {{ {_nested(2, "id")} }} }} }}
}}
"""

# 1 + 40 (edges) + 40 (node) + 40 (id)
COST_121 = "{ households(first: 40) { edges { node { id } } } }"


async def _refused(client: GraphQLClient, query: str, **variables: Any) -> dict[str, Any]:
    """The QUERY_TOO_COMPLEX refusal of ``query``; no source may have run a statement."""
    body: dict[str, Any] = await client.post(query, variables)
    assert body["data"] is None, body
    assert not sql_ran(body), body["extensions"]
    error = only_error(body)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    return dict(error["extensions"])


def _limit(name: str, allowed: int, measured: int | str) -> dict[str, Any]:
    return {"code": "QUERY_TOO_COMPLEX", "limit": name, "allowed": allowed, "measured": measured}


async def test_depth_bomb_is_refused_naming_the_depth_limit(client: GraphQLClient) -> None:
    assert await _refused(client, DEPTH_BOMB) == _limit("depth", DEFAULTS.depth, 14)


async def test_alias_bomb_is_refused_naming_the_aliases_limit(client: GraphQLClient) -> None:
    assert await _refused(client, ALIAS_BOMB) == _limit("aliases", DEFAULTS.aliases, 21)


async def test_token_bomb_is_refused_naming_the_tokens_limit(client: GraphQLClient) -> None:
    measured = f"more than {DEFAULTS.tokens}"
    assert await _refused(client, TOKEN_BOMB) == _limit("tokens", DEFAULTS.tokens, measured)


async def test_huge_first_is_refused_naming_the_cost_limit(client: GraphQLClient) -> None:
    assert await _refused(client, HUGE_PAGE) == _limit("cost", DEFAULTS.cost, 300_001)


async def test_nested_lists_multiply_over_the_cost_budget(client: GraphQLClient) -> None:
    assert await _refused(client, NESTED_LISTS) == _limit("cost", DEFAULTS.cost, 122_301)


async def test_depth_bomb_hidden_in_fragments_is_measured(client: GraphQLClient) -> None:
    measured = await _refused(client, DEPTH_BOMB_IN_FRAGMENTS)
    assert measured == _limit("depth", DEFAULTS.depth, 15)


async def test_depth_bomb_hidden_in_inline_fragments_is_measured(client: GraphQLClient) -> None:
    measured = await _refused(client, DEPTH_BOMB_IN_INLINE_FRAGMENTS)
    assert measured == _limit("depth", DEFAULTS.depth, 15)


async def test_aliases_in_a_fragment_count_for_every_spread(client: GraphQLClient) -> None:
    measured = await _refused(client, ALIASES_IN_A_REPEATED_FRAGMENT)
    assert measured == _limit("aliases", DEFAULTS.aliases, 2 + 2 * 10)


async def test_cost_hidden_in_a_fragment_is_measured(client: GraphQLClient) -> None:
    assert await _refused(client, COST_IN_A_FRAGMENT) == _limit("cost", DEFAULTS.cost, 122_301)


async def test_fragment_cycle_is_refused_as_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(FRAGMENT_CYCLE)
    assert body["data"] is None
    assert set(codes(body)) == {"BAD_USER_INPUT"}
    assert any("within itself" in error["message"] for error in body["errors"])
    assert not sql_ran(body)


@pytest.mark.parametrize("example", EXAMPLES)
async def test_every_example_operation_passes_the_default_limits(
    client: GraphQLClient, example: str
) -> None:
    body = await client.post(EXAMPLES[example])
    assert "QUERY_TOO_COMPLEX" not in codes(body), body["errors"]
    assert body["data"] is not None


def test_the_examples_are_there_to_be_checked() -> None:
    assert len(EXAMPLES) >= 5


async def test_cost_given_through_a_variable_is_measured(client: GraphQLClient) -> None:
    refused = await _refused(client, PAGE_BY_VARIABLE, n=100_000)
    assert refused == _limit("cost", DEFAULTS.cost, 300_001)
    assert len((await client.data(PAGE_BY_VARIABLE, {"n": 5}))["households"]["edges"]) == 5


async def test_cost_given_through_a_variable_default_is_measured(client: GraphQLClient) -> None:
    refused = await _refused(client, PAGE_BY_VARIABLE_DEFAULT)
    assert refused == _limit("cost", DEFAULTS.cost, 111_501)


async def test_same_query_passes_a_higher_budget_and_is_refused_by_a_lower_one(
    app: Starlette,
) -> None:
    roomy = await register(app, "roomy budget", max_cost=121)
    tight = await register(app, "tight budget", max_cost=120)
    async with http_from(app) as http:
        roomy_token = await oauth_token(http, roomy)
    async with http_from(app, roomy_token) as http:
        passed = (await graphql(http, COST_121)).json()
    async with http_from(app, token_of(app, tight)) as http:
        refused = (await graphql(http, COST_121)).json()
    assert "errors" not in passed, passed["errors"]
    assert len(passed["data"]["households"]["edges"]) == 40
    assert sql_ran(passed)  # the explain report does show statements when they run
    assert refused["data"] is None
    assert only_error(refused)["extensions"] == _limit("cost", 120, 121)
    assert not sql_ran(refused)


async def test_a_client_budget_above_the_default_lets_through_what_the_default_refuses(
    app: Starlette, client: GraphQLClient
) -> None:
    generous = await register(app, "generous budget", max_cost=130_000)
    async with http_from(app, token_of(app, generous)) as http:
        body = (await graphql(http, NESTED_LISTS)).json()
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["households"]["edges"]) == 100
    assert (await _refused(client, NESTED_LISTS))["limit"] == "cost"


async def test_a_client_depth_limit_below_the_default_is_applied(app: Starlette) -> None:
    shallow = await register(app, "shallow", max_depth=3)
    async with http_from(app, token_of(app, shallow)) as http:
        body = (await graphql(http, COST_121)).json()
    assert body["data"] is None
    assert only_error(body)["extensions"] == _limit("depth", 3, 4)
