"""What the endpoint accepts over HTTP: CSRF-safe GETs, JSON POSTs only, and size caps.
Every refusal is typed JSON, never plain text or a stack trace."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from gateway.requests import MAX_BODY_BYTES, MAX_VARIABLES_BYTES
from tests.conftest import mint
from tests.protection.support import GRAPHQL, assert_typed_json_error, http_from

QUERY = "{ me { authenticated } }"
MUTATION = "mutation { __typename }"


async def test_a_get_query_without_a_non_simple_header_is_refused(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, params={"query": QUERY})
    body = assert_typed_json_error(response, 400, "BAD_USER_INPUT")
    assert "X-Simpul-CSRF" in body["errors"][0]["message"]


@pytest.mark.parametrize("header", ["x-simpul-csrf", "apollo-require-preflight"])
async def test_a_get_query_with_a_preflight_header_runs(app: Starlette, header: str) -> None:
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, params={"query": QUERY}, headers={header: "1"})
    assert response.status_code == 200
    assert response.json()["data"] == {"me": {"authenticated": False}}


async def test_a_get_query_with_authorization_runs(app: Starlette) -> None:
    async with http_from(app, mint(app)) as http:
        response = await http.get(GRAPHQL, params={"query": QUERY})
    assert response.status_code == 200
    assert response.json()["data"] == {"me": {"authenticated": True}}


@pytest.mark.parametrize("document", [QUERY, MUTATION], ids=["query", "mutation"])
async def test_a_form_post_is_refused(app: Starlette, document: str) -> None:
    async with http_from(app) as http:
        response = await http.post(GRAPHQL, data={"query": document})
    assert_typed_json_error(response, 400, "BAD_USER_INPUT")


@pytest.mark.parametrize("document", [QUERY, MUTATION], ids=["query", "mutation"])
async def test_a_text_plain_post_is_refused(app: Starlette, document: str) -> None:
    body = json.dumps({"query": document}).encode()
    async with http_from(app) as http:
        response = await http.post(GRAPHQL, content=body, headers={"content-type": "text/plain"})
    assert_typed_json_error(response, 400, "BAD_USER_INPUT")


async def test_a_multipart_post_is_refused(app: Starlette) -> None:
    operations = json.dumps({"query": QUERY})
    async with http_from(app) as http:
        response = await http.post(
            GRAPHQL, files={"operations": (None, operations), "map": (None, "{}")}
        )
    assert_typed_json_error(response, 400, "BAD_USER_INPUT")


async def test_a_batched_json_array_is_refused(app: Starlette) -> None:
    async with http_from(app, mint(app)) as http:
        response = await http.post(GRAPHQL, json=[{"query": QUERY}, {"query": QUERY}])
    body = assert_typed_json_error(response, 400, "BAD_USER_INPUT")
    assert "atch" in body["errors"][0]["message"]


async def _post_raw(app: Starlette, raw: bytes) -> httpx.Response:
    async with http_from(app, raise_app_exceptions=False) as http:
        return await http.post(GRAPHQL, content=raw, headers={"content-type": "application/json"})


@pytest.mark.parametrize("raw", [b"{not json", b'{"query": ', b"\xff\xfe", b"[", b""])
async def test_a_malformed_json_body_is_a_typed_400(app: Starlette, raw: bytes) -> None:
    assert_typed_json_error(await _post_raw(app, raw), 400, "BAD_USER_INPUT")


@pytest.mark.parametrize("raw", [b'"a string"', b"42", b"null"])
async def test_a_json_body_that_is_not_an_object_is_a_typed_400(app: Starlette, raw: bytes) -> None:
    assert_typed_json_error(await _post_raw(app, raw), 400, "BAD_USER_INPUT")


async def test_a_body_over_256_kib_is_refused_with_413(app: Starlette) -> None:
    padding = "x" * MAX_BODY_BYTES
    async with http_from(app) as http:
        response = await http.post(GRAPHQL, json={"query": QUERY, "operationName": padding})
    body = assert_typed_json_error(response, 413, "BAD_USER_INPUT")
    assert str(MAX_BODY_BYTES) in body["errors"][0]["message"]


async def _chunks(total: int) -> AsyncIterator[bytes]:
    yield b'{"query": "' + QUERY.encode() + b'", "operationName": "'
    for _ in range(total // 16_384 + 1):
        yield b"x" * 16_384
    yield b'"}'


async def test_a_streamed_body_over_256_kib_without_a_length_is_refused_with_413(
    app: Starlette,
) -> None:
    async with http_from(app) as http:
        response = await http.post(
            GRAPHQL,
            content=_chunks(MAX_BODY_BYTES),
            headers={"content-type": "application/json"},
        )
    assert "content-length" not in response.request.headers
    assert_typed_json_error(response, 413, "BAD_USER_INPUT")


async def test_variables_over_the_cap_are_refused_with_413(app: Starlette) -> None:
    variables = {"note": "x" * (MAX_VARIABLES_BYTES + 1)}
    async with http_from(app) as http:
        response = await http.post(GRAPHQL, json={"query": QUERY, "variables": variables})
    assert len(response.request.content) < MAX_BODY_BYTES
    assert_typed_json_error(response, 413, "BAD_USER_INPUT")
