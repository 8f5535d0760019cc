"""Recording a visit: who may, which households, and the rules its input must keep."""

import datetime

import pytest

from tests.conftest import EVERY_SCOPE, GraphQLClient, SourceDatabases
from tests.verification.support import (
    DIED_ON,
    RECORD,
    VISITED_ON,
    Caller,
    Household,
    HouseholdPool,
    day,
    record,
    stored_proposals,
    stored_visits,
    visit_input,
)


async def test_visit_is_stored_by_the_households_regency_office(
    caller: Caller, household: Household, databases: SourceDatabases
) -> None:
    regency_office = caller(regions=[household.regency])
    recorded = await record(regency_office, visit_input(household, "ELIGIBLE"))
    visit = recorded["visit"]
    assert (visit["outcome"], visit["office"]["regionCode"]) == ("ELIGIBLE", household.regency)
    [stored] = await stored_visits(databases, household)
    assert (stored.id, stored.village_code) == (int(visit["id"]), household.village_code)


async def test_proposal_names_the_visit_and_the_proposing_client(
    client: GraphQLClient, household: Household
) -> None:
    nik = household.members[0]
    recorded = await record(client, visit_input(household, "DECEASED", subjectNik=nik))
    proposal = recorded["proposal"]
    assert proposal["visit"]["id"] == recorded["visit"]["id"]
    assert recorded["visit"]["proposal"]["id"] == proposal["id"]
    assert (proposal["subjectNik"], proposal["villageCode"]) == (nik, household.village_code)
    assert proposal["proposedBy"] == "test-operator"


async def test_recording_needs_regional_write(
    caller: Caller, household: Household, databases: SourceDatabases
) -> None:
    reader = caller(scopes=EVERY_SCOPE - {"regional:write"})
    body = await reader.post(RECORD, {"input": visit_input(household, "NOT_FOUND")})
    assert body["data"]["recordVerificationVisit"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await stored_visits(databases, household) == []


async def test_household_outside_the_callers_regions_is_not_found(
    caller: Caller, pool: HouseholdPool, databases: SourceDatabases
) -> None:
    household = await pool.take(outside="32")
    west_java = caller(regions=["32"])
    recorded = await record(west_java, visit_input(household, "NOT_FOUND"))
    assert (recorded["__typename"], recorded["code"]) == ("NotFound", "NOT_FOUND")
    assert await stored_visits(databases, household) == []


async def test_subject_who_is_not_a_member_is_invalid(
    client: GraphQLClient, household: Household, pool: HouseholdPool, databases: SourceDatabases
) -> None:
    stranger = (await pool.take()).members[0]
    recorded = await record(client, visit_input(household, "DECEASED", subjectNik=stranger))
    assert (recorded["__typename"], recorded["field"]) == ("InvalidInput", "subjectNik")
    assert await stored_visits(databases, household) == []
    assert await stored_proposals(databases, household) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "DECEASED"}, "subjectNik"),
        (
            {"visitedOn": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()},
            "visitedOn",
        ),
        ({"outcome": "NOT_FOUND", "deceasedOn": day(DIED_ON)}, "deceasedOn"),
        ({"idempotencyKey": "short"}, "idempotencyKey"),
        ({"idempotencyKey": "key with spaces"}, "idempotencyKey"),
        ({"officer": "  "}, "officer"),
    ],
)
async def test_input_breaking_a_rule_is_invalid_and_writes_nothing(
    client: GraphQLClient,
    household: Household,
    databases: SourceDatabases,
    fields: dict[str, str],
    field: str,
) -> None:
    input = {**visit_input(household, "NOT_FOUND"), **fields}
    recorded = await record(client, input)
    assert (recorded["__typename"], recorded["field"]) == ("InvalidInput", field)
    assert await stored_visits(databases, household) == []


async def test_day_of_death_after_the_visit_is_invalid(
    client: GraphQLClient, household: Household
) -> None:
    input = visit_input(
        household,
        "DECEASED",
        subjectNik=household.members[0],
        deceasedOn=day(VISITED_ON + datetime.timedelta(days=1)),
    )
    recorded = await record(client, input)
    assert (recorded["__typename"], recorded["field"]) == ("InvalidInput", "deceasedOn")
