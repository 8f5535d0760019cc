"""Entities resolved through `_entities` are masked, refused and audited like every other
path to the same record."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.access.support import (
    READS,
    Caller,
    audit_rows,
    is_masked_name,
    masked_number,
    request_id,
)
from tests.conftest import GraphQLClient, SourceDatabases
from tests.federation.conftest import Keys
from tests.federation.support import entries, household, person


def _entities(selection: str) -> str:
    return f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ {selection} }} }}"


PERSON = _entities("... on Person { nik name birthDate birthYear }")
SENSITIVE = _entities("... on Person { id disability }")
HOUSEHOLD = _entities("... on Household { noKk address village { name } }")
RESIDENTS = _entities("... on Institution { id residents { id } }")
PURPOSE = "federated lookup"


@pytest.fixture(scope="module")
def hub_engine(app: Starlette) -> AsyncEngine:
    engine: AsyncEngine = app.state.hub.security.hub_engine
    return engine


async def _stored_person(databases: SourceDatabases, key: str) -> Any:
    [row] = await databases.rows(
        "registry", "SELECT nik, name, birth_date FROM persons WHERE id = :k", k=int(key)
    )
    return row


async def _post(client: GraphQLClient, query: str, representations: list[Any], rid: str) -> Any:
    return await client.post(query, {"r": representations}, headers={"X-Request-ID": rid})


async def test_personal_fields_stay_masked_without_registry_pii(
    caller: Caller, databases: SourceDatabases, keys: dict[str, Keys]
) -> None:
    key = keys["Person"].inside
    stored = await _stored_person(databases, key)
    body = await caller(scopes=READS).post(PERSON, {"r": [person(key)]})
    assert "errors" not in body
    [entry] = entries(body)
    assert entry["nik"] == masked_number(stored.nik)
    assert is_masked_name(entry["name"], stored.name)
    assert entry["birthDate"] is None
    assert entry["birthYear"] > 1900
    assert stored.nik not in str(body) and stored.name not in str(body)


async def test_household_number_and_address_stay_masked_without_registry_pii(
    caller: Caller, databases: SourceDatabases, keys: dict[str, Keys]
) -> None:
    key = keys["Household"].inside
    [stored] = await databases.rows(
        "registry", "SELECT no_kk, address FROM households WHERE id = :k", k=int(key)
    )
    body = await caller(scopes=READS).post(HOUSEHOLD, {"r": [household(key)]})
    [entry] = entries(body)
    assert entry["noKk"] == masked_number(stored.no_kk)
    assert entry["address"] == entry["village"]["name"] != stored.address


async def test_specific_personal_data_is_forbidden_at_its_path_without_registry_pii(
    caller: Caller, keys: dict[str, Keys]
) -> None:
    body = await caller(scopes=READS).post(SENSITIVE, {"r": [person(keys["Person"].inside)]})
    assert entries(body) == [{"id": keys["Person"].inside, "disability": None}]
    [error] = body["errors"]
    assert error["path"] == ["_entities", 0, "disability"]
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_institution_residents_are_forbidden_without_institutions_pii(
    caller: Caller, keys: dict[str, Keys]
) -> None:
    representation = {"__typename": "Institution", "id": keys["Institution"].inside}
    body = await caller(scopes=READS).post(RESIDENTS, {"r": [representation]})
    assert entries(body)[0]["residents"] is None
    assert body["errors"][0]["path"] == ["_entities", 0, "residents"]
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_unmasked_read_is_audited_under_the_person_with_the_fields_read(
    caller: Caller, databases: SourceDatabases, hub_engine: AsyncEngine, keys: dict[str, Keys]
) -> None:
    key = keys["Person"].inside
    stored = await _stored_person(databases, key)
    client = caller(scopes=READS | {"registry:pii"}, subject="federated-pii", purpose=PURPOSE)
    rid = request_id()
    body = await _post(client, PERSON, [person(key)], rid)
    assert entries(body)[0]["nik"] == stored.nik
    [row] = await audit_rows(hub_engine, "request_id = :r", r=rid)
    assert (row.client_id, row.purpose, row.agency) == ("federated-pii", PURPOSE, "registry")
    assert (row.subject_kind, row.subject) == ("nik", stored.nik)
    assert row.fields == {"nik", "name", "birthDate"}


async def test_unmasked_household_fields_are_audited_under_the_household(
    caller: Caller, hub_engine: AsyncEngine, keys: dict[str, Keys]
) -> None:
    key = keys["Household"].inside
    client = caller(scopes=READS | {"registry:pii"}, subject="federated-kk", purpose=PURPOSE)
    rid = request_id()
    await _post(client, HOUSEHOLD, [household(key)], rid)
    [row] = await audit_rows(hub_engine, "request_id = :r", r=rid)
    assert (row.subject_kind, row.subject, row.fields) == (
        "household",
        key,
        frozenset({"noKk", "address"}),
    )


async def test_a_masked_read_writes_no_audit_row(
    caller: Caller, hub_engine: AsyncEngine, keys: dict[str, Keys]
) -> None:
    rid = request_id()
    await _post(caller(scopes=READS), PERSON, [person(keys["Person"].inside)], rid)
    assert await audit_rows(hub_engine, "request_id = :r", r=rid) == []


async def test_an_out_of_region_entity_writes_no_audit_row(
    caller: Caller, hub_engine: AsyncEngine, keys: dict[str, Keys]
) -> None:
    found = keys["Person"]
    client = caller(scopes=READS | {"registry:pii"}, regions=[found.region])
    rid = request_id()
    body = await _post(client, PERSON, [person(found.outside)], rid)
    assert body["data"] == {"_entities": [None]}
    assert await audit_rows(hub_engine, "request_id = :r", r=rid) == []
