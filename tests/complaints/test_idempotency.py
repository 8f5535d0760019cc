from collections.abc import Callable
from typing import Any

from tests.complaints.operations import FILE_COMPLAINT, pengaduan
from tests.complaints.support import Household, new_key, outcome
from tests.conftest import GraphQLClient, SourceDatabases

SUMMARY = "Kartu Keluarga Sejahtera hilang; pengaduan dengan kunci {key}."


def keyed(household: Household, key: str, summary: str) -> dict[str, Any]:
    return pengaduan(household.village_code, summary=summary, idempotencyKey=key)


async def test_retried_filing_answers_the_first_result_as_a_replay(
    office: Callable[..., GraphQLClient], listed: Household
) -> None:
    key = new_key()
    variables = keyed(listed, key, SUMMARY.format(key=key))
    filer = office(listed.regency)

    first = outcome(await filer.post(FILE_COMPLAINT, variables), "fileComplaint")
    retry = outcome(await filer.post(FILE_COMPLAINT, variables), "fileComplaint")

    assert (first["replayed"], retry["replayed"]) == (False, True)
    assert retry["complaint"] == first["complaint"]


async def test_retried_filing_stores_one_complaint(
    office: Callable[..., GraphQLClient], listed: Household, databases: SourceDatabases
) -> None:
    key = new_key()
    summary = SUMMARY.format(key=key)
    filer = office(listed.regency)

    for _ in range(3):
        await filer.post(FILE_COMPLAINT, keyed(listed, key, summary))

    count = "SELECT count(*) FROM complaints WHERE summary = :summary"
    assert await databases.value("regional", count, summary=summary) == 1


async def test_key_reused_with_another_summary_is_refused(
    office: Callable[..., GraphQLClient], listed: Household
) -> None:
    key = new_key()
    filer = office(listed.regency)
    await filer.post(FILE_COMPLAINT, keyed(listed, key, SUMMARY.format(key=key)))

    reused = await filer.post(FILE_COMPLAINT, keyed(listed, key, SUMMARY.format(key="other")))

    answer = outcome(reused, "fileComplaint")
    assert (answer["__typename"], answer["code"]) == (
        "IdempotencyKeyReused",
        "IDEMPOTENCY_KEY_REUSED",
    )
