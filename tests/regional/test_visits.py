import datetime
from typing import Any

from sqlalchemy import Row, select

from resolvers.regional.tables import verification_visits
from resolvers.registry.tables import households
from tests.conftest import GraphQLClient
from tests.regional.support import (
    SeededDatabase,
    error_code,
    every_node,
    ids_of,
    region_holding_some,
)

VERIFICATION_VISITS = """
query VerificationVisits($filter: VerificationVisitFilterInput, $first: Int, $after: String) {
  verificationVisits(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id outcome visitedOn subjectNik officer villageCode
        household { id noKk }
        office { id }
      }
    }
  }
}
"""

HOUSEHOLD_VISITS = """
query HouseholdVisits($id: ID!) {
  household(id: $id) { verificationVisits { id visitedOn } }
}
"""


async def _visits(regional_db: SeededDatabase) -> list[Row[Any]]:
    return list(await regional_db.rows(select(verification_visits)))


async def test_verification_visits_lists_every_seeded_visit(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _visits(regional_db)

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits")

    assert rows
    assert sorted(ids_of(nodes)) == sorted(row.id for row in rows)


async def test_verification_visit_fields_are_those_of_the_seeded_row(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = {row.id: row for row in await _visits(regional_db)}

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits")

    for node in nodes:
        row = rows[int(node["id"])]
        assert node["outcome"] == row.outcome.upper()
        assert node["visitedOn"] == row.visited_on.isoformat()
        assert node["subjectNik"] == row.subject_nik
        assert node["officer"] == row.officer
        assert node["villageCode"] == row.village_code


async def test_verification_visits_filter_outcome_deceased_returns_only_deceased_visits(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    expected = {row.id for row in await _visits(regional_db) if row.outcome == "deceased"}

    nodes = await every_node(
        client, VERIFICATION_VISITS, "verificationVisits", {"filter": {"outcome": "DECEASED"}}
    )

    assert expected
    assert set(ids_of(nodes)) == expected


async def test_verification_visits_filter_visited_range_includes_both_ends(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _visits(regional_db)
    days = sorted({row.visited_on for row in rows})
    start, end = days[len(days) // 4], days[3 * len(days) // 4]
    expected = {row.id for row in rows if start <= row.visited_on <= end}
    window = {"visitedFrom": start.isoformat(), "visitedTo": end.isoformat()}

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits", {"filter": window})

    assert start < end
    assert set(ids_of(nodes)) == expected


async def test_verification_visits_filter_region_code_keeps_visits_under_the_region(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _visits(regional_db)
    region = region_holding_some([row.village_code for row in rows])
    expected = {row.id for row in rows if row.village_code.startswith(region + ".")}

    nodes = await every_node(
        client, VERIFICATION_VISITS, "verificationVisits", {"filter": {"regionCode": region}}
    )

    assert len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_verification_visits_filter_visited_from_after_visited_to_is_bad_user_input(
    client: GraphQLClient,
) -> None:
    window = {"visitedFrom": "2026-03-01", "visitedTo": "2026-02-01"}

    body = await client.post(VERIFICATION_VISITS, {"filter": window})

    assert body["data"]["verificationVisits"] is None
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "visitedFrom"


async def test_verification_visits_filter_single_day_range_is_accepted(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    day: datetime.date = (await _visits(regional_db))[0].visited_on
    window = {"visitedFrom": day.isoformat(), "visitedTo": day.isoformat()}

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits", {"filter": window})

    assert nodes
    assert {node["visitedOn"] for node in nodes} == {day.isoformat()}


async def test_verification_visit_household_is_the_visited_registry_household(
    client: GraphQLClient, regional_db: SeededDatabase, registry_db: SeededDatabase
) -> None:
    visited = {row.id: row.household_id for row in await _visits(regional_db)}
    no_kk = {row.id: row.no_kk for row in await registry_db.rows(select(households))}

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits")

    for node in nodes:
        household_id = visited[int(node["id"])]
        assert node["household"] == {"id": str(household_id), "noKk": no_kk[household_id]}


async def test_verification_visit_office_is_the_visiting_office(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    offices = {row.id: row.office_id for row in await _visits(regional_db)}

    nodes = await every_node(client, VERIFICATION_VISITS, "verificationVisits")

    assert {int(node["id"]): int(node["office"]["id"]) for node in nodes} == offices


async def test_household_verification_visits_lists_its_visits_in_visit_order(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _visits(regional_db)
    per_household: dict[int, list[Row[Any]]] = {}
    for row in rows:
        per_household.setdefault(row.household_id, []).append(row)
    household_id, visits = max(per_household.items(), key=lambda item: len(item[1]))
    expected = [row.id for row in sorted(visits, key=lambda row: (row.visited_on, row.id))]

    data = await client.data(HOUSEHOLD_VISITS, {"id": str(household_id)})

    assert ids_of(data["household"]["verificationVisits"]) == expected
