from collections import defaultdict
from typing import Any

from sqlalchemy import Row, select

from resolvers.regional.tables import kube_grants, kube_groups, kube_members
from resolvers.registry.tables import persons
from tests.conftest import GraphQLClient
from tests.regional.support import SeededDatabase, every_node, ids_of, region_holding_some

KUBE_GROUPS = """
query KubeGroups($filter: KubeGroupFilterInput, $first: Int, $after: String) {
  kubeGroups(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name villageCode
        members { nik role member { id nik } }
        grants { id amount grantedOn }
        totalGrants
      }
    }
  }
}
"""


async def _per_group(regional_db: SeededDatabase, table: Any) -> dict[int, list[Row[Any]]]:
    grouped: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in await regional_db.rows(select(table).order_by(table.c.id)):
        grouped[row.group_id].append(row)
    return grouped


async def test_kube_groups_lists_every_seeded_group(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(kube_groups.c.id))

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups")

    assert rows
    assert sorted(ids_of(nodes)) == sorted(row.id for row in rows)


async def test_kube_groups_filter_region_code_keeps_groups_under_the_region(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    rows = await regional_db.rows(select(kube_groups))
    region = region_holding_some([row.village_code for row in rows])
    expected = {row.id for row in rows if row.village_code.startswith(region + ".")}

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups", {"filter": {"regionCode": region}})

    assert len(expected) < len(rows)
    assert set(ids_of(nodes)) == expected


async def test_kube_group_members_are_its_seeded_members_with_their_roles(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    members = await _per_group(regional_db, kube_members)

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups")

    assert members
    for node in nodes:
        expected = [(row.member_nik, row.role) for row in members.get(int(node["id"]), [])]
        assert [(member["nik"], member["role"]) for member in node["members"]] == expected


async def test_kube_member_is_the_first_registry_record_of_the_member_nik(
    client: GraphQLClient, registry_db: SeededDatabase
) -> None:
    first: dict[str, int] = {}
    for row in await registry_db.rows(select(persons.c.id, persons.c.nik).order_by(persons.c.id)):
        first.setdefault(row.nik, row.id)

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups")

    members = [member for node in nodes for member in node["members"]]
    assert any(member["member"] is not None for member in members)
    for member in members:
        person_id = first.get(member["nik"])
        expected = None if person_id is None else {"id": str(person_id), "nik": member["nik"]}
        assert member["member"] == expected


async def test_kube_group_grants_are_its_seeded_grants_oldest_first(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    grants = await _per_group(regional_db, kube_grants)

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups")

    assert grants
    for node in nodes:
        rows = sorted(grants.get(int(node["id"]), []), key=lambda row: (row.granted_on, row.id))
        expected = [(row.id, row.amount, row.granted_on.isoformat()) for row in rows]
        got = [(int(grant["id"]), grant["amount"], grant["grantedOn"]) for grant in node["grants"]]
        assert got == expected


async def test_kube_group_total_grants_is_the_sum_of_its_grants(
    client: GraphQLClient, regional_db: SeededDatabase
) -> None:
    grants = await _per_group(regional_db, kube_grants)

    nodes = await every_node(client, KUBE_GROUPS, "kubeGroups")

    assert any(node["totalGrants"] > 0 for node in nodes)
    for node in nodes:
        assert node["totalGrants"] == sum(row.amount for row in grants.get(int(node["id"]), []))
