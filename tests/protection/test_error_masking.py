"""Unexpected failures leave as INTERNAL with a request id (the detail only in the server log);
a refused variable is named, never quoted."""

import json
import logging
from typing import Any

import pytest
from starlette.applications import Starlette

from resolvers.registry.loaders import RegistryLoaders
from tests.conftest import mint
from tests.protection.support import graphql, http_from, only_error

SECRET = "secret detail SELECT * FROM persons"
COUNT = "{ households(first: 1) { totalCount } }"
NIK_LIKE = "3204011234560012"
NAME = "Siti Nurhaliza Wulandari"

PAGE = "query Page($first: Int) { households(first: $first) { totalCount } }"
PERSON = "query Person($nik: NIK!) { person(nik: $nik) { id } }"
FILTER = (
    "query Filter($f: HouseholdFilterInput) { households(filter: $f, first: 1) { totalCount } }"
)
WRONG_VARIABLES = [
    (PAGE, {"first": NIK_LIKE}),
    (PAGE, {"first": NAME}),
    (PERSON, {"nik": NAME}),
    (PERSON, {"nik": int(NIK_LIKE)}),
    (FILTER, {"f": {"decileMax": NIK_LIKE}}),
    (FILTER, {"f": {"regionCode": NAME}}),
    (FILTER, {"f": {"regionCode": [NIK_LIKE]}}),
    (FILTER, {"f": {"unknownField": NAME}}),
]


async def _explode(self: RegistryLoaders, *args: Any) -> int:
    raise RuntimeError(SECRET)


async def test_an_unexpected_error_is_internal_with_a_request_id_and_no_detail(
    app: Starlette, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(RegistryLoaders, "households_count", _explode)
    with caplog.at_level(logging.ERROR, logger="simpul.errors"):
        async with http_from(app, mint(app)) as http:
            response = await graphql(http, COUNT)
    request_id = response.headers["x-request-id"]
    error = only_error(response.json())
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert request_id in error["message"]
    assert "secret" not in response.text
    # (the whole body holds SQL only because the test hub explains what each source ran)
    shown = json.dumps(response.json()["errors"])
    for leak in ("SELECT", "persons", "RuntimeError", "Traceback", ".py"):
        assert leak not in shown
    logged = [record for record in caplog.records if request_id in record.getMessage()]
    assert logged, caplog.text
    assert any(record.exc_info and SECRET in str(record.exc_info[1]) for record in logged), (
        caplog.text
    )


async def test_the_request_id_offered_by_the_caller_is_the_one_reported(
    app: Starlette, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(RegistryLoaders, "households_count", _explode)
    offered = "trace-4f1c2a9b"
    with caplog.at_level(logging.ERROR, logger="simpul.errors"):
        async with http_from(app, mint(app)) as http:
            response = await graphql(http, COUNT, headers={"x-request-id": offered})
    assert only_error(response.json())["extensions"]["requestId"] == offered
    assert offered in caplog.text


@pytest.mark.parametrize(("query", "variables"), WRONG_VARIABLES)
async def test_a_variable_of_the_wrong_type_is_never_echoed(
    app: Starlette, query: str, variables: dict[str, Any]
) -> None:
    async with http_from(app, mint(app)) as http:
        response = await graphql(http, query, variables)
    body = response.json()
    assert body.get("data") is None or all(v is None for v in body["data"].values())
    assert {error["extensions"]["code"] for error in body["errors"]} == {"BAD_USER_INPUT"}
    for part in (NIK_LIKE, *NAME.split()):
        assert part not in response.text, body["errors"]
