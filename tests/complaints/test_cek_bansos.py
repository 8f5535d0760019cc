import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from auth.masking import mask_name
from resolvers.registry import public_lookup
from resolvers.wilayah import gazetteer
from tests.complaints.operations import CEK_BANSOS
from tests.complaints.support import error_code
from tests.conftest import GraphQLClient, SourceDatabases, statements

AUDITED = """
query Audited($subject: String) { auditLog(filter: {subject: $subject}) { totalCount } }
"""

_RECIPIENT = """
SELECT p.name, p.nik, p.birth_date, h.id AS household_id, h.village_code, h.no_kk, h.address
FROM persons p JOIN households h ON h.id = p.household_id
WHERE p.status = 'hidup'
  AND EXISTS (SELECT 1 FROM enrolments e WHERE e.household_id = h.id AND e.status = 'aktif')
  AND EXISTS (SELECT 1 FROM disbursements d WHERE d.household_id = h.id)
  AND (SELECT count(*) FROM persons q WHERE lower(q.name) = lower(p.name)) = 1
ORDER BY p.id LIMIT 1
"""
_ENROLMENTS = """
SELECT id, programme, status FROM enrolments WHERE household_id = :id AND status != 'berakhir'
"""
_DISBURSEMENTS = (
    "SELECT id, enrolment_id, period, status FROM disbursements WHERE household_id = :id"
)
_LIVING = """
SELECT p.name, h.village_code FROM persons p JOIN households h ON h.id = p.household_id
WHERE p.status = 'hidup'
"""


@dataclass(frozen=True)
class Recipient:
    row: Any

    @property
    def district(self) -> str:
        return str(self.row.village_code[:8])


@pytest.fixture(scope="session")
async def recipient(databases: SourceDatabases) -> Recipient:
    """A living person, alone in the registry with that name, whose household receives aid."""
    (row,) = await databases.rows("registry", _RECIPIENT)
    return Recipient(row)


@pytest.fixture(scope="session")
async def words(databases: SourceDatabases) -> Counter[tuple[str, str]]:
    """How many living persons of each district carry each name word."""
    counted: Counter[tuple[str, str]] = Counter()
    for name, village_code in await databases.rows("registry", _LIVING):
        counted.update((village_code[:8], word) for word in set(name.lower().split()))
    return counted


async def expected_programmes(databases: SourceDatabases, household_id: int) -> list[Any]:
    latest: dict[int, Any] = {}
    for paid in await databases.rows("registry", _DISBURSEMENTS, id=household_id):
        known = latest.get(paid.enrolment_id)
        if known is None or (paid.period, paid.id) > (known.period, known.id):
            latest[paid.enrolment_id] = paid
    programmes = []
    for enrolment in await databases.rows("registry", _ENROLMENTS, id=household_id):
        paid = latest.get(enrolment.id)
        programmes.append(
            {
                "programme": enrolment.programme.upper(),
                "enrolmentStatus": enrolment.status.upper(),
                "latestPeriod": paid and paid.period,
                "latestDisbursementStatus": paid and paid.status.upper(),
            }
        )
    return sorted(programmes, key=lambda programme: programme["programme"])


async def look_up(client: GraphQLClient, region_code: str, name: str) -> dict[str, Any]:
    data = await client.data(CEK_BANSOS, {"regionCode": region_code, "name": name})
    answer: dict[str, Any] = data["cekBansos"]
    return answer


async def test_finds_a_recipient_by_full_name_in_their_village(
    public: GraphQLClient, recipient: Recipient, databases: SourceDatabases
) -> None:
    row = recipient.row

    found = await look_up(public, row.village_code, row.name)

    assert found["capped"] is False
    (match,) = found["matches"]
    assert match["name"] == mask_name(row.name)
    assert match["village"] == gazetteer().get(row.village_code).name  # type: ignore[union-attr]
    programmes = sorted(match["programmes"], key=lambda programme: programme["programme"])
    assert programmes == await expected_programmes(databases, row.household_id)


async def test_finds_a_recipient_by_full_name_in_their_district(
    public: GraphQLClient, recipient: Recipient
) -> None:
    found = await look_up(public, recipient.district, recipient.row.name)

    assert [match["name"] for match in found["matches"]] == [mask_name(recipient.row.name)]


async def test_ignores_case_and_extra_spaces_in_the_name(
    public: GraphQLClient, recipient: Recipient
) -> None:
    shouted = "  " + "   ".join(recipient.row.name.upper().split()) + " "

    found = await look_up(public, recipient.row.village_code, shouted)

    assert len(found["matches"]) == 1


async def test_finds_nothing_for_the_same_name_in_another_district(
    public: GraphQLClient, recipient: Recipient, databases: SourceDatabases
) -> None:
    other = await databases.value(
        "registry",
        "SELECT substr(village_code, 1, 8) FROM households"
        " WHERE substr(village_code, 1, 8) != :district ORDER BY id LIMIT 1",
        district=recipient.district,
    )

    found = await look_up(public, other, recipient.row.name)

    assert found == {"capped": False, "matches": []}


async def test_one_name_word_finds_everyone_of_the_district_with_that_word(
    public: GraphQLClient, words: Counter[tuple[str, str]]
) -> None:
    (district, word), count = max(
        (item for item in words.items() if item[1] <= public_lookup.MAX_MATCHES),
        key=lambda item: item[1],
    )

    found = await look_up(public, district, word)

    assert count > 1
    assert len(found["matches"]) == count
    assert found["capped"] is False


async def test_part_of_a_name_word_finds_nothing(
    public: GraphQLClient, recipient: Recipient, words: Counter[tuple[str, str]]
) -> None:
    longest = max(recipient.row.name.split(), key=len)
    fragment = longest[:-2]
    assert len(fragment) >= 3
    assert (recipient.district, fragment.lower()) not in words

    found = await look_up(public, recipient.district, fragment)

    assert found["matches"] == []


async def test_caps_the_matches_and_says_so(
    public: GraphQLClient, words: Counter[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    (district, word), _count = words.most_common(1)[0]
    monkeypatch.setattr(public_lookup, "MAX_MATCHES", 2)

    found = await look_up(public, district, word)

    assert found["capped"] is True
    assert len(found["matches"]) == 2


async def test_answer_holds_no_nik_no_kk_birth_date_or_address(
    public: GraphQLClient, recipient: Recipient
) -> None:
    row = recipient.row

    body = await public.post(CEK_BANSOS, {"regionCode": recipient.district, "name": row.name})

    text = json.dumps(body)
    assert body["data"]["cekBansos"]["matches"]
    assert not re.search(r"\d{16}", text)
    for stored in (row.nik, row.no_kk, str(row.birth_date), row.address, row.name):
        assert stored not in text


async def test_lookup_runs_at_most_two_registry_statements(
    public: GraphQLClient, words: Counter[tuple[str, str]]
) -> None:
    (district, word), _count = words.most_common(1)[0]

    body = await public.post(CEK_BANSOS, {"regionCode": district, "name": word})

    assert len(statements(body, "registry")) <= 2


async def test_lookup_is_not_on_the_audit_log(
    public: GraphQLClient, client: GraphQLClient, recipient: Recipient
) -> None:
    subject = {"subject": recipient.row.nik}
    before = (await client.data(AUDITED, subject))["auditLog"]["totalCount"]

    await look_up(public, recipient.row.village_code, recipient.row.name)

    assert (await client.data(AUDITED, subject))["auditLog"]["totalCount"] == before


@pytest.mark.parametrize("name", ["ab", "  a  ", "S"])
async def test_refuses_names_shorter_than_three_characters(
    public: GraphQLClient, recipient: Recipient, name: str
) -> None:
    body = await public.post(CEK_BANSOS, {"regionCode": recipient.district, "name": name})

    assert error_code(body) == "BAD_USER_INPUT"


@pytest.mark.parametrize("wildcard", ["%", "_", "*", "?"])
async def test_refuses_wildcards(
    public: GraphQLClient, recipient: Recipient, wildcard: str
) -> None:
    name = f"Sit{wildcard}"

    body = await public.post(CEK_BANSOS, {"regionCode": recipient.district, "name": name})

    assert error_code(body) == "BAD_USER_INPUT"


@pytest.mark.parametrize("width", [2, 5], ids=["province", "regency"])
async def test_refuses_province_and_regency_codes(
    public: GraphQLClient, recipient: Recipient, width: int
) -> None:
    code = recipient.row.village_code[:width]

    body = await public.post(CEK_BANSOS, {"regionCode": code, "name": recipient.row.name})

    assert error_code(body) == "BAD_USER_INPUT"
    assert body["data"]["cekBansos"] is None
