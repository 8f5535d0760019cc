"""Introspection: off for the public, on for clients unless turned off, and still measured."""

from graphql import get_introspection_query
from starlette.applications import Starlette

from auth.policy import Limits
from tests.conftest import mint
from tests.protection.support import (
    GRAPHQL,
    codes,
    graphql,
    http_from,
    only_error,
    register,
    token_of,
)

SCHEMA_TYPES = "{ __schema { types { name } } }"
ONE_TYPE = '{ __type(name: "Household") { name fields { name } } }'
STANDARD = get_introspection_query(descriptions=True)
ALIASED_INTROSPECTION = (
    "{ __schema { " + " ".join(f"t{n}: types {{ name }}" for n in range(21)) + " } }"
)


async def test_anonymous_schema_introspection_is_refused_with_401(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await graphql(http, SCHEMA_TYPES)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] is None
    assert codes(body) == ["UNAUTHENTICATED"]


async def test_anonymous_type_introspection_is_refused_with_401(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await graphql(http, ONE_TYPE)
    assert response.status_code == 401
    assert codes(response.json()) == ["UNAUTHENTICATED"]


async def test_an_authenticated_client_may_introspect(app: Starlette) -> None:
    async with http_from(app, mint(app, scopes=["registry:read"], regions=["32"])) as http:
        response = await graphql(http, SCHEMA_TYPES)
    assert response.status_code == 200
    names = {entry["name"] for entry in response.json()["data"]["__schema"]["types"]}
    assert {"Household", "Person", "Query"} <= names


async def test_the_standard_introspection_query_runs_for_a_client(app: Starlette) -> None:
    async with http_from(app, mint(app, subject="introspecting-tool")) as http:
        body = (await graphql(http, STANDARD)).json()
    assert "errors" not in body, body["errors"]
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_a_client_with_introspection_turned_off_is_forbidden(app: Starlette) -> None:
    closed = await register(app, "no introspection", introspection=False)
    async with http_from(app, token_of(app, closed)) as http:
        response = await graphql(http, SCHEMA_TYPES)
        ordinary = await graphql(http, "{ me { clientId } }")
    assert response.status_code == 200
    assert response.json()["data"] is None
    assert only_error(response.json())["extensions"] == {"code": "FORBIDDEN"}
    assert ordinary.json()["data"]["me"]["clientId"] == closed.client_id


async def test_aliases_inside_introspection_count_against_the_aliases_limit(
    app: Starlette,
) -> None:
    allowed = Limits().aliases
    async with http_from(app, mint(app, subject="introspecting-tool")) as http:
        body = (await graphql(http, ALIASED_INTROSPECTION)).json()
    assert body["data"] is None
    assert only_error(body)["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "aliases",
        "allowed": allowed,
        "measured": 21,
    }


async def test_graphiql_is_still_served_to_a_browser(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "GraphiQL" in response.text
