"""Other agencies' records that lead into the registry read it the same in both modes: a
disaster's affected households (households under a set of region codes, paged and
counted), and the households and persons aid and visits point at."""

from tests.conftest import GraphQLClient, SourceDatabases
from tests.logistics.test_affected_households import _affected, _most_affecting_event

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
    for household in aided:
        members = await databases.rows(
            "registry",
            "SELECT id FROM persons WHERE household_id = :id ORDER BY id",
            id=int(household["id"]),
        )
        for aid in household["aidReceived"]:
            assert aid["household"]["id"] == household["id"]
            assert [m["id"] for m in aid["household"]["members"]] == [str(m.id) for m in members]
