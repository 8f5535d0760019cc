"""Every read of unmasked personal data is on the record before the answer leaves."""

import datetime
import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.access.support import READS, AuditRow, Caller, audit_rows, request_id
from tests.conftest import GraphQLClient, SourceDatabases

PERSON = "query($nik: NIK!) { person(nik: $nik) { id nik name birthDate } }"
PERSON_NIK = "query($nik: NIK!) { person(nik: $nik) { id nik birthYear } }"
PERSON_TWICE = "query($nik: NIK!) { a: person(nik: $nik) { nik } b: person(nik: $nik) { name } }"
DISABILITY = "query($nik: NIK!) { person(nik: $nik) { id nik disability } }"
CASES = "query($nik: NIK!) { person(nik: $nik) { id rehabilitationCases { id } } }"
MEMBERS = "query($id: ID!) { household(id: $id) { id members { nik } } }"
HOUSEHOLD = "query($id: ID!) { household(id: $id) { id noKk address } }"
BANK = "query($id: ID!) { household(id: $id) { disbursements { bankAccount } } }"
COUNTS = "{ households { totalCount } persons { totalCount } }"

PURPOSE = "verifikasi data PKH 2026"


@pytest.fixture(scope="module")
def hub_engine(app: Starlette) -> AsyncEngine:
    engine: AsyncEngine = app.state.hub.security.hub_engine
    return engine


@pytest.fixture(scope="module")
async def nik(databases: SourceDatabases) -> str:
    value: str = await databases.value(
        "registry",
        "SELECT nik FROM persons p WHERE (SELECT count(*) FROM persons q WHERE q.nik = p.nik) = 1"
        " ORDER BY id LIMIT 1",
    )
    return value


def _client(caller: Caller, name: str, *pii: str) -> GraphQLClient:
    return caller(scopes=READS | set(pii), subject=name, purpose=PURPOSE)


async def _read(
    engine: AsyncEngine, client: GraphQLClient, query: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], list[AuditRow]]:
    rid = request_id()
    body = await client.post(query, variables, headers={"X-Request-ID": rid})
    return body, await audit_rows(engine, "request_id = :r", r=rid)


async def test_pii_read_appends_one_row_naming_client_purpose_request_and_agency(
    caller: Caller, hub_engine: AsyncEngine, nik: str
) -> None:
    rid = request_id()
    client = _client(caller, "audit-who", "registry:pii")
    await client.post(PERSON, {"nik": nik}, headers={"X-Request-ID": rid})
    [row] = await audit_rows(hub_engine, "request_id = :r", r=rid)
    assert (row.client_id, row.purpose, row.request_id) == ("audit-who", PURPOSE, rid)
    assert (row.agency, row.subject_kind, row.subject) == ("registry", "nik", nik)


async def test_audit_row_names_exactly_the_unmasked_fields(
    caller: Caller, hub_engine: AsyncEngine, nik: str
) -> None:
    client = _client(caller, "audit-fields", "registry:pii")
    _, [row] = await _read(hub_engine, client, PERSON, {"nik": nik})
    assert row.fields == {"nik", "name", "birthDate"}
    _, [only] = await _read(hub_engine, client, PERSON_NIK, {"nik": nik})
    assert only.fields == {"nik"}


async def test_audit_row_is_stamped_with_the_time_of_the_request(
    caller: Caller, hub_engine: AsyncEngine, nik: str
) -> None:
    before = datetime.datetime.now(datetime.UTC)
    _, [row] = await _read(
        hub_engine, _client(caller, "audit-when", "registry:pii"), PERSON, {"nik": nik}
    )
    after = datetime.datetime.now(datetime.UTC)
    at = datetime.datetime.strptime(row.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.UTC)
    assert before <= at <= after


async def test_request_id_sent_by_the_client_comes_back_in_the_response(
    caller: Caller, http: httpx.AsyncClient, nik: str
) -> None:
    rid = request_id()
    token = _client(caller, "audit-echo", "registry:pii").headers
    response = await http.post(
        "/graphql",
        json={"query": PERSON, "variables": {"nik": nik}},
        headers={**token, "X-Request-ID": rid},
    )
    assert response.headers["x-request-id"] == rid


async def test_pii_read_over_get_is_logged_too(
    caller: Caller, http: httpx.AsyncClient, hub_engine: AsyncEngine, nik: str
) -> None:
    rid = request_id()
    token = _client(caller, "audit-get", "registry:pii").headers
    response = await http.get(
        "/graphql",
        params={"query": PERSON, "variables": json.dumps({"nik": nik})},
        headers={**token, "X-Request-ID": rid, "Accept": "application/json"},
    )
    assert response.json()["data"]["person"]["nik"] == nik
    [row] = await audit_rows(hub_engine, "request_id = :r", r=rid)
    assert (row.client_id, row.subject) == ("audit-get", nik)


async def test_masked_read_writes_no_audit_row(
    masked: GraphQLClient, hub_engine: AsyncEngine, nik: str
) -> None:
    body, rows = await _read(hub_engine, masked, PERSON, {"nik": nik})
    assert body["data"]["person"]["nik"] != nik
    assert rows == []


async def test_pii_token_reading_no_personal_field_writes_no_audit_row(
    caller: Caller, hub_engine: AsyncEngine
) -> None:
    _, rows = await _read(hub_engine, _client(caller, "audit-none", "registry:pii"), COUNTS, {})
    assert rows == []


async def test_refused_sensitive_field_writes_no_audit_row(
    masked: GraphQLClient, hub_engine: AsyncEngine, nik: str
) -> None:
    body, rows = await _read(hub_engine, masked, DISABILITY, {"nik": nik})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert rows == []


async def test_same_subject_read_twice_in_one_request_yields_one_row(
    caller: Caller, hub_engine: AsyncEngine, nik: str
) -> None:
    client = _client(caller, "audit-twice", "registry:pii")
    _, rows = await _read(hub_engine, client, PERSON_TWICE, {"nik": nik})
    assert len(rows) == 1
    assert rows[0].fields == {"nik", "name"}


async def test_each_subject_read_in_one_request_gets_its_own_row(
    caller: Caller, hub_engine: AsyncEngine, databases: SourceDatabases
) -> None:
    key = await databases.value(
        "registry", "SELECT household_id FROM persons GROUP BY household_id HAVING count(*) >= 4"
    )
    members = await databases.rows(
        "registry", "SELECT DISTINCT nik FROM persons WHERE household_id = :k", k=key
    )
    client = _client(caller, "audit-family", "registry:pii")
    _, rows = await _read(hub_engine, client, MEMBERS, {"id": str(key)})
    assert sorted(row.subject for row in rows) == sorted(row.nik for row in members)
    assert all(row.fields == {"nik"} and row.subject_kind == "nik" for row in rows)


async def test_household_fields_are_logged_against_the_household_id(
    caller: Caller, hub_engine: AsyncEngine, databases: SourceDatabases
) -> None:
    key = str(await databases.value("registry", "SELECT max(id) FROM households"))
    client = _client(caller, "audit-household", "registry:pii")
    _, [row] = await _read(hub_engine, client, HOUSEHOLD, {"id": key})
    assert (row.agency, row.subject_kind, row.subject) == ("registry", "household", key)
    assert row.fields == {"noKk", "address"}


async def test_bank_account_read_is_logged_against_its_household(
    caller: Caller, hub_engine: AsyncEngine, databases: SourceDatabases
) -> None:
    key = await databases.value(
        "registry", "SELECT household_id FROM disbursements WHERE bank_account IS NOT NULL"
    )
    client = _client(caller, "audit-bank", "registry:pii")
    _, [row] = await _read(hub_engine, client, BANK, {"id": str(key)})
    assert (row.subject_kind, row.subject, row.fields) == (
        "household",
        str(key),
        frozenset({"bankAccount"}),
    )


async def test_sensitive_read_is_logged_under_the_agency_that_holds_it(
    caller: Caller, hub_engine: AsyncEngine, databases: SourceDatabases
) -> None:
    client_nik = await databases.value("regional", "SELECT client_nik FROM rehabilitation_cases")
    client = _client(caller, "audit-cases", "regional:pii")
    _, rows = await _read(hub_engine, client, CASES, {"nik": client_nik})
    assert [(r.agency, r.subject, r.fields) for r in rows] == [
        ("regional", client_nik, frozenset({"rehabilitationCases"}))
    ]


async def test_out_of_region_lookup_writes_no_audit_row(
    caller: Caller, hub_engine: AsyncEngine, databases: SourceDatabases
) -> None:
    far = await databases.value(
        "registry",
        "SELECT p.nik FROM persons p JOIN households h ON h.id = p.household_id"
        " WHERE h.village_code LIKE '35.%'",
    )
    client = caller(scopes=READS | {"registry:pii"}, regions=["32.04"], subject="audit-far")
    body, rows = await _read(hub_engine, client, PERSON, {"nik": far})
    assert body["data"] == {"person": None}
    assert rows == []
