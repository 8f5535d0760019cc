import datetime
from typing import Any

from sqlalchemy import Row, select

from resolvers.regional.loaders import reference_date
from resolvers.regional.tables import complaints
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase, every_node, ids_of, region_holding_some

COMPLAINTS = """
query Complaints($filter: ComplaintFilterInput, $first: Int, $after: String) {
  complaints(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id kind channel status filedOn dueOn resolvedOn overdue villageCode
        household { id }
      }
    }
  }
}
"""

_OPEN = {"diterima", "diproses"}


async def _complaints(regional_db: SeededDatabase) -> list[Row[Any]]:
    return list(await regional_db.rows(select(complaints)))


def _past_due_and_open(row: Row[Any], today: datetime.date) -> bool:
    return row.due_on is not None and row.due_on < today and row.status in _OPEN


async def test_complaints_lists_every_seeded_complaint(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _complaints(regional_db)

    nodes = await every_node(client, COMPLAINTS, "complaints")

    assert rows
    assert sorted(ids_of(nodes)) == sorted(row.id for row in rows)


async def test_complaint_fields_are_those_of_the_seeded_row(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = {row.id: row for row in await _complaints(regional_db)}

    nodes = await every_node(client, COMPLAINTS, "complaints")

    for node in nodes:
        row = rows[int(node["id"])]
        assert node["kind"] == row.kind.upper()
        assert node["channel"] == row.channel.upper()
        assert node["status"] == row.status.upper()
        assert node["filedOn"] == row.filed_on.isoformat()
        assert node["dueOn"] == (row.due_on and row.due_on.isoformat())
        assert node["resolvedOn"] == (row.resolved_on and row.resolved_on.isoformat())


async def test_complaints_filter_kind_sanggah_returns_only_sanggah(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _complaints(regional_db)
    expected = {row.id for row in rows if row.kind == "sanggah"}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": {"kind": "SANGGAH"}})

    assert 0 < len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_complaints_filter_status_returns_only_that_status(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _complaints(regional_db)
    expected = {row.id for row in rows if row.status == "selesai"}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": {"status": "SELESAI"}})

    assert 0 < len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_complaints_filter_overdue_returns_only_past_due_open_complaints(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    today = reference_date()
    expected = {row.id for row in await _complaints(regional_db) if _past_due_and_open(row, today)}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": {"overdue": True}})

    assert expected
    assert set(ids_of(nodes)) == expected


async def test_complaints_filter_not_overdue_returns_every_other_complaint(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    today = reference_date()
    rows = await _complaints(regional_db)
    expected = {row.id for row in rows if not _past_due_and_open(row, today)}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": {"overdue": False}})

    assert 0 < len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_complaints_filter_overdue_returns_only_past_due_open_sanggah(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    today = reference_date()
    expected = {
        row.id
        for row in await _complaints(regional_db)
        if row.kind == "sanggah" and _past_due_and_open(row, today)
    }
    where = {"kind": "SANGGAH", "overdue": True}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": where})

    assert expected
    assert set(ids_of(nodes)) == expected


async def test_complaint_overdue_is_true_exactly_for_past_due_open_complaints(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    today = reference_date()
    rows = {row.id: row for row in await _complaints(regional_db)}

    nodes = await every_node(client, COMPLAINTS, "complaints")

    assert any(node["overdue"] for node in nodes)
    for node in nodes:
        assert node["overdue"] is _past_due_and_open(rows[int(node["id"])], today)


async def test_complaints_filter_region_code_keeps_complaints_under_the_region(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await _complaints(regional_db)
    region = region_holding_some([row.village_code for row in rows])
    expected = {row.id for row in rows if row.village_code.startswith(region + ".")}

    nodes = await every_node(client, COMPLAINTS, "complaints", {"filter": {"regionCode": region}})

    assert len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_complaint_household_is_the_registry_household_it_concerns(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    concerned = {row.id: row.household_id for row in await _complaints(regional_db)}

    nodes = await every_node(client, COMPLAINTS, "complaints")

    assert any(household_id is not None for household_id in concerned.values())
    for node in nodes:
        household_id = concerned[int(node["id"])]
        expected = None if household_id is None else {"id": str(household_id)}
        assert node["household"] == expected
