"""The registry as a node: one HTTP call per query level however many rows, personal data
masked, refused and audited by the hub as for its database. (Its SQL reads and its writes
run at the node: the oversight, coverage, complaint and verification tests run in both
modes.)"""

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from tests.access.support import READS, audit_rows, is_masked_name, masked_number, request_id
from tests.conftest import GraphQLClient, SourceDatabases, mint
from tests.remote.support import ask, calls

Federated = tuple[Starlette, httpx.AsyncClient]

DEEP = """
query Deep($first: Int!) {
  households(first: $first, filter: { regionCode: "32" }) {
    totalCount
    edges { node {
      id members { id nik household { id } recordsWithSameNik }
      enrolments { programme components { component yearlyAmount } }
      disbursements { period amount } updateProposals { id }
    } }
  }
}
"""
PERSON = "query($nik: NIK!) { person(nik: $nik) { id nik name birthDate birthYear } }"
DISABILITY = "query($nik: NIK!) { person(nik: $nik) { id disability } }"


async def test_a_deep_household_query_takes_the_same_calls_for_five_or_a_hundred_rows(
    federated_registry: Federated,
) -> None:
    app, http = federated_registry
    small = await ask(http, app, DEEP, {"first": 5})
    large = await ask(http, app, DEEP, {"first": 100})
    assert "errors" not in small and "errors" not in large
    assert len(str(large["data"])) > len(str(small["data"]))
    # the page; its count with the members, enrolments, disbursements and proposals; the
    # members' households and namesakes with the enrolments' components
    assert calls(small, "registry") == calls(large, "registry") == 3


async def _unique_nik(databases: SourceDatabases) -> Any:
    rows = await databases.rows(
        "registry",
        "SELECT p.nik, p.name, p.birth_date FROM persons p WHERE p.disability IS NOT NULL"
        " AND (SELECT count(*) FROM persons q WHERE q.nik = p.nik) = 1 ORDER BY p.id LIMIT 1",
    )
    assert rows
    return rows[0]


async def test_without_pii_scope_the_node_s_persons_are_masked_and_disability_refused(
    federated_registry: Federated, databases: SourceDatabases
) -> None:
    app, http = federated_registry
    stored = await _unique_nik(databases)
    masked = GraphQLClient(http, mint(app, scopes=READS))
    person = (await masked.data(PERSON, {"nik": stored.nik}))["person"]
    assert person["nik"] == masked_number(stored.nik)
    assert is_masked_name(person["name"], stored.name)
    assert person["birthDate"] is None
    assert person["birthYear"] == int(str(stored.birth_date)[:4])
    body = await masked.post(DISABILITY, {"nik": stored.nik})
    assert body["data"]["person"]["disability"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["path"] == ["person", "disability"]


async def test_unmasked_reads_of_the_node_s_persons_are_audited(
    federated_registry: Federated, databases: SourceDatabases
) -> None:
    app, http = federated_registry
    stored = await _unique_nik(databases)
    client = GraphQLClient(http, mint(app, scopes=READS | {"registry:pii"}, subject="node-pii"))
    rid = request_id()
    body = await client.post(PERSON, {"nik": stored.nik}, headers={"X-Request-ID": rid})
    assert body["data"]["person"]["nik"] == stored.nik
    assert body["data"]["person"]["name"] == stored.name
    engine: AsyncEngine = app.state.hub.security.hub_engine
    rows = await audit_rows(engine, "request_id = :r", r=rid)
    assert [(row.agency, row.subject_kind, row.subject) for row in rows] == [
        ("registry", "nik", stored.nik)
    ]
    assert {"nik", "name", "birthDate"} <= rows[0].fields
