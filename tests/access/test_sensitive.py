"""Specific personal data: null and FORBIDDEN without the agency's PII scope, stored with it."""

from typing import Any

from tests.access.support import PIIS, READS, Caller, codes_at, ids, nodes
from tests.conftest import SourceDatabases

DISABILITY = """
query($nik: NIK!) { person(nik: $nik) { id sex disability } }
"""
BANK_ACCOUNTS = """
query($id: ID!) { household(id: $id) { id disbursements { id amount bankAccount } } }
"""
PERSON_CASES = """
query($nik: NIK!) { person(nik: $nik) { id rehabilitationCases { id clientNik } } }
"""
PERSON_PLACEMENTS = """
query($nik: NIK!) { person(nik: $nik) { id institutionPlacements { id residentNik } } }
"""
RESIDENTS = """
query($id: ID!) { institution(id: $id) { id name residents { id residentNik reason } } }
"""
CASES = """
{ rehabilitationCases(first: 500) { totalCount edges { node { id clientNik } } } }
"""


def _all_but(scope: str) -> frozenset[str]:
    return READS | (PIIS - {scope})


async def _unique_nik(databases: SourceDatabases, where: str) -> str:
    """A NIK held by one registry person only, chosen by ``where`` on ``persons p``."""
    nik: str = await databases.value(
        "registry",
        f"SELECT p.nik FROM persons p WHERE {where}"
        " AND (SELECT count(*) FROM persons q WHERE q.nik = p.nik) = 1 ORDER BY p.id LIMIT 1",
    )
    return nik


async def _in_registry(databases: SourceDatabases, niks: list[str]) -> str:
    for nik in niks:
        if await databases.rows("registry", "SELECT id FROM persons WHERE nik = :n", n=nik):
            return nik
    raise AssertionError("none of these NIKs is in the registry")


async def _case_nik(databases: SourceDatabases) -> str:
    rows = await databases.rows("regional", "SELECT client_nik FROM rehabilitation_cases")
    return await _in_registry(databases, [row.client_nik for row in rows])


async def _placed_nik(databases: SourceDatabases) -> str:
    rows = await databases.rows("institutions", "SELECT resident_nik FROM placements")
    return await _in_registry(databases, [row.resident_nik for row in rows])


async def _paid_household(databases: SourceDatabases) -> int:
    key: int = await databases.value(
        "registry", "SELECT household_id FROM disbursements WHERE bank_account IS NOT NULL"
    )
    return key


async def _housing_institution(databases: SourceDatabases) -> int:
    key: int = await databases.value("institutions", "SELECT institution_id FROM placements")
    return key


def _refused_only(body: dict[str, Any], field: str) -> None:
    codes = codes_at(body)
    assert codes and set(codes.values()) == {"FORBIDDEN"}
    assert all(path[-1] == field for path in codes)


async def test_disability_is_null_and_forbidden_without_registry_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _unique_nik(databases, "p.disability IS NOT NULL")
    body = await caller(scopes=_all_but("registry:pii")).post(DISABILITY, {"nik": nik})
    assert body["data"]["person"]["disability"] is None
    assert body["data"]["person"]["sex"]
    assert codes_at(body) == {("person", "disability"): "FORBIDDEN"}


async def test_disability_is_the_stored_value_with_registry_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _unique_nik(databases, "p.disability IS NOT NULL")
    stored = await databases.value(
        "registry", "SELECT disability FROM persons WHERE nik = :n", n=nik
    )
    data = await caller(scopes=READS | {"registry:pii"}).data(DISABILITY, {"nik": nik})
    assert data["person"]["disability"] == stored.upper()


async def test_bank_accounts_are_null_forbidden_and_absent_without_registry_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    key = await _paid_household(databases)
    accounts = await databases.rows(
        "registry", "SELECT bank_account FROM disbursements WHERE household_id = :k", k=key
    )
    body = await caller(scopes=_all_but("registry:pii")).post(BANK_ACCOUNTS, {"id": str(key)})
    paid = body["data"]["household"]["disbursements"]
    assert paid and all(item["bankAccount"] is None and item["amount"] > 0 for item in paid)
    _refused_only(body, "bankAccount")
    assert len(codes_at(body)) == len(paid)
    assert not any(row.bank_account and row.bank_account in str(body) for row in accounts)


async def test_bank_accounts_are_the_stored_values_with_registry_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    key = await _paid_household(databases)
    stored = await databases.rows(
        "registry", "SELECT id, bank_account FROM disbursements WHERE household_id = :k", k=key
    )
    data = await caller(scopes=READS | {"registry:pii"}).data(BANK_ACCOUNTS, {"id": str(key)})
    shown = {int(item["id"]): item["bankAccount"] for item in data["household"]["disbursements"]}
    assert shown == {row.id: row.bank_account for row in stored}


async def test_person_rehabilitation_cases_are_forbidden_without_regional_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _case_nik(databases)
    body = await caller(scopes=_all_but("regional:pii")).post(PERSON_CASES, {"nik": nik})
    assert body["data"]["person"]["id"]
    assert body["data"]["person"]["rehabilitationCases"] is None
    assert codes_at(body) == {("person", "rehabilitationCases"): "FORBIDDEN"}


async def test_person_rehabilitation_cases_are_the_stored_ones_with_regional_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _case_nik(databases)
    stored = await databases.rows(
        "regional", "SELECT id FROM rehabilitation_cases WHERE client_nik = :n", n=nik
    )
    data = await caller(scopes=READS | {"regional:pii"}).data(PERSON_CASES, {"nik": nik})
    cases = data["person"]["rehabilitationCases"]
    assert sorted(ids(cases)) == sorted(row.id for row in stored)
    assert {case["clientNik"] for case in cases} == {nik}


async def test_person_institution_placements_are_forbidden_without_institutions_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _placed_nik(databases)
    body = await caller(scopes=_all_but("institutions:pii")).post(PERSON_PLACEMENTS, {"nik": nik})
    assert body["data"]["person"]["id"]
    assert body["data"]["person"]["institutionPlacements"] is None
    assert codes_at(body) == {("person", "institutionPlacements"): "FORBIDDEN"}


async def test_person_institution_placements_are_the_stored_ones_with_institutions_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik = await _placed_nik(databases)
    stored = await databases.rows(
        "institutions", "SELECT id FROM placements WHERE resident_nik = :n", n=nik
    )
    data = await caller(scopes=READS | {"institutions:pii"}).data(PERSON_PLACEMENTS, {"nik": nik})
    placements = data["person"]["institutionPlacements"]
    assert sorted(ids(placements)) == sorted(row.id for row in stored)
    assert {placement["residentNik"] for placement in placements} == {nik}


async def test_institution_residents_are_forbidden_without_institutions_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    key = await _housing_institution(databases)
    niks = await databases.rows(
        "institutions", "SELECT resident_nik FROM placements WHERE institution_id = :k", k=key
    )
    body = await caller(scopes=_all_but("institutions:pii")).post(RESIDENTS, {"id": str(key)})
    assert body["data"]["institution"]["name"]
    assert body["data"]["institution"]["residents"] is None
    assert codes_at(body) == {("institution", "residents"): "FORBIDDEN"}
    assert not any(row.resident_nik in str(body) for row in niks)


async def test_institution_residents_are_the_stored_placements_with_institutions_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    key = await _housing_institution(databases)
    stored = await databases.rows(
        "institutions",
        "SELECT id, resident_nik, reason FROM placements WHERE institution_id = :k",
        k=key,
    )
    data = await caller(scopes=READS | {"institutions:pii"}).data(RESIDENTS, {"id": str(key)})
    shown = {
        int(item["id"]): (item["residentNik"], item["reason"])
        for item in data["institution"]["residents"]
    }
    assert shown == {row.id: (row.resident_nik, row.reason) for row in stored}


async def test_rehabilitation_case_list_is_forbidden_without_regional_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    niks = await databases.rows("regional", "SELECT client_nik FROM rehabilitation_cases")
    body = await caller(scopes=_all_but("regional:pii")).post(CASES)
    assert body["data"]["rehabilitationCases"] is None
    assert codes_at(body) == {("rehabilitationCases",): "FORBIDDEN"}
    assert not any(row.client_nik in str(body) for row in niks)


async def test_rehabilitation_case_list_shows_stored_client_niks_with_regional_pii(
    caller: Caller, databases: SourceDatabases
) -> None:
    stored = await databases.rows("regional", "SELECT id, client_nik FROM rehabilitation_cases")
    data = await caller(scopes=READS | {"regional:pii"}).data(CASES)
    shown = {int(node["id"]): node["clientNik"] for node in nodes(data["rehabilitationCases"])}
    assert shown == {row.id: row.client_nik for row in stored}
