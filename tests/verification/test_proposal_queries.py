"""The registry owner's inbox: proposals listed by region and state, within the caller's regions."""

from resolvers.wilayah import gazetteer
from tests.conftest import GraphQLClient
from tests.verification.support import Caller, Household, decide, record, visit_input

PROPOSALS = """
query($region: RegionCode, $state: ProposalState) {
  updateProposals(filter: {regionCode: $region, state: $state}, first: 500) {
    totalCount edges { node { id state } }
  }
}
"""
HOUSEHOLD_PROPOSALS = "query($id: ID!) { household(id: $id) { updateProposals { id kind } } }"


def _ids(data: dict[str, object]) -> list[str]:
    connection = data["updateProposals"]
    assert isinstance(connection, dict)
    return [edge["node"]["id"] for edge in connection["edges"]]


async def test_proposals_are_listed_by_the_households_village_and_state(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    proposal_id = recorded["proposal"]["id"]
    village = household.village_code

    proposed = await client.data(PROPOSALS, {"region": village, "state": "PROPOSED"})
    assert proposal_id in _ids(proposed)
    await decide(client, proposal_id, "REJECT")
    still_proposed = await client.data(PROPOSALS, {"region": village, "state": "PROPOSED"})
    rejected = await client.data(PROPOSALS, {"region": village, "state": "REJECTED"})

    assert proposal_id not in _ids(still_proposed)
    assert proposal_id in _ids(rejected)


async def test_regency_token_sees_only_proposals_of_its_regency(
    client: GraphQLClient, caller: Caller, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "INELIGIBLE"))
    proposal_id = recorded["proposal"]["id"]
    own = caller(scopes=["registry:read"], regions=[household.regency])
    neighbour = next(
        regency.code
        for regency in gazetteer().children(household.province)
        if regency.code != household.regency
    )
    other = caller(scopes=["registry:read"], regions=[neighbour])

    assert proposal_id in _ids(await own.data(PROPOSALS))
    unseen = await other.data(PROPOSALS)
    assert proposal_id not in _ids(unseen)


async def test_household_lists_its_proposals(client: GraphQLClient, household: Household) -> None:
    recorded = await record(client, visit_input(household, "INELIGIBLE"))
    data = await client.data(HOUSEHOLD_PROPOSALS, {"id": str(household.id)})
    assert data["household"]["updateProposals"] == [
        {"id": recorded["proposal"]["id"], "kind": "HOUSEHOLD_EXCLUDE"}
    ]


async def test_listing_proposals_needs_registry_read(caller: Caller) -> None:
    body = await caller(scopes=["regional:read"]).post(PROPOSALS)
    assert body["data"]["updateProposals"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
