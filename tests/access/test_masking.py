"""Personal fields come back masked without the agency's PII scope, and as stored with it."""

from typing import Any

from tests.access.support import READS, Caller, is_masked_name, masked_number, nodes
from tests.conftest import GraphQLClient, SourceDatabases

PERSONS = """
{ persons(first: 300) { edges { node { id nik name birthDate birthYear } } } }
"""
HOUSEHOLDS = """
{ households(first: 300) { edges { node { id noKk address village { name } } } } }
"""
VISITS = """
{ verificationVisits(first: 500) { edges { node { id subjectNik notes officer } } } }
"""
KUBE = """
{ kubeGroups(first: 100) { edges { node { id members { id nik role } } } } }
"""
COMPLAINTS = """
{ complaints(first: 100) { edges { node { id summary status } } } }
"""
RESIDENTS = """
query($id: ID!) { institution(id: $id) { residents { id residentNik reason } } }
"""
CASES = """
{ rehabilitationCases(first: 100) { edges { node { id clientNik } } } }
"""


async def _by_id(databases: SourceDatabases, agency: str, sql: str) -> dict[int, Any]:
    return {row.id: row for row in await databases.rows(agency, sql)}


async def _persons(client: GraphQLClient) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    body = await client.post(PERSONS)
    assert "errors" not in body
    return body, nodes(body["data"]["persons"])


# -- without PII ----------------------------------------------------------------------------


async def test_masked_nik_keeps_the_first_four_and_last_four_digits(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, nik FROM persons")
    _, people = await _persons(masked)
    assert len(people) == 300
    for person in people:
        assert person["nik"] == masked_number(stored[int(person["id"])].nik)


async def test_masked_nik_never_equals_nor_reveals_the_stored_nik(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, nik FROM persons")
    body, people = await _persons(masked)
    shown = str(body)
    for person in people:
        nik = stored[int(person["id"])].nik
        assert person["nik"] != nik
        assert nik not in shown


async def test_masked_name_keeps_only_each_word_initial(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, name FROM persons")
    body, people = await _persons(masked)
    shown = str(body)
    for person in people:
        name = stored[int(person["id"])].name
        assert is_masked_name(person["name"], name), (person["name"], name)
        assert person["name"] != name
        assert name not in shown


async def test_masked_birth_date_is_null_but_birth_year_is_right(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, birth_date FROM persons")
    body, people = await _persons(masked)
    shown = str(body)
    for person in people:
        born = str(stored[int(person["id"])].birth_date)
        assert person["birthDate"] is None
        assert person["birthYear"] == int(born[:4])
        assert born not in shown


async def test_masked_no_kk_keeps_the_first_four_and_last_four_digits(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, no_kk FROM households")
    body = await masked.post(HOUSEHOLDS)
    households, shown = nodes(body["data"]["households"]), str(body)
    assert len(households) == 300
    for household in households:
        no_kk = stored[int(household["id"])].no_kk
        assert household["noKk"] == masked_number(no_kk)
        assert no_kk not in shown


async def test_masked_address_is_the_village_name_only(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, address FROM households")
    body = await masked.post(HOUSEHOLDS)
    shown = str(body)
    for household in nodes(body["data"]["households"]):
        address = stored[int(household["id"])].address
        assert household["address"] == household["village"]["name"]
        assert household["address"] != address
        assert address not in shown


async def test_masked_visit_subject_nik_is_masked_and_notes_are_null(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(
        databases, "regional", "SELECT id, subject_nik, notes FROM verification_visits"
    )
    body = await masked.post(VISITS)
    visits = nodes(body["data"]["verificationVisits"])
    assert any(stored[int(visit["id"])].subject_nik for visit in visits)
    for visit in visits:
        row = stored[int(visit["id"])]
        assert visit["notes"] is None and visit["officer"]
        assert visit["subjectNik"] == (row.subject_nik and masked_number(row.subject_nik))
        assert row.notes not in str(body)
        assert not row.subject_nik or row.subject_nik not in str(body)


async def test_masked_kube_member_nik_is_masked(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "regional", "SELECT id, member_nik FROM kube_members")
    body = await masked.post(KUBE)
    members = [m for group in nodes(body["data"]["kubeGroups"]) for m in group["members"]]
    assert len(members) == len(stored)
    for member in members:
        nik = stored[int(member["id"])].member_nik
        assert member["nik"] == masked_number(nik)
        assert nik not in str(body)


async def test_masked_complaint_summary_is_null(
    masked: GraphQLClient, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "regional", "SELECT id, summary FROM complaints")
    body = await masked.post(COMPLAINTS)
    complaints = nodes(body["data"]["complaints"])
    assert len(complaints) == len(stored)
    assert all(complaint["summary"] is None and complaint["status"] for complaint in complaints)
    assert not any(row.summary in str(body) for row in stored.values())


async def test_registry_pii_does_not_unmask_regional_personal_fields(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "regional", "SELECT id, subject_nik FROM verification_visits")
    data = await caller(scopes=READS | {"registry:pii"}).data(VISITS)
    for visit in nodes(data["verificationVisits"]):
        nik = stored[int(visit["id"])].subject_nik
        assert visit["notes"] is None
        assert visit["subjectNik"] == (nik and masked_number(nik))


async def test_regional_pii_does_not_unmask_registry_personal_fields(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, nik FROM persons")
    _, people = await _persons(caller(scopes=READS | {"regional:pii", "institutions:pii"}))
    for person in people:
        assert person["nik"] == masked_number(stored[int(person["id"])].nik)


# -- with PII -------------------------------------------------------------------------------


async def test_registry_pii_shows_stored_nik_name_and_birth_date(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, nik, name, birth_date FROM persons")
    _, people = await _persons(caller(scopes=READS | {"registry:pii"}))
    for person in people:
        row = stored[int(person["id"])]
        assert (person["nik"], person["name"]) == (row.nik, row.name)
        assert person["birthDate"] == str(row.birth_date)


async def test_registry_pii_shows_stored_no_kk_and_address(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "registry", "SELECT id, no_kk, address FROM households")
    data = await caller(scopes=READS | {"registry:pii"}).data(HOUSEHOLDS)
    for household in nodes(data["households"]):
        row = stored[int(household["id"])]
        assert (household["noKk"], household["address"]) == (row.no_kk, row.address)


async def test_regional_pii_shows_stored_visit_subject_and_notes(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(
        databases, "regional", "SELECT id, subject_nik, notes FROM verification_visits"
    )
    data = await caller(scopes=READS | {"regional:pii"}).data(VISITS)
    for visit in nodes(data["verificationVisits"]):
        row = stored[int(visit["id"])]
        assert (visit["subjectNik"], visit["notes"]) == (row.subject_nik, row.notes)


async def test_regional_pii_shows_stored_kube_member_nik_and_complaint_summary(
    caller: Caller, databases: SourceDatabases
) -> None:
    members = await _by_id(databases, "regional", "SELECT id, member_nik FROM kube_members")
    complaints = await _by_id(databases, "regional", "SELECT id, summary FROM complaints")
    client = caller(scopes=READS | {"regional:pii"})
    groups = nodes((await client.data(KUBE))["kubeGroups"])
    shown = [(int(m["id"]), m["nik"]) for group in groups for m in group["members"]]
    assert shown and all(nik == members[key].member_nik for key, nik in shown)
    for complaint in nodes((await client.data(COMPLAINTS))["complaints"]):
        assert complaint["summary"] == complaints[int(complaint["id"])].summary


async def test_regional_pii_shows_stored_rehabilitation_client_nik(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await _by_id(databases, "regional", "SELECT id, client_nik FROM rehabilitation_cases")
    data = await caller(scopes=READS | {"regional:pii"}).data(CASES)
    cases = nodes(data["rehabilitationCases"])
    assert cases
    assert all(case["clientNik"] == stored[int(case["id"])].client_nik for case in cases)


async def test_institutions_pii_shows_stored_resident_nik_and_reason(
    caller: Caller, databases: SourceDatabases
) -> None:
    key = await databases.value("institutions", "SELECT institution_id FROM placements")
    stored = await _by_id(
        databases, "institutions", "SELECT id, resident_nik, reason FROM placements"
    )
    data = await caller(scopes=READS | {"institutions:pii"}).data(RESIDENTS, {"id": str(key)})
    residents = data["institution"]["residents"]
    assert residents
    for resident in residents:
        row = stored[int(resident["id"])]
        assert (resident["residentNik"], resident["reason"]) == (row.resident_nik, row.reason)
