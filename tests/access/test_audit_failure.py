"""If the audit log cannot be written, personal data does not leave; under load it stays chained."""

import asyncio
from pathlib import Path
from typing import Any

import pytest

from gateway.settings import Settings, sqlite_url
from tests.access.support import READS, OwnHub, audit_rows, codes_at, execute, own_hub, request_id
from tests.conftest import SourceDatabases

PERSON = "query($nik: NIK!) { person(nik: $nik) { nik name birthDate } }"
PERSON_AND_COUNT = "query($nik: NIK!) { households { totalCount } person(nik: $nik) { nik } }"
CONCURRENT = 20
REFUSE_WRITES = (
    "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit storage refuses writes'); END"
)


@pytest.fixture(scope="module")
async def niks(databases: SourceDatabases) -> list[str]:
    rows = await databases.rows(
        "registry",
        "SELECT nik FROM persons GROUP BY nik HAVING count(*) = 1 ORDER BY min(id) LIMIT :n",
        n=CONCURRENT,
    )
    return [row.nik for row in rows]


@pytest.fixture(params=["dropped", "refusing"])
async def broken_hub(request: pytest.FixtureRequest, fresh_hub: OwnHub) -> OwnHub:
    """A hub whose audit log has been dropped, or refuses every insert."""
    sql = "DROP TABLE audit_log" if request.param == "dropped" else REFUSE_WRITES
    await execute(fresh_hub.engine, sql)
    return fresh_hub


def _pii(hub: OwnHub, subject: str = "failure-reader") -> Any:
    return hub.client(scopes=READS | {"registry:pii"}, subject=subject)


async def test_pii_read_is_withheld_when_the_audit_log_cannot_be_written(
    broken_hub: OwnHub, niks: list[str]
) -> None:
    body = await _pii(broken_hub).post(PERSON, {"nik": niks[0]})
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["INTERNAL"]


async def test_withheld_answer_carries_no_trace_of_the_personal_data(
    broken_hub: OwnHub, databases: SourceDatabases, niks: list[str]
) -> None:
    name = await databases.value("registry", "SELECT name FROM persons WHERE nik = :n", n=niks[0])
    body = await _pii(broken_hub).post(PERSON, {"nik": niks[0]})
    assert niks[0] not in str(body) and name not in str(body)


async def test_withheld_answer_drops_the_other_fields_of_the_request_too(
    broken_hub: OwnHub, niks: list[str]
) -> None:
    body = await _pii(broken_hub).post(PERSON_AND_COUNT, {"nik": niks[0]})
    assert body["data"] is None
    assert codes_at(body) == {(): "INTERNAL"}


async def test_masked_read_still_answers_when_the_audit_log_cannot_be_written(
    broken_hub: OwnHub, niks: list[str]
) -> None:
    body = await broken_hub.client(scopes=READS).post(PERSON, {"nik": niks[0]})
    assert "errors" not in body
    assert body["data"]["person"]["nik"] != niks[0]
    assert body["data"]["person"]["nik"].endswith(niks[0][-4:])


async def test_withheld_answer_names_the_request_for_the_operators(
    broken_hub: OwnHub, niks: list[str]
) -> None:
    rid = request_id()
    body = await _pii(broken_hub).post(PERSON, {"nik": niks[0]}, headers={"X-Request-ID": rid})
    assert body["errors"][0]["extensions"]["requestId"] == rid


async def test_withheld_answer_is_a_500_without_data_under_graphql_response_json(
    broken_hub: OwnHub, niks: list[str]
) -> None:
    token = _pii(broken_hub).headers
    response = await broken_hub.http.post(
        "/graphql",
        json={"query": PERSON, "variables": {"nik": niks[0]}},
        headers={**token, "Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "data" not in body
    assert [error["extensions"]["code"] for error in body["errors"]] == ["INTERNAL"]
    assert niks[0] not in response.text


# -- many readers at once ---------------------------------------------------------------------


async def test_concurrent_pii_reads_each_leave_one_row(fresh_hub: OwnHub, niks: list[str]) -> None:
    client = _pii(fresh_hub, "concurrent-reader")
    bodies = await asyncio.gather(*(client.post(PERSON, {"nik": nik}) for nik in niks))
    assert all("errors" not in body for body in bodies)
    rows = await audit_rows(fresh_hub.engine)
    assert sorted(row.subject for row in rows) == sorted(niks)


async def test_concurrent_pii_reads_leave_a_chain_that_verifies(
    fresh_hub: OwnHub, niks: list[str]
) -> None:
    client = _pii(fresh_hub, "concurrent-reader")
    await asyncio.gather(*(client.post(PERSON, {"nik": nik}) for nik in niks))
    assert await fresh_hub.audit.verify() is None


async def test_two_hub_processes_on_one_audit_log_keep_one_chain(
    settings: Settings, tmp_path: Path, niks: list[str]
) -> None:
    url = sqlite_url(tmp_path / "shared-hub.db")
    async with own_hub(settings, url) as first, own_hub(settings, url) as second:
        readers = [_pii(first, "worker-1"), _pii(second, "worker-2")]
        bodies = await asyncio.gather(
            *(readers[i % 2].post(PERSON, {"nik": nik}) for i, nik in enumerate(niks))
        )
        assert all("errors" not in body for body in bodies)
        assert len(await audit_rows(first.engine)) == len(niks)
        assert await first.audit.verify() is None
