"""A retried request with the same key replays its first result and changes nothing; the
key with other input is refused."""

from tests.conftest import GraphQLClient, SourceDatabases
from tests.verification.support import (
    Household,
    decide,
    new_key,
    record,
    stored_proposals,
    stored_visits,
    visit_input,
)


async def test_recording_again_with_the_same_key_replays_without_a_second_visit(
    client: GraphQLClient, household: Household, databases: SourceDatabases
) -> None:
    input = visit_input(household, "DECEASED", subjectNik=household.members[0])
    first = await record(client, input)

    again = await record(client, input)

    assert (first["replayed"], again["replayed"]) == (False, True)
    assert again["visit"] == first["visit"]
    assert again["proposal"] == first["proposal"]
    assert len(await stored_visits(databases, household)) == 1
    assert len(await stored_proposals(databases, household)) == 1


async def test_deciding_again_with_the_same_key_replays_the_decision(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    key = new_key()
    first = await decide(client, recorded["proposal"]["id"], "APPROVE", key)

    again = await decide(client, recorded["proposal"]["id"], "APPROVE", key)

    assert (first["replayed"], again["replayed"]) == (False, True)
    assert again["proposal"] == first["proposal"]


async def test_recording_key_reused_with_other_input_is_refused(
    client: GraphQLClient, household: Household, databases: SourceDatabases
) -> None:
    input = visit_input(household, "NOT_FOUND")
    await record(client, input)

    reused = await record(client, {**input, "outcome": "INELIGIBLE"})

    assert (reused["__typename"], reused["code"]) == (
        "IdempotencyKeyReused",
        "IDEMPOTENCY_KEY_REUSED",
    )
    assert len(await stored_visits(databases, household)) == 1
    [proposal] = await stored_proposals(databases, household)
    assert proposal.kind == "household_suspend"


async def test_decision_key_reused_for_another_decision_is_refused(
    client: GraphQLClient, household: Household, databases: SourceDatabases
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    key = new_key()
    await decide(client, recorded["proposal"]["id"], "REJECT", key)

    reused = await decide(client, recorded["proposal"]["id"], "APPROVE", key)

    assert reused["__typename"] == "IdempotencyKeyReused"
    [proposal] = await stored_proposals(databases, household)
    assert proposal.state == "rejected"


async def test_key_of_a_decision_reused_for_a_visit_writes_nothing_in_either_source(
    client: GraphQLClient, household: Household, databases: SourceDatabases
) -> None:
    recorded = await record(client, visit_input(household, "INELIGIBLE"))
    key = new_key()
    await decide(client, recorded["proposal"]["id"], "REJECT", key)

    reused = await record(client, visit_input(household, "NOT_FOUND", idempotencyKey=key))

    assert reused["__typename"] == "IdempotencyKeyReused"
    assert len(await stored_visits(databases, household)) == 1
    assert len(await stored_proposals(databases, household)) == 1
