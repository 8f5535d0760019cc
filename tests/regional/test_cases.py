from collections import Counter
from typing import Any

from sqlalchemy import Row, select

from resolvers.regional.tables import rehabilitation_cases
from resolvers.registry.tables import persons
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase, every_node, ids_of, region_holding_some

REHABILITATION_CASES = """
query RehabilitationCases($filter: RehabilitationCaseFilterInput, $first: Int, $after: String) {
  rehabilitationCases(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id clientNik cluster status openedOn villageCode
        person { id nik }
        office { id }
      }
    }
  }
}
"""

PERSON_CASES = """
query PersonCases($nik: NIK!) {
  person(nik: $nik) { rehabilitationCases { id clientNik } }
}
"""


async def _cases(regional_db: SeededDatabase) -> list[Row[Any]]:
    return list(await regional_db.rows(select(rehabilitation_cases)))


async def _first_record_per_nik(registry_db: SeededDatabase) -> dict[str, int]:
    first: dict[str, int] = {}
    for row in await registry_db.rows(select(persons.c.id, persons.c.nik).order_by(persons.c.id)):
        first.setdefault(row.nik, row.id)
    return first


async def test_rehabilitation_cases_lists_every_seeded_case(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _cases(regional_db)

    nodes = await every_node(client, REHABILITATION_CASES, "rehabilitationCases")

    assert rows
    assert sorted(ids_of(nodes)) == sorted(row.id for row in rows)


async def test_rehabilitation_cases_filter_cluster_returns_only_that_cluster(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _cases(regional_db)
    cluster = Counter(row.cluster for row in rows).most_common(1)[0][0]
    expected = {row.id for row in rows if row.cluster == cluster}

    nodes = await every_node(
        client,
        REHABILITATION_CASES,
        "rehabilitationCases",
        {"filter": {"cluster": cluster.upper()}},
    )

    assert len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_rehabilitation_cases_filter_status_returns_only_that_status(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _cases(regional_db)
    expected = {row.id for row in rows if row.status == "terminasi"}

    nodes = await every_node(
        client, REHABILITATION_CASES, "rehabilitationCases", {"filter": {"status": "TERMINASI"}}
    )

    assert expected
    assert set(ids_of(nodes)) == expected


async def test_rehabilitation_cases_filter_region_code_keeps_cases_under_the_region(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _cases(regional_db)
    region = region_holding_some([row.village_code for row in rows])
    expected = {row.id for row in rows if row.village_code.startswith(region + ".")}

    nodes = await every_node(
        client, REHABILITATION_CASES, "rehabilitationCases", {"filter": {"regionCode": region}}
    )

    assert len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_rehabilitation_case_person_is_the_first_registry_record_of_the_client_nik(
    client: GraphQLClient, registry_db: SeededDatabase
) -> None:
    first = await _first_record_per_nik(registry_db)

    nodes = await every_node(client, REHABILITATION_CASES, "rehabilitationCases")

    linked = [node for node in nodes if node["clientNik"] in first]
    assert linked
    for node in nodes:
        person_id = first.get(node["clientNik"])
        expected = None if person_id is None else {"id": str(person_id), "nik": node["clientNik"]}
        assert node["person"] == expected


async def test_rehabilitation_case_office_is_the_handling_office(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    offices = {row.id: row.office_id for row in await _cases(regional_db)}

    nodes = await every_node(client, REHABILITATION_CASES, "rehabilitationCases")

    assert {int(node["id"]): int(node["office"]["id"]) for node in nodes} == offices


async def test_person_rehabilitation_cases_lists_the_cases_of_that_nik_oldest_first(
    client: GraphQLClient, regional_db: SeededDatabase, registry_db: SeededDatabase
) -> None:
    registered = await _first_record_per_nik(registry_db)
    rows = [row for row in await _cases(regional_db) if row.client_nik in registered]
    nik = Counter(row.client_nik for row in rows).most_common(1)[0][0]
    expected = sorted(
        (row for row in rows if row.client_nik == nik), key=lambda row: (row.opened_on, row.id)
    )

    data = await client.data(PERSON_CASES, {"nik": nik})

    assert ids_of(data["person"]["rehabilitationCases"]) == [row.id for row in expected]
