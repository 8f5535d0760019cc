"""``auditLog`` and ``accessReport`` say who saw whose data, when, which fields and why."""

import datetime
from typing import Any

import pytest

from tests.access.support import READS, SOME_NIK, Caller, codes_at, nodes, request_id
from tests.conftest import EVERY_SCOPE, GraphQLClient, SourceDatabases

READ_PERSON = """
query($nik: NIK!) { person(nik: $nik) { nik name rehabilitationCases { id } } }
"""
AUDIT_LOG = """
query($filter: AuditFilterInput) {
  auditLog(filter: $filter, first: 100) {
    totalCount
    edges { node { id at clientId purpose requestId agency subjectKind subject fields } }
  }
}
"""
ACCESS_REPORT = """
query($nik: NIK!) {
  accessReport(nik: $nik) { nik clients accesses { clientId purpose requestId agency fields at } }
}
"""
PURPOSE = "pemutakhiran DTSEN"


@pytest.fixture(scope="module")
async def subject(databases: SourceDatabases) -> str:
    """A person with a rehabilitation case, so one read touches two agencies."""
    rows = await databases.rows("regional", "SELECT client_nik FROM rehabilitation_cases")
    for row in rows:
        found = await databases.rows("registry", "SELECT id FROM persons WHERE nik = :n", n=row[0])
        if len(found) == 1:
            return str(row[0])
    raise AssertionError("no rehabilitation client with a single registry record")


@pytest.fixture(scope="module")
def auditor(caller: Caller) -> GraphQLClient:
    return caller(scopes=["audit:read"])


async def _read_as(caller: Caller, client_id: str, nik: str) -> str:
    rid = request_id()
    reader = caller(
        scopes=READS | {"registry:pii", "regional:pii"}, subject=client_id, purpose=PURPOSE
    )
    await reader.post(READ_PERSON, {"nik": nik}, headers={"X-Request-ID": rid})
    return rid


async def _log(auditor: GraphQLClient, **filter: Any) -> dict[str, Any]:
    data = await auditor.data(AUDIT_LOG, {"filter": filter})
    log: dict[str, Any] = data["auditLog"]
    return log


def _stamp(moment: datetime.datetime) -> str:
    return moment.isoformat()


async def test_audit_log_tells_who_read_which_fields_why_and_in_which_request(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    rid = await _read_as(caller, "log-who", subject)
    log = await _log(auditor, subject=subject, clientId="log-who", agency="registry")
    [record] = nodes(log)
    assert (record["clientId"], record["purpose"], record["requestId"]) == ("log-who", PURPOSE, rid)
    assert (record["subjectKind"], record["subject"]) == ("nik", subject)
    assert sorted(record["fields"]) == ["name", "nik"]
    assert log["totalCount"] == 1


async def test_audit_log_filter_by_agency_keeps_only_that_agency(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    await _read_as(caller, "log-agency", subject)
    everything = await _log(auditor, clientId="log-agency")
    regional = await _log(auditor, clientId="log-agency", agency="regional")
    assert sorted(record["agency"] for record in nodes(everything)) == ["regional", "registry"]
    assert [record["fields"] for record in nodes(regional)] == [["rehabilitationCases"]]


async def test_audit_log_since_and_until_bound_the_window(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    before = datetime.datetime.now(datetime.UTC)
    await _read_as(caller, "log-window", subject)
    after = datetime.datetime.now(datetime.UTC)
    inside = await _log(auditor, clientId="log-window", since=_stamp(before), until=_stamp(after))
    late = await _log(auditor, clientId="log-window", since=_stamp(after))
    early = await _log(auditor, clientId="log-window", until=_stamp(before))
    assert inside["totalCount"] == 2
    assert late["totalCount"] == 0 and early["totalCount"] == 0


async def test_audit_log_filter_by_another_client_does_not_show_this_one(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    await _read_as(caller, "log-mine", subject)
    others = await _log(auditor, subject=subject, clientId="log-nobody")
    assert others == {"totalCount": 0, "edges": []}


async def test_access_report_lists_every_client_that_saw_the_person(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    first = await _read_as(caller, "report-first", subject)
    second = await _read_as(caller, "report-second", subject)
    report = (await auditor.data(ACCESS_REPORT, {"nik": subject}))["accessReport"]
    assert report["nik"] == subject
    assert {"report-first", "report-second"} <= set(report["clients"])
    seen = {(a["clientId"], a["requestId"], a["agency"]) for a in report["accesses"]}
    assert {("report-first", first, "registry"), ("report-second", second, "regional")} <= seen


async def test_access_report_says_why_and_when(
    caller: Caller, auditor: GraphQLClient, subject: str
) -> None:
    rid = await _read_as(caller, "report-why", subject)
    report = (await auditor.data(ACCESS_REPORT, {"nik": subject}))["accessReport"]
    mine = [a for a in report["accesses"] if a["requestId"] == rid]
    assert len(mine) == 2
    assert all(a["purpose"] == PURPOSE and a["at"] for a in mine)


async def test_access_report_of_an_unread_person_is_empty(auditor: GraphQLClient) -> None:
    report = (await auditor.data(ACCESS_REPORT, {"nik": SOME_NIK}))["accessReport"]
    assert report["accesses"] == [] and report["clients"] == []


@pytest.mark.parametrize("query", [AUDIT_LOG, ACCESS_REPORT], ids=["auditLog", "accessReport"])
async def test_audit_queries_refuse_a_regional_token_even_with_audit_read(
    caller: Caller, query: str, subject: str
) -> None:
    body = await caller(scopes=EVERY_SCOPE, regions=["32"]).post(
        query, {"nik": subject, "filter": {}}
    )
    field = "auditLog" if query is AUDIT_LOG else "accessReport"
    assert body["data"] == {field: None}
    assert codes_at(body) == {(field,): "FORBIDDEN"}
    assert subject not in str(body)


@pytest.mark.parametrize("query", [AUDIT_LOG, ACCESS_REPORT], ids=["auditLog", "accessReport"])
async def test_audit_queries_refuse_a_national_token_without_audit_read(
    caller: Caller, query: str, subject: str
) -> None:
    body = await caller(scopes=EVERY_SCOPE - {"audit:read"}).post(
        query, {"nik": subject, "filter": {}}
    )
    field = "auditLog" if query is AUDIT_LOG else "accessReport"
    assert body["data"] == {field: None}
    assert codes_at(body) == {(field,): "FORBIDDEN"}


@pytest.mark.parametrize("query", [AUDIT_LOG, ACCESS_REPORT], ids=["auditLog", "accessReport"])
async def test_audit_queries_refuse_an_anonymous_caller(
    anonymous: GraphQLClient, query: str, subject: str
) -> None:
    body = await anonymous.post(query, {"nik": subject, "filter": {}})
    field = "auditLog" if query is AUDIT_LOG else "accessReport"
    assert body["data"] is None or body["data"] == {field: None}
    assert codes_at(body) == {(field,): "UNAUTHENTICATED"}
