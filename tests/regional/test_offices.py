from sqlalchemy import select

from resolvers.regional.tables import social_offices
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase, every_node, ids_of

SOCIAL_OFFICES = """
query SocialOffices($filter: SocialOfficeFilterInput, $first: Int, $after: String) {
  socialOffices(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name regionCode region { code } } }
  }
}
"""

REGION_SOCIAL_OFFICE = """
query RegionSocialOffice($code: RegionCode!) {
  region(code: $code) { socialOffice { id name regionCode } }
}
"""


async def test_social_offices_lists_every_seeded_office(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(social_offices.c.id))

    nodes = await every_node(client, SOCIAL_OFFICES, "socialOffices")

    assert sorted(ids_of(nodes)) == sorted(row.id for row in rows)


async def test_social_offices_total_count_counts_every_seeded_office(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(social_offices.c.id))

    data = await client.data(SOCIAL_OFFICES, {"first": 1})

    assert data["socialOffices"]["totalCount"] == len(rows)


async def test_social_offices_filter_region_code_of_a_regency_returns_it_and_its_province(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(social_offices))
    regency = min(row.region_code for row in rows if row.region_code.count(".") == 1)
    province = regency.split(".")[0]

    nodes = await every_node(
        client, SOCIAL_OFFICES, "socialOffices", {"filter": {"regionCode": regency}}
    )

    assert sorted(node["regionCode"] for node in nodes) == [province, regency]


async def test_social_offices_filter_region_code_of_a_province_returns_its_regency_offices(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(social_offices))
    province = "32"
    expected = {
        row.id for row in rows if row.region_code == province or row.region_code.startswith("32.")
    }

    nodes = await every_node(
        client, SOCIAL_OFFICES, "socialOffices", {"filter": {"regionCode": province}}
    )

    assert len(expected) > 1
    assert set(ids_of(nodes)) == expected


async def test_social_office_region_is_the_region_of_its_code(client: GraphQLClient) -> None:
    data = await client.data(SOCIAL_OFFICES, {"first": 50})

    nodes = [edge["node"] for edge in data["socialOffices"]["edges"]]
    assert nodes
    assert all(node["region"]["code"] == node["regionCode"] for node in nodes)


async def test_region_social_office_is_the_office_seated_in_that_region(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(social_offices))
    office = next(row for row in sorted(rows, key=lambda row: row.id) if "." in row.region_code)

    data = await client.data(REGION_SOCIAL_OFFICE, {"code": office.region_code})

    assert data["region"]["socialOffice"] == {
        "id": str(office.id),
        "name": office.name,
        "regionCode": office.region_code,
    }
