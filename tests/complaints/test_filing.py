import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tests.complaints.operations import FILE_COMPLAINT, PENGADUAN, pengaduan, sanggah
from tests.complaints.support import OFFICE, Household, error_code, new_key, outcome, today
from tests.conftest import GraphQLClient, SourceDatabases

AUDIT_OF = """
query Audit($filter: AuditFilterInput) {
  auditLog(filter: $filter, first: 100) {
    totalCount edges { node { clientId agency subjectKind subject } }
  }
}
"""


async def file(client: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    return outcome(await client.post(FILE_COMPLAINT, variables), "fileComplaint")


async def test_public_files_a_pengaduan_without_a_token(
    public: GraphQLClient, listed: Household
) -> None:
    filed = await file(public, pengaduan(listed.village_code))

    assert filed["__typename"] == "ComplaintFiled"
    assert filed["replayed"] is False
    assert filed["complaint"]["kind"] == "PENGADUAN"
    assert filed["complaint"]["status"] == "DITERIMA"
    assert filed["complaint"]["filedOn"] == today().isoformat()
    assert filed["complaint"]["dueOn"] is None


async def test_public_pengaduan_is_stored_as_filed_by_aplikasi(
    public: GraphQLClient, listed: Household, databases: SourceDatabases
) -> None:
    filed = await file(public, pengaduan(listed.village_code))

    (row,) = await databases.rows(
        "regional",
        "SELECT channel, village_code, summary FROM complaints WHERE id = :id",
        id=int(filed["complaint"]["id"]),
    )
    assert (row.channel, row.village_code, row.summary) == (
        "aplikasi",
        listed.village_code,
        PENGADUAN,
    )


async def test_sanggah_from_the_household_village_is_due_fourteen_days_after_filing(
    public: GraphQLClient, listed: Household
) -> None:
    filed = await file(public, sanggah(listed.village_code, listed.id))

    complaint = filed["complaint"]
    assert complaint["kind"] == "SANGGAH"
    filed_on = datetime.date.fromisoformat(complaint["filedOn"])
    assert datetime.date.fromisoformat(complaint["dueOn"]) == filed_on + datetime.timedelta(days=14)


async def test_sanggah_from_another_village_is_refused_like_one_about_an_unknown_household(
    public: GraphQLClient, listed: Household, elsewhere: str
) -> None:
    mismatched = await file(public, sanggah(elsewhere, listed.id))
    unknown = await file(public, sanggah(elsewhere, 987_654_321))

    assert mismatched["__typename"] == "InvalidInput"
    assert mismatched["field"] == "householdId"
    assert mismatched == unknown


async def test_sanggah_about_a_household_without_a_programme_is_refused_alike(
    public: GraphQLClient, unlisted: Household
) -> None:
    not_listed = await file(public, sanggah(unlisted.village_code, unlisted.id))
    unknown = await file(public, sanggah(unlisted.village_code, 987_654_321))

    assert not_listed["__typename"] == "InvalidInput"
    assert not_listed == unknown


async def test_sanggah_without_a_household_is_refused(
    public: GraphQLClient, listed: Household
) -> None:
    variables = pengaduan(listed.village_code)
    variables["input"]["kind"] = "SANGGAH"

    refused = await file(public, variables)

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "householdId")


@pytest.mark.parametrize("length", [9, 2001], ids=["too-short", "too-long"])
async def test_summary_outside_ten_to_two_thousand_characters_is_refused(
    public: GraphQLClient, listed: Household, length: int
) -> None:
    variables = pengaduan(listed.village_code, summary="a" * length)

    refused = await file(public, variables)

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "summary")


async def test_a_district_code_is_refused_as_the_village(
    public: GraphQLClient, listed: Household
) -> None:
    refused = await file(public, pengaduan(listed.village_code[:8]))

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "villageCode")


async def test_an_unknown_village_code_is_bad_user_input(public: GraphQLClient) -> None:
    body = await public.post(FILE_COMPLAINT, pengaduan("32.04.05.9999"))

    assert error_code(body) == "BAD_USER_INPUT"


async def test_public_cannot_use_an_idempotency_key(
    public: GraphQLClient, listed: Household
) -> None:
    refused = await file(public, pengaduan(listed.village_code, idempotencyKey=new_key()))

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "idempotencyKey")


async def test_office_files_in_its_regency_by_kantor(
    office: Callable[..., GraphQLClient], listed: Household, databases: SourceDatabases
) -> None:
    filed = await file(office(listed.regency), sanggah(listed.village_code, listed.id))

    channel = await databases.value(
        "regional",
        "SELECT channel FROM complaints WHERE id = :id",
        id=int(filed["complaint"]["id"]),
    )
    assert channel == "kantor"


async def test_office_cannot_file_outside_its_regions(
    office: Callable[..., GraphQLClient], listed: Household, elsewhere: str
) -> None:
    refused = await file(office(listed.regency), pengaduan(elsewhere))

    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "villageCode")


async def test_partner_without_regional_write_is_forbidden(
    caller: Callable[..., GraphQLClient], listed: Household
) -> None:
    partner = caller(scopes=["regional:read"], regions=[listed.regency])

    body = await partner.post(FILE_COMPLAINT, pengaduan(listed.village_code))

    assert error_code(body) == "FORBIDDEN"
    assert body["data"]["fileComplaint"] is None


async def test_office_filing_is_on_the_audit_log(
    office: Callable[..., GraphQLClient], client: GraphQLClient, listed: Household
) -> None:
    async def records(**where: str) -> dict[str, Any]:
        data = await client.data(AUDIT_OF, {"filter": {"clientId": OFFICE, **where}})
        return dict(data["auditLog"])

    before = await records()
    filed = await file(office(listed.regency), pengaduan(listed.village_code))
    complaint_id = filed["complaint"]["id"]

    # One record more, the complaint's: the newest of its subject (ids come again once a
    # test's complaints are removed, and both modes share the hub's audit log).
    assert (await records())["totalCount"] == before["totalCount"] + 1
    assert (await records(subject=complaint_id))["edges"][-1]["node"] == {
        "clientId": OFFICE,
        "agency": "regional",
        "subjectKind": "complaint",
        "subject": complaint_id,
    }
