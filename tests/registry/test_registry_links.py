"""Other agencies' records that lead into the registry read it the same in both modes: a
disaster's affected households (households under a set of region codes, paged and
counted), and the households and persons aid and visits point at."""

from collections.abc import Callable

from tests.conftest import GraphQLClient, SourceDatabases
from tests.federation.support import entries, household, person, resolve
from tests.logistics.test_affected_households import _affected, _most_affecting_event

REGENCY = "32.04"
AID = """
{ households(first: 50, filter: { regionCode: "32" }) {
    edges { node { id aidReceived { id household { id members { id } } } } } } }
"""


async def test_a_disasters_affected_households_walk_page_by_page_to_every_one(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    event = await _most_affecting_event(databases)
    assert len(event.households) > 7
    seen: list[int] = []
    after = None
    while True:
        page = await _affected(client, event.key, first=7, after=after)
        assert page["totalCount"] == len(event.households)
        seen += [int(edge["node"]["id"]) for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == event.households


async def test_aid_leads_back_to_its_household_and_members(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    households = (await client.data(AID))["households"]["edges"]
    aided = [edge["node"] for edge in households if edge["node"]["aidReceived"]]
    assert aided
    for aided_household in aided:
        members = await databases.rows(
            "registry",
            "SELECT id FROM persons WHERE household_id = :id ORDER BY id",
            id=int(aided_household["id"]),
        )
        for aid in aided_household["aidReceived"]:
            assert aid["household"]["id"] == aided_household["id"]
            assert [m["id"] for m in aid["household"]["members"]] == [str(m.id) for m in members]


async def test_a_router_resolves_households_and_persons_by_id_within_the_regions(
    caller: Callable[..., GraphQLClient], databases: SourceDatabases
) -> None:
    sql = (
        "SELECT p.id, p.nik, p.household_id FROM persons p JOIN households h"
        " ON h.id = p.household_id WHERE h.village_code {} :regency ORDER BY p.id LIMIT 1"
    )
    within = {"regency": f"{REGENCY}.%"}
    inside = (await databases.rows("registry", sql.format("LIKE"), **within))[0]
    outside = (await databases.rows("registry", sql.format("NOT LIKE"), **within))[0]
    regency = caller(regions=[REGENCY])
    asked = [
        person(inside.id),
        household(inside.household_id),
        person(outside.id),
        household(outside.household_id),
        person(987654321),
    ]
    found = entries(await resolve(regency, asked))
    assert found[0]["id"] == str(inside.id) and found[0]["nik"] == inside.nik
    assert found[1]["id"] == str(inside.household_id)
    assert inside.nik in {member["nik"] for member in found[1]["members"]}
    assert found[2:] == [None, None, None]
