"""GraphQL over HTTP: the Accept header chooses the media type; under
application/graphql-response+json the status says whether execution began; legacy
application/json clients are answered as before; every response says its type."""

import json
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.requests import MAX_BODY_BYTES
from tests.conftest import mint
from tests.protection.support import GRAPHQL, codes, graphql, http_from, register, token_of

MODERN = "application/graphql-response+json"
MODERN_TYPE = f"{MODERN}; charset=utf-8"
WANTS_MODERN = {"accept": f"{MODERN}, application/json;q=0.9"}
WHO = "{ me { clientId } }"
READ_ONLY_REGIONAL = ["regional:read"]

# Documents that fail before execution (each refused with the code given); the legacy
# answer, 200 with null data, is the same as before for each of them.
NOT_EXECUTED: dict[str, tuple[dict[str, Any], str]] = {
    "syntax error": ({"query": "{ me { clientId "}, "BAD_USER_INPUT"),
    "validation error": ({"query": "{ me { salary } }"}, "BAD_USER_INPUT"),
    "variables that fail coercion": (
        {
            "query": "query($nik: NIK!) { person(nik: $nik) { id } }",
            "variables": {"nik": "not a nik"},
        },
        "BAD_USER_INPUT",
    ),
    "missing variable": (
        {"query": "query($nik: NIK!) { person(nik: $nik) { id } }"},
        "BAD_USER_INPUT",
    ),
    "over the depth limit": (
        {"query": '{ region(code: "32") {' + " children {" * 12 + " code" + " }" * 12 + " } }"},
        "QUERY_TOO_COMPLEX",
    ),
}
FIELD_ERROR = "{ me { clientId } households { totalCount } }"


def _token(app: Starlette) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint(app, scopes=READ_ONLY_REGIONAL)}"}


async def _post(
    app: Starlette, body: Any, accept: str | None, token: bool = True
) -> httpx.Response:
    headers = _token(app) if token else {}
    if accept is not None:
        headers["accept"] = accept
    async with http_from(app) as http:
        return await http.post(GRAPHQL, json=body, headers=headers)


def _assert_modern_refusal(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == MODERN_TYPE
    assert response.headers["vary"] == "Accept"
    body: dict[str, Any] = response.json()
    assert "data" not in body
    assert codes(body) == [code]
    return body


# -- choosing the media type --------------------------------------------------------------------


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/*"])
async def test_legacy_and_wildcard_clients_get_application_json(
    app: Starlette, accept: str | None
) -> None:
    response = await _post(app, {"query": WHO}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["data"]["me"]["clientId"] == "test-operator"


async def test_a_client_preferring_graphql_response_json_gets_it(app: Starlette) -> None:
    response = await _post(app, {"query": WHO}, WANTS_MODERN["accept"])
    assert response.status_code == 200
    assert response.headers["content-type"] == MODERN_TYPE
    assert response.json()["data"] == {"me": {"clientId": "test-operator"}}


async def test_the_response_varies_with_accept(app: Starlette) -> None:
    response = await _post(app, {"query": WHO}, None)
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/json;q=0"])
async def test_a_client_accepting_neither_type_gets_406_before_anything_runs(
    app: Starlette, accept: str
) -> None:
    async with http_from(app, "not-a-token") as http:
        response = await http.post(GRAPHQL, json={"query": WHO}, headers={"accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.headers["vary"] == "Accept"
    body = response.json()
    assert codes(body) == ["BAD_USER_INPUT"]
    assert MODERN in body["errors"][0]["message"]


async def test_a_browser_asking_for_html_still_gets_graphiql(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


# -- status codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_body", "code"), NOT_EXECUTED.values(), ids=NOT_EXECUTED.keys())
async def test_a_document_that_never_executes_is_400_without_data(
    app: Starlette, request_body: dict[str, Any], code: str
) -> None:
    response = await _post(app, request_body, WANTS_MODERN["accept"])
    body = _assert_modern_refusal(response, 400, code)
    assert body["extensions"]["sources"] == {}


@pytest.mark.parametrize(("request_body", "code"), NOT_EXECUTED.values(), ids=NOT_EXECUTED.keys())
async def test_the_same_document_is_200_with_null_data_for_a_legacy_client(
    app: Starlette, request_body: dict[str, Any], code: str
) -> None:
    response = await _post(app, request_body, "application/json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["data"] is None
    assert codes(body) == [code]


async def test_an_operation_name_naming_no_operation_is_400_in_either_type(
    app: Starlette,
) -> None:
    request_body = {"query": WHO, "operationName": "Elsewhere"}
    _assert_modern_refusal(await _post(app, request_body, MODERN), 400, "BAD_USER_INPUT")
    legacy = await _post(app, request_body, "application/json")
    assert legacy.status_code == 400
    assert legacy.headers["content-type"] == "application/json"


async def test_field_errors_after_execution_began_are_200_with_partial_data(
    app: Starlette,
) -> None:
    response = await _post(app, {"query": FIELD_ERROR}, WANTS_MODERN["accept"])
    assert response.status_code == 200
    assert response.headers["content-type"] == MODERN_TYPE
    body = response.json()
    assert body["data"] == {"me": {"clientId": "test-operator"}, "households": None}
    assert codes(body) == ["FORBIDDEN"]


async def test_a_request_refused_for_want_of_a_token_is_401_in_either_type(
    app: Starlette,
) -> None:
    for accept in (MODERN, "application/json"):
        response = await _post(app, {"query": "{ households { totalCount } }"}, accept, token=False)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.headers["content-type"].startswith(accept)
        assert codes(response.json()) == ["UNAUTHENTICATED"]


async def test_anonymous_introspection_is_401_and_a_closed_client_403(app: Starlette) -> None:
    query = {"query": "{ __schema { queryType { name } } }"}
    anonymous = await _post(app, query, MODERN, token=False)
    _assert_modern_refusal(anonymous, 401, "UNAUTHENTICATED")
    closed = await register(app, "closed to introspection", introspection=False)
    async with http_from(app, token_of(app, closed)) as http:
        response = await http.post(GRAPHQL, json=query, headers=WANTS_MODERN)
    _assert_modern_refusal(response, 403, "FORBIDDEN")


async def test_a_query_over_the_cost_limit_is_400(app: Starlette) -> None:
    query = {"query": "{ households(first: 500) { edges { node { members { name } } } } }"}
    small = await register(app, "small budget", max_cost=100)
    async with http_from(app, token_of(app, small)) as http:
        response = await http.post(GRAPHQL, json=query, headers=WANTS_MODERN)
    _assert_modern_refusal(response, 400, "QUERY_TOO_COMPLEX")


# -- refusals before GraphQL, in the negotiated type --------------------------------------------


async def test_a_bad_token_is_refused_with_401_in_the_negotiated_type(app: Starlette) -> None:
    async with http_from(app, "not-a-token") as http:
        response = await http.post(GRAPHQL, json={"query": WHO}, headers=WANTS_MODERN)
    _assert_modern_refusal(response, 401, "UNAUTHENTICATED")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b'"a string"'])
async def test_a_body_that_is_not_a_graphql_request_is_400(app: Starlette, raw: bytes) -> None:
    headers = {**WANTS_MODERN, "content-type": "application/json"}
    async with http_from(app, mint(app)) as http:
        response = await http.post(GRAPHQL, content=raw, headers=headers)
    _assert_modern_refusal(response, 400, "BAD_USER_INPUT")


async def test_an_oversized_body_is_413_in_the_negotiated_type(app: Starlette) -> None:
    padding = "x" * MAX_BODY_BYTES
    async with http_from(app) as http:
        response = await http.post(
            GRAPHQL, json={"query": WHO, "operationName": padding}, headers=WANTS_MODERN
        )
    _assert_modern_refusal(response, 413, "BAD_USER_INPUT")


async def test_a_spent_bucket_is_429_in_the_negotiated_type(app: Starlette) -> None:
    spent = await register(app, "one a minute", requests_per_minute=1)
    async with http_from(app, token_of(app, spent)) as http:
        await graphql(http, WHO)
        response = await graphql(http, WHO, headers=WANTS_MODERN)
    _assert_modern_refusal(response, 429, "RATE_LIMITED")
    assert int(response.headers["retry-after"]) >= 1


async def test_a_forgeable_get_is_refused_in_the_negotiated_type(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, params={"query": WHO}, headers=WANTS_MODERN)
    _assert_modern_refusal(response, 400, "BAD_USER_INPUT")


async def test_an_unknown_persisted_document_is_200_for_legacy_clients_and_400_otherwise(
    app: Starlette,
) -> None:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": "a" * 64}}
    async with http_from(app, mint(app)) as http:
        legacy = await http.post(GRAPHQL, json={"extensions": extensions})
        modern = await http.post(GRAPHQL, json={"extensions": extensions}, headers=WANTS_MODERN)
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    body = _assert_modern_refusal(modern, 400, "BAD_USER_INPUT")
    assert body["errors"][0]["message"] == "PersistedQueryNotFound"


# -- methods ------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [MODERN, "application/json"])
async def test_a_mutation_by_get_is_405_allowing_post(app: Starlette, accept: str) -> None:
    params = {"query": "mutation { __typename }"}
    async with http_from(app, mint(app)) as http:
        response = await http.get(GRAPHQL, params=params, headers={"accept": accept})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"].startswith(accept)
    assert codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_a_typed_405_allowing_get_and_post(
    app: Starlette, method: str
) -> None:
    async with http_from(app, mint(app)) as http:
        response = await http.request(
            method, GRAPHQL, content=json.dumps({"query": WHO}), headers=WANTS_MODERN
        )
    _assert_modern_refusal(response, 405, "BAD_USER_INPUT")
    assert response.headers["allow"] == "GET, POST"
