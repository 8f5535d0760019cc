"""A regency caller never reaches another region's record: by id, by cursor, by filter, by link."""

from tests.access.support import REGENCY, Caller, ids, nodes, under
from tests.conftest import EVERY_SCOPE, GraphQLClient, SourceDatabases

HOUSEHOLD = "query($id: ID!) { household(id: $id) { id noKk members { id nik } } }"
PERSON = "query($nik: NIK!) { person(nik: $nik) { id name recordsWithSameNik } }"
PERSON_CASES = """
query($nik: NIK!) {
  person(nik: $nik) { id name rehabilitationCases { id villageCode } }
}
"""
CASE_PEOPLE = """
{ rehabilitationCases { edges { node { id clientNik person { id name household { id } } } } } }
"""
INSTITUTION = "query($id: ID!) { institution(id: $id) { id name residents { id } } }"
EVENT = "query($id: ID!) { disasterEvent(id: $id) { id name regions { code } } }"
HOUSEHOLD_PAGE = """
query($after: String, $region: RegionCode, $first: Int = 500) {
  households(first: $first, after: $after, filter: {regionCode: $region}) {
    totalCount pageInfo { endCursor } edges { node { id villageCode } }
  }
}
"""
OFFICE = "query($code: RegionCode!) { region(code: $code) { code socialOffice { id regionCode } } }"


async def _outside_household(databases: SourceDatabases) -> int:
    key: int = await databases.value(
        "registry",
        "SELECT id FROM households WHERE village_code NOT LIKE :p ORDER BY id",
        p=f"{REGENCY}.%",
    )
    return key


async def _regency_households(databases: SourceDatabases) -> list[int]:
    rows = await databases.rows(
        "registry", "SELECT id FROM households WHERE village_code LIKE :p", p=f"{REGENCY}.%"
    )
    return sorted(row.id for row in rows)


async def _split_nik(databases: SourceDatabases) -> tuple[str, int, int]:
    """A NIK held by a person in the regency and by another outside it: (nik, in, out)."""
    rows = await databases.rows(
        "registry",
        "SELECT p.nik, p.id, h.village_code FROM persons p"
        " JOIN households h ON h.id = p.household_id"
        " WHERE p.nik IN (SELECT nik FROM persons GROUP BY nik HAVING count(*) > 1)",
    )
    for row in rows:
        if under(row.village_code, REGENCY):
            others = [o.id for o in rows if o.nik == row.nik and not under(o.village_code, REGENCY)]
            if others:
                return row.nik, row.id, others[0]
    raise AssertionError(f"the seed has no NIK shared between {REGENCY} and elsewhere")


# -- by id ----------------------------------------------------------------------------------


async def test_regency_token_cannot_see_other_regency_household(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await _outside_household(databases)
    assert (await client.data(HOUSEHOLD, {"id": str(key)}))["household"]
    body = await regency.post(HOUSEHOLD, {"id": str(key)})
    assert body["data"] == {"household": None}
    assert "errors" not in body


async def test_regency_token_cannot_see_other_regency_person_by_nik(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    nik = await databases.value(
        "registry",
        "SELECT p.nik FROM persons p JOIN households h ON h.id = p.household_id"
        " WHERE h.village_code NOT LIKE :p"
        " AND (SELECT count(*) FROM persons q WHERE q.nik = p.nik) = 1",
        p=f"{REGENCY}.%",
    )
    assert (await client.data(PERSON, {"nik": nik}))["person"]
    body = await regency.post(PERSON, {"nik": nik})
    assert body["data"] == {"person": None}
    assert "errors" not in body


async def test_shared_nik_shows_the_regency_only_its_own_record(
    regency: GraphQLClient, databases: SourceDatabases
) -> None:
    nik, inside, outside = await _split_nik(databases)
    other = await databases.value("registry", "SELECT name FROM persons WHERE id = :k", k=outside)
    body = await regency.post(PERSON, {"nik": nik})
    assert body["data"]["person"]["id"] == str(inside)
    assert body["data"]["person"]["recordsWithSameNik"] == 1
    assert other not in str(body)


async def test_regency_token_cannot_see_other_regency_institution(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await databases.value(
        "institutions",
        "SELECT id FROM institutions WHERE village_code NOT LIKE :p",
        p=f"{REGENCY}.%",
    )
    assert (await client.data(INSTITUTION, {"id": str(key)}))["institution"]
    body = await regency.post(INSTITUTION, {"id": str(key)})
    assert body["data"] == {"institution": None}
    assert "errors" not in body


async def test_regency_token_cannot_see_a_disaster_elsewhere(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await databases.value(
        "logistics",
        "SELECT id FROM disaster_events WHERE id NOT IN (SELECT event_id FROM event_regions"
        " WHERE region_code = '32' OR region_code = :r OR region_code LIKE :p)",
        r=REGENCY,
        p=f"{REGENCY}.%",
    )
    assert (await client.data(EVENT, {"id": str(key)}))["disasterEvent"]
    body = await regency.post(EVENT, {"id": str(key)})
    assert body["data"] == {"disasterEvent": None}
    assert "errors" not in body


# -- by cursor and by filter ------------------------------------------------------------------


async def test_cursor_from_another_province_yields_only_regency_rows(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    far = await client.data(HOUSEHOLD_PAGE, {"region": "35", "first": 5})
    cursor = far["households"]["pageInfo"]["endCursor"]
    last = ids(nodes(far["households"]))[-1]
    data = await regency.data(HOUSEHOLD_PAGE, {"after": cursor})
    expected = [key for key in await _regency_households(databases) if key > last]
    assert expected
    assert ids(nodes(data["households"])) == expected
    assert all(under(node["villageCode"], REGENCY) for node in nodes(data["households"]))


async def test_cursor_from_another_province_does_not_change_the_regency_total(
    regency: GraphQLClient, client: GraphQLClient, databases: SourceDatabases
) -> None:
    far = await client.data(HOUSEHOLD_PAGE, {"region": "73", "first": 5})
    data = await regency.data(HOUSEHOLD_PAGE, {"after": far["households"]["pageInfo"]["endCursor"]})
    assert data["households"]["totalCount"] == len(await _regency_households(databases))


async def test_region_filter_above_the_token_stays_inside_the_token(
    regency: GraphQLClient, databases: SourceDatabases
) -> None:
    data = await regency.data(HOUSEHOLD_PAGE, {"region": "32"})
    expected = await _regency_households(databases)
    assert data["households"]["totalCount"] == len(expected)
    assert ids(nodes(data["households"])) == expected


# -- by link --------------------------------------------------------------------------------


async def test_social_office_of_another_regency_is_null_without_error(
    regency: GraphQLClient, databases: SourceDatabases
) -> None:
    code = await databases.value(
        "regional",
        "SELECT region_code FROM social_offices"
        " WHERE region_code LIKE '32.%' AND region_code != :r",
        r=REGENCY,
    )
    body = await regency.post(OFFICE, {"code": code})
    assert body["data"]["region"] == {"code": code, "socialOffice": None}
    assert "errors" not in body


async def test_social_office_of_another_province_is_null_without_error(
    regency: GraphQLClient,
) -> None:
    body = await regency.post(OFFICE, {"code": "35"})
    assert body["data"]["region"]["socialOffice"] is None
    assert "errors" not in body


async def test_social_offices_of_the_regency_and_its_province_serve_it(
    regency: GraphQLClient,
) -> None:
    for code in (REGENCY, "32"):
        office = (await regency.data(OFFICE, {"code": code}))["region"]["socialOffice"]
        assert office is not None and office["regionCode"] == code


async def test_household_members_are_exactly_the_stored_members(
    regency: GraphQLClient, databases: SourceDatabases
) -> None:
    key = (await _regency_households(databases))[0]
    stored = await databases.rows(
        "registry", "SELECT id, nik FROM persons WHERE household_id = :k ORDER BY id", k=key
    )
    data = await regency.data(HOUSEHOLD, {"id": str(key)})
    assert [(int(m["id"]), m["nik"]) for m in data["household"]["members"]] == [
        (row.id, row.nik) for row in stored
    ]


async def test_person_rehabilitation_cases_leave_out_cases_of_another_regency(
    regency: GraphQLClient, databases: SourceDatabases
) -> None:
    nik, inside, _ = await _split_nik(databases)
    cases = await databases.rows(
        "regional", "SELECT id, village_code FROM rehabilitation_cases WHERE client_nik = :n", n=nik
    )
    data = await regency.data(PERSON_CASES, {"nik": nik})
    shown = data["person"]["rehabilitationCases"]
    assert data["person"]["id"] == str(inside)
    assert sorted(ids(shown)) == sorted(c.id for c in cases if under(c.village_code, REGENCY))
    assert any(not under(c.village_code, REGENCY) for c in cases), "no case elsewhere to hide"


async def test_case_person_is_the_record_of_the_case_region(
    caller: Caller, databases: SourceDatabases
) -> None:
    nik, inside, outside = await _split_nik(databases)
    case = (
        await databases.rows(
            "regional",
            "SELECT id, village_code FROM rehabilitation_cases WHERE client_nik = :n",
            n=nik,
        )
    )[0]
    region = case.village_code[:5]
    data = await caller(scopes=EVERY_SCOPE, regions=[region]).data(CASE_PEOPLE)
    people = {node["id"]: node["person"] for node in nodes(data["rehabilitationCases"])}
    expected = inside if under(case.village_code, REGENCY) else outside
    assert people[str(case.id)]["id"] == str(expected)
