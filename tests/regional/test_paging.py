"""Pagination edges shared by every regional list."""

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Table, select

from resolvers.paging import MAX_PAGE_SIZE
from resolvers.regional.tables import (
    complaints,
    kube_groups,
    rehabilitation_cases,
    social_offices,
    verification_visits,
)
from resolvers.wilayah import Level, gazetteer
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase, error_code, ids_of


def _page_operation(field: str, filter_input: str) -> str:
    return f"""
query Page($filter: {filter_input}, $first: Int, $after: String) {{
  {field}(filter: $filter, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ id }} }}
  }}
}}
"""


SOCIAL_OFFICES_PAGE = _page_operation("socialOffices", "SocialOfficeFilterInput")
VERIFICATION_VISITS_PAGE = _page_operation("verificationVisits", "VerificationVisitFilterInput")
REHABILITATION_CASES_PAGE = _page_operation("rehabilitationCases", "RehabilitationCaseFilterInput")
COMPLAINTS_PAGE = _page_operation("complaints", "ComplaintFilterInput")
KUBE_GROUPS_PAGE = _page_operation("kubeGroups", "KubeGroupFilterInput")


@dataclass(frozen=True)
class RegionalList:
    field: str
    operation: str
    table: Table

    async def page(self, client: GraphQLClient, **variables: Any) -> dict[str, Any]:
        data = await client.data(self.operation, variables)
        connection: dict[str, Any] = data[self.field]
        return connection


OFFICES = RegionalList("socialOffices", SOCIAL_OFFICES_PAGE, social_offices)
VILLAGE_LISTS = [
    RegionalList("verificationVisits", VERIFICATION_VISITS_PAGE, verification_visits),
    RegionalList("rehabilitationCases", REHABILITATION_CASES_PAGE, rehabilitation_cases),
    RegionalList("complaints", COMPLAINTS_PAGE, complaints),
    RegionalList("kubeGroups", KUBE_GROUPS_PAGE, kube_groups),
]
LISTS = [OFFICES, *VILLAGE_LISTS]


def _each(lists: list[RegionalList]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("listing", lists, ids=[listing.field for listing in lists])


async def _seeded_ids(regional_db: SeededDatabase, table: Table) -> list[int]:
    return sorted(row.id for row in await regional_db.rows(select(table.c.id)))


async def _village_without_records(regional_db: SeededDatabase) -> str:
    used: set[str] = set()
    for listing in VILLAGE_LISTS:
        rows = await regional_db.rows(select(listing.table.c.village_code).distinct())
        used.update(row.village_code for row in rows)
    villages = gazetteer().descendants(gazetteer().provinces()[0].code, Level.VILLAGE)
    return next(village.code for village in villages if village.code not in used)


@_each(LISTS)
async def test_pages_follow_each_other_without_gaps_up_to_the_last_page(
    listing: RegionalList, client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    expected = await _seeded_ids(regional_db, listing.table)
    size = len(expected) // 3 + 1
    seen: list[int] = []
    pages: list[dict[str, Any]] = []
    after = None
    while not pages or pages[-1]["pageInfo"]["hasNextPage"]:
        pages.append(await listing.page(client, first=size, after=after))
        seen.extend(ids_of([edge["node"] for edge in pages[-1]["edges"]]))
        after = pages[-1]["pageInfo"]["endCursor"]

    assert seen == expected
    assert len(pages) == -(-len(expected) // size) > 1
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False] + [True] * (
        len(pages) - 1
    )
    assert all(page["totalCount"] == len(expected) for page in pages)


@_each(LISTS)
async def test_page_after_the_last_record_is_empty(
    listing: RegionalList, client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    total = len(await _seeded_ids(regional_db, listing.table))
    last = await listing.page(client, first=MAX_PAGE_SIZE)
    while last["pageInfo"]["hasNextPage"]:
        last = await listing.page(client, first=MAX_PAGE_SIZE, after=last["pageInfo"]["endCursor"])

    beyond = await listing.page(client, first=10, after=last["pageInfo"]["endCursor"])

    assert beyond["edges"] == []
    assert beyond["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }
    assert beyond["totalCount"] == total


@_each(VILLAGE_LISTS)
async def test_list_filtered_to_a_village_without_records_is_empty(
    listing: RegionalList, client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    village = await _village_without_records(regional_db)

    page = await listing.page(client, filter={"regionCode": village})

    assert page["edges"] == []
    assert page["totalCount"] == 0
    assert page["pageInfo"]["hasNextPage"] is False


@_each(LISTS)
async def test_first_zero_returns_no_edges_but_says_more_follow(
    listing: RegionalList, client: GraphQLClient
) -> None:
    page = await listing.page(client, first=0)

    assert page["edges"] == []
    assert page["pageInfo"]["hasNextPage"] is True


@_each(LISTS)
async def test_malformed_cursor_is_bad_user_input(
    listing: RegionalList, client: GraphQLClient
) -> None:
    body = await client.post(listing.operation, {"after": "bm90LWEtY3Vyc29y"})

    assert body["data"][listing.field] is None
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "after"


@pytest.mark.parametrize(
    ("listing", "other"),
    list(zip(LISTS, [*LISTS[1:], LISTS[0]], strict=True)),
    ids=[listing.field for listing in LISTS],
)
async def test_cursor_of_another_list_is_bad_user_input(
    listing: RegionalList, other: RegionalList, client: GraphQLClient
) -> None:
    foreign = (await other.page(client, first=1))["pageInfo"]["endCursor"]

    body = await client.post(listing.operation, {"first": 1, "after": foreign})

    assert foreign is not None
    assert body["data"][listing.field] is None
    assert error_code(body) == "BAD_USER_INPUT"


@_each(LISTS)
async def test_first_above_the_page_cap_is_bad_user_input(
    listing: RegionalList, client: GraphQLClient
) -> None:
    body = await client.post(listing.operation, {"first": MAX_PAGE_SIZE + 1})

    assert body["data"][listing.field] is None
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "first"
