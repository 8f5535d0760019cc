"""Against a regional node the hub writes nothing: filing a complaint (by an office or by
the public without a token), resolving one and recording a verification visit each answer
``WriteNotAccepted``, and the agency's database is unchanged."""

from typing import Any

import httpx
from starlette.applications import Starlette

from tests.complaints.operations import FILE_COMPLAINT, RESOLVE_COMPLAINT, pengaduan
from tests.conftest import SourceDatabases, mint
from tests.verification.support import RECORD

COUNTED = ("complaints", "verification_visits", "idempotency_keys")


async def _post(
    http: httpx.AsyncClient, operation: str, variables: dict[str, Any], token: str | None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": operation, "variables": variables}, headers=headers
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


async def _counts(databases: SourceDatabases) -> dict[str, int]:
    return {
        table: await databases.value("regional", f"SELECT count(*) FROM {table}")
        for table in COUNTED
    }


def _refused(body: dict[str, Any], field: str) -> None:
    result = body["data"][field]
    assert result["__typename"] == "WriteNotAccepted"
    assert result["code"] == "WRITE_NOT_ACCEPTED"
    assert "regional" in result["message"]


async def test_every_regional_write_is_refused_and_nothing_is_written(
    federated_regional: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    app, http = federated_regional
    before = await _counts(databases)
    village = await databases.value("regional", "SELECT min(village_code) FROM complaints")
    open_complaint = await databases.value(
        "regional", "SELECT min(id) FROM complaints WHERE status IN ('diterima', 'diproses')"
    )
    household = await databases.value("regional", "SELECT min(household_id) FROM complaints")
    status_before = await databases.value(
        "regional", "SELECT status FROM complaints WHERE id = :id", id=open_complaint
    )
    token = mint(app)

    public = await _post(http, FILE_COMPLAINT, pengaduan(village), None)
    office = await _post(
        http, FILE_COMPLAINT, pengaduan(village, idempotencyKey="regional-node-0001"), token
    )
    resolution = {
        "input": {
            "complaintId": str(open_complaint),
            "resolution": "SELESAI",
            "note": "Sudah ditindaklanjuti.",
            "idempotencyKey": "regional-node-0002",
        }
    }
    resolved = await _post(http, RESOLVE_COMPLAINT, resolution, token)
    visit = {
        "input": {
            "householdId": str(household),
            "outcome": "ELIGIBLE",
            "visitedOn": "2025-01-02",
            "officer": "Petugas Verval",
            "idempotencyKey": "regional-node-0003",
        }
    }
    recorded = await _post(http, RECORD, visit, token)

    _refused(public, "fileComplaint")
    _refused(office, "fileComplaint")
    _refused(resolved, "resolveComplaint")
    _refused(recorded, "recordVerificationVisit")
    assert await _counts(databases) == before
    status_after = await databases.value(
        "regional", "SELECT status FROM complaints WHERE id = :id", id=open_complaint
    )
    assert status_after == status_before
