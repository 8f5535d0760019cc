"""Trusted documents: registered by file or by APQ, run by hash, and binding for some clients."""

import asyncio
import hashlib
import json
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.cli import main
from gateway.settings import Settings, sqlite_url
from resolvers.population import Population
from tests.conftest import mint
from tests.protection.support import (
    GRAPHQL,
    assert_typed_json_error,
    graphql,
    http_from,
    register,
    separate_app,
    token_of,
)


def _document(purpose: str) -> str:
    """A document no other test registers (operation names are unique per call)."""
    name = f"{purpose}_{uuid.uuid4().hex[:12]}"
    return f'query {name} {{ me {{ authenticated }} region(code: "32") {{ name }} }}'


def _sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def _persisted(sha256: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


async def _by_hash(http: httpx.AsyncClient, sha256: str) -> httpx.Response:
    return await http.post(GRAPHQL, json={"extensions": _persisted(sha256)})


async def _with_hash(http: httpx.AsyncClient, document: str, sha256: str) -> httpx.Response:
    return await http.post(GRAPHQL, json={"query": document, "extensions": _persisted(sha256)})


def _answered(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    assert body["data"]["region"]["name"] == "Jawa Barat"
    return body


async def _register(app: Starlette, document: str) -> str:
    sha256: str = await app.state.hub.security.documents.add(
        document, "protection-tests", trusted=True
    )
    return sha256


async def test_documents_add_prints_the_sha256_and_the_hub_runs_it_by_hash(
    settings: Settings,
    population: Population,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = _document("FromFile")
    file = tmp_path / "operation.graphql"
    file.write_text(document, encoding="utf-8")
    hub_url = sqlite_url(tmp_path / "hub.db")
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIMPUL_HUB_URL", hub_url)
    assert await asyncio.to_thread(main, ["documents", "add", str(file)]) == 0
    assert capsys.readouterr().out.split() == [_sha(document), str(file)]
    async with separate_app(replace(settings, hub_url=hub_url)) as app, http_from(app) as http:
        response = await http.get(
            GRAPHQL, params={"extensions": json.dumps(_persisted(_sha(document)))}
        )
    _answered(response)


async def test_a_persisted_hash_runs_by_post_without_the_text(app: Starlette) -> None:
    sha256 = await _register(app, _document("ByPost"))
    async with http_from(app) as http:
        _answered(await _by_hash(http, sha256))


async def test_a_persisted_hash_runs_by_get_without_any_csrf_header(app: Starlette) -> None:
    sha256 = await _register(app, _document("ByGet"))
    params = {"extensions": json.dumps(_persisted(sha256))}
    async with http_from(app) as http:
        response = await http.get(GRAPHQL, params=params)
    assert "authorization" not in response.request.headers
    _answered(response)


async def test_apq_stores_an_unknown_hash_for_a_registered_client(app: Starlette) -> None:
    document = _document("Apq")
    partner = await register(app, "apq partner")
    async with http_from(app, token_of(app, partner)) as http:
        unknown = await _by_hash(http, _sha(document))
        registered = await _with_hash(http, document, _sha(document))
        again = await _by_hash(http, _sha(document))
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    _answered(registered)
    _answered(again)


async def test_a_hash_that_does_not_match_the_query_is_refused(app: Starlette) -> None:
    document = _document("Mismatch")
    registered = _document("Registered")
    await _register(app, registered)
    partner = await register(app, "apq partner")
    async with http_from(app, token_of(app, partner)) as http:
        unknown_hash = await _with_hash(http, document, _sha(document + " "))
        stored_hash = await _with_hash(http, document, _sha(registered))
        afterwards = await _by_hash(http, _sha(document + " "))
    for refused in (unknown_hash, stored_hash):
        body = assert_typed_json_error(refused, 400, "BAD_USER_INPUT")
        assert "does not match" in body["errors"][0]["message"]
    assert afterwards.json()["errors"][0]["message"] == "PersistedQueryNotFound"


async def test_anonymous_callers_cannot_register_a_document(app: Starlette) -> None:
    document = _document("Anonymous")
    async with http_from(app) as http:
        refused = await _with_hash(http, document, _sha(document))
        afterwards = await _by_hash(http, _sha(document))
    assert_typed_json_error(refused, 403, "FORBIDDEN")
    assert afterwards.json()["errors"][0]["message"] == "PersistedQueryNotFound"


async def test_a_trusted_documents_only_client_runs_registered_documents(
    app: Starlette,
) -> None:
    strict = await register(app, "trusted only", trusted_documents_only=True)
    document = _document("Trusted")
    sha256 = await _register(app, document)
    async with http_from(app, token_of(app, strict)) as http:
        _answered(await _by_hash(http, sha256))
        _answered(await graphql(http, document))


async def test_a_trusted_documents_only_client_is_refused_any_other_document(
    app: Starlette,
) -> None:
    strict = await register(app, "trusted only", trusted_documents_only=True)
    other = _document("Other")
    async with http_from(app, token_of(app, strict)) as http:
        by_text = await graphql(http, other)
        by_apq = await _with_hash(http, other, _sha(other))
    assert_typed_json_error(by_text, 403, "FORBIDDEN")
    assert_typed_json_error(by_apq, 403, "FORBIDDEN")
    assert await app.state.hub.security.documents.get(_sha(other)) is None


async def test_an_unregistered_token_cannot_store_documents_by_apq(app: Starlette) -> None:
    document = _document("Operator")
    async with http_from(app, mint(app, subject="not-a-registered-client")) as http:
        stored = await _with_hash(http, document, _sha(document))
    assert_typed_json_error(stored, 403, "FORBIDDEN")
    assert await app.state.hub.security.documents.get(_sha(document)) is None


async def test_a_document_stored_by_apq_is_not_trusted_for_a_trusted_only_client(
    app: Starlette,
) -> None:
    document = _document("Cached")
    partner = await register(app, "apq partner")
    strict = await register(app, "trusted only", trusted_documents_only=True)
    async with http_from(app, token_of(app, partner)) as http:
        _answered(await _with_hash(http, document, _sha(document)))
    async with http_from(app, token_of(app, strict)) as http:
        by_hash = await _by_hash(http, _sha(document))
        by_text = await graphql(http, document)
    assert_typed_json_error(by_hash, 403, "FORBIDDEN")
    assert_typed_json_error(by_text, 403, "FORBIDDEN")
