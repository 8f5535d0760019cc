"""Registry queries: households, persons, their links, filters and pagination."""

from typing import Any

from tests.conftest import GraphQLClient, SourceDatabases

HOUSEHOLD = """
query Household($id: ID!) {
  household(id: $id) {
    id noKk address villageCode decile status registeredOn
    village { code level parent { code } }
    members { id nik name sex birthDate relationship status household { id } }
    enrolments { programme status components { component yearlyAmount } }
    disbursements { period programme amount channel status }
  }
}
"""

PERSON = """
query Person($nik: NIK!) {
  person(nik: $nik) { nik name recordsWithSameNik household { id } }
}
"""

HOUSEHOLDS = """
query Households($filter: HouseholdFilterInput, $first: Int, $after: String) {
  households(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id villageCode decile status } }
  }
}
"""

PERSONS = """
query Persons($filter: PersonFilterInput, $first: Int, $after: String) {
  persons(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { id sex birthDate status } }
  }
}
"""


async def _first_household_id(databases: SourceDatabases, where: str = "1 = 1") -> int:
    return int(await databases.value("registry", f"SELECT min(id) FROM households WHERE {where}"))


async def test_household_by_id_returns_its_stored_fields(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await _first_household_id(databases)
    stored = (await databases.rows("registry", "SELECT * FROM households WHERE id = :id", id=key))[
        0
    ]
    household = (await client.data(HOUSEHOLD, {"id": str(key)}))["household"]
    assert household["id"] == str(key)
    assert household["noKk"] == stored.no_kk
    assert household["villageCode"] == stored.village_code
    assert household["decile"] == stored.decile
    assert household["status"] == stored.status.upper()
    assert household["village"]["code"] == stored.village_code
    assert household["village"]["level"] == "VILLAGE"
    assert household["village"]["parent"]["code"] == stored.village_code.rsplit(".", 1)[0]


async def test_household_members_are_exactly_the_persons_of_that_household(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await _first_household_id(databases)
    stored = await databases.rows(
        "registry", "SELECT nik FROM persons WHERE household_id = :id ORDER BY id", id=key
    )
    members = (await client.data(HOUSEHOLD, {"id": str(key)}))["household"]["members"]
    assert [m["nik"] for m in members] == [row.nik for row in stored]
    assert {m["household"]["id"] for m in members} == {str(key)}


async def test_household_enrolments_and_disbursements_match_the_registry(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = await _first_household_id(
        databases, "id IN (SELECT household_id FROM enrolments WHERE programme = 'pkh')"
    )
    household = (await client.data(HOUSEHOLD, {"id": str(key)}))["household"]
    stored_components = await databases.rows(
        "registry",
        "SELECT c.component, c.yearly_amount FROM pkh_components c "
        "JOIN enrolments e ON e.id = c.enrolment_id WHERE e.household_id = :id ORDER BY c.id",
        id=key,
    )
    components = [c for e in household["enrolments"] for c in e["components"]]
    assert [(c["component"], c["yearlyAmount"]) for c in components] == [
        (row.component.upper(), row.yearly_amount) for row in stored_components
    ]
    total = await databases.value(
        "registry", "SELECT sum(amount) FROM disbursements WHERE household_id = :id", id=key
    )
    assert sum(d["amount"] for d in household["disbursements"]) == total
    periods = [d["period"] for d in household["disbursements"]]
    assert periods == sorted(periods, reverse=True)


async def test_unknown_household_is_null_without_error(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLD, {"id": "987654321"})
    assert body["data"] == {"household": None}
    assert "errors" not in body


async def test_household_id_beyond_the_id_range_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLD, {"id": "2147483648"})
    assert body["data"] == {"household": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}


async def test_malformed_household_id_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLD, {"id": "1; DROP TABLE households"})
    assert body["data"] == {"household": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}


async def test_person_by_nik_reports_duplicate_records(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    duplicated = await databases.rows(
        "registry", "SELECT nik, count(*) AS n FROM persons GROUP BY nik HAVING count(*) > 1"
    )
    assert duplicated, "the seed plants duplicate NIKs"
    person = (await client.data(PERSON, {"nik": duplicated[0].nik}))["person"]
    assert person["nik"] == duplicated[0].nik
    assert person["recordsWithSameNik"] == duplicated[0].n


async def test_households_filtered_by_region_count_matches_the_registry(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await databases.value(
        "registry", "SELECT count(*) FROM households WHERE village_code LIKE '32.04.%'"
    )
    assert expected > 0
    result = await client.data(HOUSEHOLDS, {"filter": {"regionCode": "32.04"}, "first": 500})
    connection = result["households"]
    assert connection["totalCount"] == expected
    assert all(e["node"]["villageCode"].startswith("32.04.") for e in connection["edges"])


async def test_households_filtered_by_programme_and_decile(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await databases.value(
        "registry",
        "SELECT count(*) FROM households h WHERE h.decile BETWEEN 3 AND 4 AND EXISTS "
        "(SELECT 1 FROM enrolments e WHERE e.household_id = h.id AND e.programme = 'sembako')",
    )
    variables = {"filter": {"programme": "SEMBAKO", "decileMin": 3, "decileMax": 4}, "first": 5}
    connection = (await client.data(HOUSEHOLDS, variables))["households"]
    assert connection["totalCount"] == expected > 0
    assert all(3 <= e["node"]["decile"] <= 4 for e in connection["edges"])


async def test_households_filtered_by_status(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await databases.value(
        "registry", "SELECT count(*) FROM households WHERE status = 'suspend'"
    )
    connection = (await client.data(HOUSEHOLDS, {"filter": {"status": "SUSPEND"}}))["households"]
    assert connection["totalCount"] == expected > 0
    assert {e["node"]["status"] for e in connection["edges"]} == {"SUSPEND"}


async def test_decile_outside_one_to_ten_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLDS, {"filter": {"decileMax": 11}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "decileMax" in body["errors"][0]["message"]


async def _walk(client: GraphQLClient, variables: dict[str, Any]) -> list[dict[str, Any]]:
    pages, after = [], None
    while True:
        page = (await client.data(HOUSEHOLDS, {**variables, "after": after}))["households"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


async def test_walking_all_pages_yields_every_household_once_in_order(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = [
        row.id
        for row in await databases.rows(
            "registry", "SELECT id FROM households WHERE village_code LIKE '35.%' ORDER BY id"
        )
    ]
    pages = await _walk(client, {"filter": {"regionCode": "35"}, "first": 7})
    seen = [int(e["node"]["id"]) for page in pages for e in page["edges"]]
    assert seen == expected
    assert len(pages) == -(-len(expected) // 7)
    assert pages[0]["pageInfo"]["hasPreviousPage"] is False
    assert pages[-1]["pageInfo"]["hasPreviousPage"] is True
    assert pages[-1]["pageInfo"]["endCursor"] == pages[-1]["edges"][-1]["cursor"]


async def test_empty_result_has_no_cursors_and_zero_total(client: GraphQLClient) -> None:
    body = await client.data(HOUSEHOLDS, {"filter": {"regionCode": "94.01"}})
    assert body["households"] == {
        "totalCount": 0,
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "edges": [],
    }


async def test_first_zero_returns_no_edges_but_the_total(client: GraphQLClient) -> None:
    connection = (await client.data(HOUSEHOLDS, {"first": 0}))["households"]
    assert connection["edges"] == []
    assert connection["totalCount"] > 0
    assert connection["pageInfo"]["hasNextPage"] is True


async def test_page_size_above_the_cap_is_refused_not_clamped(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLDS, {"first": 501})
    assert body["data"] == {"households": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["path"] == ["households"]


async def test_garbage_cursor_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(HOUSEHOLDS, {"after": "bm90LWEtY3Vyc29y"})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


async def test_cursor_from_another_list_is_refused(client: GraphQLClient) -> None:
    persons = await client.data(
        "query { persons(first: 1) { edges { cursor } } }",
    )
    foreign = persons["persons"]["edges"][0]["cursor"]
    body = await client.post(HOUSEHOLDS, {"after": foreign})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_persons_filtered_by_sex_and_birth_years(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await databases.value(
        "registry",
        "SELECT count(*) FROM persons WHERE sex = 'P' "
        "AND birth_date BETWEEN '1950-01-01' AND '1960-12-31'",
    )
    variables = {"filter": {"sex": "PEREMPUAN", "bornFromYear": 1950, "bornToYear": 1960}}
    connection = (await client.data(PERSONS, variables))["persons"]
    assert connection["totalCount"] == expected > 0
    assert all(
        e["node"]["sex"] == "PEREMPUAN" and 1950 <= int(e["node"]["birthDate"][:4]) <= 1960
        for e in connection["edges"]
    )
