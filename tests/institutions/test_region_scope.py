"""A caller limited to a regency sees only the institutions and residents placed there."""

from tests.conftest import SourceDatabases
from tests.logistics.support import Caller, execute_as, filters_by_region, node_ids, under

INSTITUTIONS = """
query Institutions { institutions(first: 500) { totalCount edges { node { id } } } }
"""

INSTITUTION = """
query Institution($id: ID!) { institution(id: $id) { id } }
"""

REGENCIES = (
    "SELECT substr(village_code, 1, 5) AS regency, min(id) AS first_id FROM institutions"
    " GROUP BY 1 ORDER BY count(*) DESC"
)


async def test_regency_caller_lists_only_institutions_of_its_regency(
    caller: Caller, databases: SourceDatabases
) -> None:
    regency = (await databases.rows("institutions", REGENCIES))[0].regency
    stored = await databases.rows(
        "institutions", "SELECT id, village_code FROM institutions ORDER BY id"
    )
    expected = [row.id for row in stored if under(row.village_code, regency)]
    result = await execute_as(caller, [regency], INSTITUTIONS, {})
    assert result.errors is None
    assert result.data is not None
    assert node_ids(result.data["institutions"]) == expected
    assert result.data["institutions"]["totalCount"] == len(expected)


async def test_regency_caller_gets_null_for_an_institution_elsewhere(
    caller: Caller, databases: SourceDatabases
) -> None:
    own, elsewhere = (await databases.rows("institutions", REGENCIES))[:2]
    result = await execute_as(caller, [own.regency], INSTITUTION, {"id": str(elsewhere.first_id)})
    assert result.errors is None
    assert result.data == {"institution": None}


EVERY_INSTITUTION_LOADER = """
query EveryInstitutionLoader {
  institutions(first: 50) {
    totalCount
    edges { node { services occupancy residents { institution { id } } } }
  }
  persons(first: 200) { edges { node { institutionPlacements { id } } } }
}
"""


async def test_every_institutions_statement_of_a_regency_caller_filters_by_region(
    database_caller: Caller, databases: SourceDatabases
) -> None:
    regency = (await databases.rows("institutions", REGENCIES))[0].regency
    logs: dict[str, list[str]] = {}
    result = await execute_as(database_caller, [regency], EVERY_INSTITUTION_LOADER, {}, logs)
    assert result.errors is None, result.errors
    ran = logs["institutions"]
    # page, count, services, occupancy, residents, their institution, placements by NIK; two
    # of these may share a batch when their loads fall in the same tick
    assert 6 <= len(ran) <= 7
    assert [sql for sql in ran if not filters_by_region(sql)] == []
