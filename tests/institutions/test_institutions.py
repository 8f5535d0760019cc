"""The institutions list and lookup: stored fields, filters and pagination."""

from typing import Any

from resolvers.institutions.enums import Accreditation, InstitutionKind, Service
from resolvers.wilayah import gazetteer
from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.support import error_code, listed, node_ids

INSTITUTION = """
query Institution($id: ID!) {
  institution(id: $id) {
    id registrationNumber name kind accreditation villageCode address capacity registeredOn
    village { code level }
    services
  }
}
"""

INSTITUTIONS = """
query Institutions($filter: InstitutionFilterInput, $first: Int, $after: String) {
  institutions(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
  }
}
"""

HOUSEHOLD_CURSOR = """
query Households { households(first: 1) { edges { cursor } } }
"""


ALL_IDS = "SELECT id FROM institutions ORDER BY id"


async def _ids(databases: SourceDatabases, sql: str = ALL_IDS, **params: Any) -> list[int]:
    return [row.id for row in await databases.rows("institutions", sql, **params)]


async def _most_common(databases: SourceDatabases, sql: str) -> str:
    return str(await databases.value("institutions", sql))


async def _listed(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return await listed(client, INSTITUTIONS, "institutions", **variables)


async def test_institutions_list_every_stored_institution_in_id_order(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await _ids(databases)
    listed = await _listed(client)
    assert expected
    assert node_ids(listed) == expected[:500]
    assert listed["totalCount"] == len(expected)


async def test_institution_by_id_returns_its_stored_fields(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = (await _ids(databases))[0]
    stored = (
        await databases.rows("institutions", "SELECT * FROM institutions WHERE id = :id", id=key)
    )[0]
    services = await databases.rows(
        "institutions",
        "SELECT service FROM institution_services WHERE institution_id = :id ORDER BY service",
        id=key,
    )
    institution = (await client.data(INSTITUTION, {"id": str(key)}))["institution"]
    assert institution == {
        "id": str(key),
        "registrationNumber": stored.registration_number,
        "name": stored.name,
        "kind": InstitutionKind(stored.kind).name,
        "accreditation": Accreditation(stored.accreditation).name,
        "villageCode": stored.village_code,
        "address": stored.address,
        "capacity": stored.capacity,
        "registeredOn": str(stored.registered_on),
        "village": {"code": stored.village_code, "level": "VILLAGE"},
        "services": [Service(row.service).name for row in services],
    }


async def test_institution_by_unknown_id_is_null(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    unknown = int(await databases.value("institutions", "SELECT max(id) + 1 FROM institutions"))
    assert (await client.data(INSTITUTION, {"id": str(unknown)}))["institution"] is None


async def test_institution_by_malformed_id_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.post(INSTITUTION, {"id": "lks-1"})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_institutions_filtered_by_region_are_those_in_that_regency(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    regency = await _most_common(
        databases,
        "SELECT substr(village_code, 1, 5) FROM institutions"
        " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    expected = await _ids(
        databases,
        "SELECT id FROM institutions WHERE village_code LIKE :prefix ORDER BY id",
        prefix=f"{regency}.%",
    )
    listed = await _listed(client, filter={"regionCode": regency})
    assert 0 < len(expected) < len(await _ids(databases))
    assert node_ids(listed) == expected
    assert listed["totalCount"] == len(expected)


async def test_institutions_filtered_by_kind_have_that_kind(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    kind = await _most_common(
        databases, "SELECT kind FROM institutions GROUP BY kind ORDER BY count(*) DESC LIMIT 1"
    )
    expected = await _ids(
        databases, "SELECT id FROM institutions WHERE kind = :kind ORDER BY id", kind=kind
    )
    listed = await _listed(client, filter={"kind": InstitutionKind(kind).name})
    assert node_ids(listed) == expected
    assert listed["totalCount"] == len(expected)


async def test_institutions_filtered_by_accreditation_have_that_grade(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    grade = await _most_common(
        databases,
        "SELECT accreditation FROM institutions GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    expected = await _ids(
        databases,
        "SELECT id FROM institutions WHERE accreditation = :grade ORDER BY id",
        grade=grade,
    )
    listed = await _listed(client, filter={"accreditation": Accreditation(grade).name})
    assert node_ids(listed) == expected
    assert listed["totalCount"] == len(expected)


async def test_institutions_filtered_by_service_provide_that_service(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    service = await _most_common(
        databases,
        "SELECT service FROM institution_services GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    expected = await _ids(
        databases,
        "SELECT institution_id AS id FROM institution_services"
        " WHERE service = :service ORDER BY institution_id",
        service=service,
    )
    listed = await _listed(client, filter={"service": Service(service).name})
    assert 0 < len(expected) < len(await _ids(databases))
    assert node_ids(listed) == expected
    assert listed["totalCount"] == len(expected)


async def test_institutions_in_a_province_without_any_are_an_empty_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    rows = await databases.rows(
        "institutions", "SELECT DISTINCT substr(village_code, 1, 2) AS p FROM institutions"
    )
    seeded = {row.p for row in rows}
    empty = next(p.code for p in gazetteer().children(None) if p.code not in seeded)
    listed = await _listed(client, filter={"regionCode": empty})
    assert listed == {
        "totalCount": 0,
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "edges": [],
    }


async def test_institutions_pages_follow_each_other_without_gaps(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await _ids(databases)
    first = await _listed(client, first=2)
    second = await _listed(client, first=2, after=first["pageInfo"]["endCursor"])
    assert node_ids(first) + node_ids(second) == expected[:4]
    assert first["pageInfo"]["hasNextPage"]
    assert second["pageInfo"]["hasPreviousPage"]


async def test_institutions_last_page_has_no_next_page(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    expected = await _ids(databases)
    before_last = await _listed(client, first=len(expected) - 1)
    last = await _listed(client, after=before_last["pageInfo"]["endCursor"])
    assert node_ids(last) == expected[-1:]
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["hasPreviousPage"] is True


async def test_institutions_with_a_malformed_cursor_is_bad_user_input(
    client: GraphQLClient,
) -> None:
    body = await client.post(INSTITUTIONS, {"first": 5, "after": "not-a-cursor"})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_institutions_refuse_a_cursor_of_another_list(client: GraphQLClient) -> None:
    cursor = (await client.data(HOUSEHOLD_CURSOR))["households"]["edges"][0]["cursor"]
    body = await client.post(INSTITUTIONS, {"first": 5, "after": cursor})
    assert error_code(body) == "BAD_USER_INPUT"


async def test_institutions_refuse_more_than_500_per_page(client: GraphQLClient) -> None:
    body = await client.post(INSTITUTIONS, {"first": 501})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["data"]["institutions"] is None
