"""Known queries answered directly (``gateway/direct.py``) get the same response, the same
audit record and the same refusals as the general path gives them, and only the queries
the direct path is meant for are answered by it.

Each case is asked twice: first while the hub has not yet compiled the document (the
general path answers and compiles it), then again (the direct path may answer)."""

import asyncio
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.scopes import SCOPES
from schema.compiled import operation
from tests.access.support import AuditRow, audit_rows
from tests.conftest import mint
from tests.fuzz.test_compiled_path import DOCUMENTS, REFUSED
from tests.protection.support import register, token_of

GRANTS: dict[str, dict[str, Any] | None] = {
    "national, pii": {"scopes": SCOPES, "regions": ["*"]},
    "province 32": {"scopes": ["registry:read"], "regions": ["32"]},
    "no registry scope": {"scopes": ["regional:read"], "regions": ["*"]},
    "anonymous": None,
}

Ask = Callable[..., Awaitable[httpx.Response]]


@pytest.fixture
def unknown_to_the_hub(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Forget every compiled document, as a hub that has just started."""

    def forget() -> None:
        monkeypatch.setattr(operation, "_KNOWN", OrderedDict())

    forget()
    return forget


@pytest.fixture
def ask(http: httpx.AsyncClient) -> Ask:
    async def post(
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        **body: Any,
    ) -> httpx.Response:
        sent = {"x-request-id": f"direct-{uuid.uuid4().hex}", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = {"query": query, "variables": variables, **body}
        return await http.post("/graphql", json=payload, headers=sent)

    return post


def execution_of(response: httpx.Response) -> str | None:
    extensions = response.json().get("extensions") or {}
    found = extensions.get("execution")
    return found if isinstance(found, str) else None


def comparable(response: httpx.Response) -> dict[str, Any]:
    """Everything the caller receives but what differs between any two requests: the request
    id, the time each statement took, and which path answered."""
    body = response.json()
    extensions = dict(body.pop("extensions", None) or {})
    extensions.pop("execution", None)
    sources = {
        agency: log["statements"] for agency, log in (extensions.pop("sources", {}) or {}).items()
    }
    for error in body.get("errors") or []:
        (error.get("extensions") or {}).pop("requestId", None)
    return {
        "status": response.status_code,
        "content-type": response.headers["content-type"],
        "vary": response.headers.get("vary"),
        "body": body,
        "extensions": extensions,
        "statements": sources,
    }


async def audit_of(app: Starlette, response: httpx.Response) -> list[tuple[Any, ...]]:
    rows: list[AuditRow] = await audit_rows(
        app.state.hub.security.hub_engine,
        "request_id = :r",
        r=response.headers["x-request-id"],
    )
    return [(r.client_id, r.purpose, r.agency, r.subject_kind, r.subject, r.fields) for r in rows]


async def twice(
    app: Starlette, ask: Ask, query: str, variables: Any, token: str | None, **extra: Any
) -> tuple[httpx.Response, httpx.Response]:
    first = await ask(query, variables, token, **extra)
    second = await ask(query, variables, token, **extra)
    assert comparable(second) == comparable(first)
    assert await audit_of(app, second) == await audit_of(app, first)
    return first, second


@pytest.mark.parametrize("grant", sorted(GRANTS))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
async def test_the_direct_path_answers_as_the_general_path(
    app: Starlette, ask: Ask, unknown_to_the_hub: Callable[[], None], document: str, grant: str
) -> None:
    query, variables = DOCUMENTS[document]
    given = GRANTS[grant]
    token = None if given is None else mint(app, **given)
    first, second = await twice(app, ask, query, variables, token)
    assert execution_of(first) in {"compiled", "general"}
    compiled = execution_of(first) == "compiled"
    if "@" in query or not compiled:
        assert execution_of(second) == execution_of(first)
    else:
        assert execution_of(second) == "direct"
    if grant in {"national, pii", "province 32"}:
        assert compiled, "the benchmark's kind of caller must reach the compiled path"


async def test_an_audited_answer_is_withheld_when_the_audit_cannot_be_written(
    app: Starlette, ask: Ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = mint(app, scopes=SCOPES, regions=["*"])
    query = '{ household(id: "4") { id members { nik name } } }'
    assert execution_of(await ask(query, None, token)) in {"compiled", "direct"}

    async def broken(_entries: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(app.state.hub.security.audit, "append", broken)
    response = await ask(query, None, token)
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "members" not in response.text


# Requests the direct path must leave to the general one, each once the document is known.
async def _refused_cases(app: Starlette) -> dict[str, tuple[dict[str, Any], str | None]]:
    strict = await register(app, f"strict-{uuid.uuid4().hex[:6]}", max_depth=2, max_cost=3)
    trusted_only = await register(
        app, f"trusted-{uuid.uuid4().hex[:6]}", trusted_documents_only=True
    )
    return {
        "over the caller's depth and cost limits": ({}, token_of(app, strict)),
        "a trusted-documents-only client": ({}, token_of(app, trusted_only)),
        "variables of the wrong type": ({"variables": {"id": ["1"]}}, None),
        "a missing variable": ({"variables": {}}, None),
        "an unknown operation name": ({"operationName": "Other"}, None),
        "extensions in the body": ({"extensions": {"note": 1}}, None),
        "a streaming Accept header": ({"headers": {"accept": "text/event-stream"}}, None),
    }


REFUSED_CASES = [
    "over the caller's depth and cost limits",
    "a trusted-documents-only client",
    "variables of the wrong type",
    "a missing variable",
    "an unknown operation name",
    "extensions in the body",
    "a streaming Accept header",
]


@pytest.mark.parametrize("case", REFUSED_CASES)
async def test_what_the_direct_path_does_not_expect_is_answered_as_before(
    app: Starlette, ask: Ask, unknown_to_the_hub: Callable[[], None], case: str
) -> None:
    query = "query Small($id: ID!) { household(id: $id) { id members { id name } } }"
    national = mint(app, scopes=SCOPES, regions=["*"])
    cases = await _refused_cases(app)
    change, token = cases[case]
    token = token or national
    extra = dict(change)
    variables = extra.pop("variables", {"id": "5"})
    before = await ask(query, variables, token, **extra)
    await ask(query, {"id": "5"}, national)
    assert execution_of(await ask(query, {"id": "5"}, national)) == "direct"  # now known
    after = await ask(query, variables, token, **extra)
    assert comparable(after) == comparable(before)
    assert execution_of(after) != "direct"
    if case != "a streaming Accept header" and case != "extensions in the body":
        assert after.status_code != 200 or after.json().get("errors"), after.text


@pytest.mark.parametrize("refused", sorted(REFUSED))
async def test_refused_arguments_are_refused_alike_once_the_document_is_known(
    app: Starlette, ask: Ask, unknown_to_the_hub: Callable[[], None], refused: str
) -> None:
    token = mint(app, scopes=SCOPES, regions=["*"])
    first, second = await twice(app, ask, REFUSED[refused], None, token)
    assert first.json().get("errors")
    assert execution_of(second) == "general"


async def test_the_same_text_with_variables_that_differ_is_answered_for_each(
    app: Starlette, ask: Ask
) -> None:
    token = mint(app, scopes=["registry:read"], regions=["32"])
    query = "query ($id: ID!) { household(id: $id) { id villageCode } }"
    answers = {}
    for household in ("1", "2", "3", "4", "5", "6"):
        response = await ask(query, {"id": household}, token)
        assert not response.json().get("errors")
        answers[household] = response.json()["data"]["household"]
    for household, answer in answers.items():
        assert answer is None or answer["id"] == household
        assert answer is None or answer["villageCode"].startswith("32.")


async def test_concurrent_direct_answers_for_different_callers_never_mix(
    app: Starlette, ask: Ask
) -> None:
    """Plans, prebuilt statements and row classes are shared between requests; answers and
    contexts are not: callers of different regions and rights, asked at once, each get what
    they get when asked alone."""
    query = "query ($id: ID!) { household(id: $id) { id villageCode members { id nik name } } }"
    callers = {
        "32": mint(app, scopes=["registry:read"], regions=["32"]),
        "35": mint(app, scopes=["registry:read"], regions=["35"]),
        "pii": mint(app, scopes=["registry:read", "registry:pii"], regions=["*"]),
    }
    asks = [(who, str(key)) for key in range(1, 41) for who in callers]
    alone = {}
    for who, key in asks:
        response = await ask(query, {"id": key}, callers[who])
        alone[who, key] = response.json()["data"]
    for token in callers.values():
        assert execution_of(await ask(query, {"id": "1"}, token)) == "direct"
    together = await asyncio.gather(*(ask(query, {"id": key}, callers[who]) for who, key in asks))
    for (who, key), response in zip(asks, together, strict=True):
        assert execution_of(response) == "direct"
        data = response.json()["data"]
        assert data == alone[who, key]
        household = data["household"]
        if household is not None and who != "pii":
            assert household["villageCode"].startswith(f"{who}.")
            assert all("*" in member["nik"] for member in household["members"])
    shown = [alone["pii", key]["household"] for _, key in asks if alone["pii", key]["household"]]
    assert any("*" not in m["nik"] for h in shown for m in h["members"])
    assert any(alone["32", key]["household"] for _, key in asks)
    assert any(alone["35", key]["household"] for _, key in asks)
