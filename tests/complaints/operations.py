"""The GraphQL operations the complaint tests share, and the inputs they send."""

from typing import Any

from tests.complaints.support import new_key

FILE_COMPLAINT = """
mutation File($input: FileComplaintInput!) {
  fileComplaint(input: $input) {
    __typename
    ... on ComplaintFiled { replayed complaint { id kind status filedOn dueOn resolvedOn } }
    ... on MutationError { code message }
    ... on InvalidInput { field }
  }
}
"""

CEK_BANSOS = """
query Cek($regionCode: RegionCode!, $name: String!) {
  cekBansos(regionCode: $regionCode, name: $name) {
    capped
    matches {
      name village
      programmes { programme enrolmentStatus latestPeriod latestDisbursementStatus }
    }
  }
}
"""

RESOLVE_COMPLAINT = """
mutation Resolve($input: ResolveComplaintInput!) {
  resolveComplaint(input: $input) {
    __typename
    ... on ComplaintResolved { replayed complaint { id status resolvedOn } }
    ... on MutationError { code message }
    ... on IllegalTransition { state }
    ... on InvalidInput { field }
  }
}
"""

PENGADUAN = "Bantuan Sembako bulan ini belum diterima keluarga kami."
SANGGAH = "Keluarga ini mampu dan tidak layak menerima bantuan PKH."


def pengaduan(village_code: str, **more: Any) -> dict[str, Any]:
    return {
        "input": {"kind": "PENGADUAN", "villageCode": village_code, "summary": PENGADUAN, **more}
    }


def sanggah(village_code: str, household_id: int, **more: Any) -> dict[str, Any]:
    return {
        "input": {
            "kind": "SANGGAH",
            "villageCode": village_code,
            "summary": SANGGAH,
            "householdId": str(household_id),
            **more,
        }
    }


NOTE = "Diverifikasi ulang oleh pendamping; sanggah ditindaklanjuti."


def resolution(complaint_id: int | str, outcome: str = "SELESAI", **more: Any) -> dict[str, Any]:
    return {
        "input": {
            "complaintId": str(complaint_id),
            "resolution": outcome,
            "note": NOTE,
            "idempotencyKey": new_key(),
            **more,
        }
    }
