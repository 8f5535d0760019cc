"""Only the registry owner decides: a national token or one covering the household's province."""

from tests.conftest import EVERY_SCOPE, GraphQLClient, SourceDatabases
from tests.verification.support import (
    DECIDE,
    Caller,
    Household,
    decide,
    new_key,
    record,
    stored_proposals,
    visit_input,
)


async def _proposal(client: GraphQLClient, household: Household) -> str:
    recorded = await record(client, visit_input(household, "INELIGIBLE"))
    return str(recorded["proposal"]["id"])


async def test_regency_token_cannot_decide_even_with_registry_write(
    client: GraphQLClient, caller: Caller, household: Household, databases: SourceDatabases
) -> None:
    proposal_id = await _proposal(client, household)
    regency_office = caller(scopes=EVERY_SCOPE, regions=[household.regency])

    decided = await decide(regency_office, proposal_id, "APPROVE")

    assert (decided["__typename"], decided["code"]) == ("OutsideAuthority", "OUTSIDE_AUTHORITY")
    [stored] = await stored_proposals(databases, household)
    assert stored.state == "proposed"


async def test_token_of_another_province_does_not_find_the_proposal(
    client: GraphQLClient, caller: Caller, household: Household
) -> None:
    proposal_id = await _proposal(client, household)
    elsewhere = "31" if household.province != "31" else "32"
    decided = await decide(caller(scopes=EVERY_SCOPE, regions=[elsewhere]), proposal_id, "REJECT")
    assert decided["__typename"] == "NotFound"


async def test_deciding_needs_registry_write(
    client: GraphQLClient, caller: Caller, household: Household, databases: SourceDatabases
) -> None:
    proposal_id = await _proposal(client, household)
    input = {
        "proposalId": proposal_id,
        "decision": "APPROVE",
        "reason": "Disetujui.",
        "idempotencyKey": new_key(),
    }
    body = await caller(scopes=EVERY_SCOPE - {"registry:write"}).post(DECIDE, {"input": input})
    assert body["data"]["decideUpdateProposal"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [stored] = await stored_proposals(databases, household)
    assert stored.state == "proposed"


async def test_blank_reason_is_invalid(client: GraphQLClient, household: Household) -> None:
    proposal_id = await _proposal(client, household)
    input = {
        "proposalId": proposal_id,
        "decision": "REJECT",
        "reason": " ",
        "idempotencyKey": new_key(),
    }
    data = await client.data(DECIDE, {"input": input})
    refused = data["decideUpdateProposal"]
    assert (refused["__typename"], refused["field"]) == ("InvalidInput", "reason")
