"""Bad input of any kind gets a typed BAD_USER_INPUT error that names the argument."""

import pytest

from tests.conftest import GraphQLClient

PERSON = "query Person($nik: NIK!) { person(nik: $nik) { name } }"
REGION = "query Region($code: RegionCode!) { region(code: $code) { name } }"
HOUSEHOLDS_IN = """
query HouseholdsIn($code: RegionCode) { households(filter: {regionCode: $code}) { totalCount } }
"""


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("12345", "16 digits"),
        ("3204051708900000", "serial"),
        ("3204053208900001", "birth-date"),
        ("9999051708900001", "regency"),
    ],
)
async def test_invalid_nik_variable_names_the_argument_without_echoing_it(
    client: GraphQLClient, nik: str, reason: str
) -> None:
    body = await client.post(PERSON, {"nik": nik})
    error = body["errors"][0]
    assert body["data"] is None
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "argument 'nik'" in error["message"] and reason in error["message"]
    assert nik not in str(body)


async def test_invalid_nik_literal_names_the_argument(client: GraphQLClient) -> None:
    body = await client.post('{ person(nik: "3204051708900000") { name } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("Invalid value for argument 'nik'")


@pytest.mark.parametrize("code", ["32.4", "99", "32.04.05.9999", "32,04", ""])
async def test_unknown_or_malformed_region_code_is_refused(
    client: GraphQLClient, code: str
) -> None:
    body = await client.post(REGION, {"code": code})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "argument 'code'" in body["errors"][0]["message"]


async def test_region_code_inside_an_input_object_names_its_path(client: GraphQLClient) -> None:
    body = await client.post('{ households(filter: {regionCode: "32.99"}) { totalCount } }')
    assert body["errors"][0]["message"].startswith("Invalid value for argument 'filter.regionCode'")


async def test_missing_required_variable_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(PERSON, {})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "required" in body["errors"][0]["message"]


async def test_wrong_variable_type_does_not_echo_the_value(client: GraphQLClient) -> None:
    body = await client.post(
        "query Page($first: Int) { households(first: $first) { totalCount } }",
        {"first": "Siti Aminah"},
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Siti Aminah" not in str(body)


@pytest.mark.parametrize(
    "document",
    ["{ households(", "{ nope }", "query { households { edges { node { nope } } } }", "}{"],
)
async def test_malformed_or_invalid_documents_are_bad_user_input(
    client: GraphQLClient, document: str
) -> None:
    body = await client.post(document)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_null_region_variable_means_no_filter(client: GraphQLClient) -> None:
    data = await client.data(HOUSEHOLDS_IN, {"code": None})
    assert data["households"]["totalCount"] > 0


async def test_request_id_is_echoed_in_a_header(client: GraphQLClient) -> None:
    response = await client.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "req-12345678"}
    )
    assert response.headers["x-request-id"] == "req-12345678"
