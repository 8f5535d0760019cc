"""A visit's outcome travels to the registry: proposed from the field, decided by the
registry owner, and once approved visible through every link."""

from collections.abc import Callable

from tests.conftest import GraphQLClient
from tests.verification.support import (
    DIED_ON,
    VISITED_ON,
    Household,
    day,
    decide,
    record,
    visit_input,
)

HOUSEHOLD_MEMBERS = """
query($id: ID!) { household(id: $id) { status members { nik status deceasedOn } } }
"""
PERSON = "query($nik: NIK!) { person(nik: $nik) { status deceasedOn } }"
PERSONS = """
query($region: RegionCode!, $status: PersonStatus!) {
  persons(filter: {regionCode: $region, status: $status}, first: 500) { edges { node { nik } } }
}
"""
HOUSEHOLDS = """
query($region: RegionCode!, $status: HouseholdStatus!) {
  households(filter: {regionCode: $region, status: $status}, first: 500) {
    edges { node { id } }
  }
}
"""

Office = Callable[[Household], GraphQLClient]


async def test_death_proposed_then_approved_marks_the_person_deceased_everywhere(
    client: GraphQLClient, household: Household, province_office: Office
) -> None:
    nik = household.members[-1]
    recorded = await record(
        client,
        visit_input(household, "DECEASED", subjectNik=nik, deceasedOn=day(DIED_ON)),
    )
    proposal = recorded["proposal"]
    assert (proposal["kind"], proposal["state"]) == ("PERSON_DECEASED", "PROPOSED")

    decided = await decide(province_office(household), proposal["id"], "APPROVE")

    assert decided["proposal"]["state"] == "APPROVED"
    found = await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)})
    members = found["household"]["members"]
    assert {"nik": nik, "status": "MENINGGAL", "deceasedOn": day(DIED_ON)} in members
    person = await client.data(PERSON, {"nik": nik})
    assert person["person"] == {"status": "MENINGGAL", "deceasedOn": day(DIED_ON)}
    dead = await client.data(PERSONS, {"region": household.village_code, "status": "MENINGGAL"})
    assert nik in [edge["node"]["nik"] for edge in dead["persons"]["edges"]]


async def test_death_without_a_known_day_is_recorded_on_the_visit_day(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(
        client, visit_input(household, "DECEASED", subjectNik=household.members[0])
    )
    await decide(client, recorded["proposal"]["id"], "APPROVE")
    person = await client.data(PERSON, {"nik": household.members[0]})
    assert person["person"]["deceasedOn"] == day(VISITED_ON)


async def test_household_not_found_then_approved_is_suspended_in_lists_too(
    client: GraphQLClient, household: Household, province_office: Office
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    assert recorded["proposal"]["kind"] == "HOUSEHOLD_SUSPEND"

    await decide(province_office(household), recorded["proposal"]["id"], "APPROVE")

    found = await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)})
    assert found["household"]["status"] == "SUSPEND"
    suspended = await client.data(
        HOUSEHOLDS, {"region": household.village_code, "status": "SUSPEND"}
    )
    assert str(household.id) in [edge["node"]["id"] for edge in suspended["households"]["edges"]]
    active = await client.data(HOUSEHOLDS, {"region": household.village_code, "status": "AKTIF"})
    assert str(household.id) not in [edge["node"]["id"] for edge in active["households"]["edges"]]


async def test_ineligible_household_approved_is_excluded(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "INELIGIBLE"))
    assert recorded["proposal"]["kind"] == "HOUSEHOLD_EXCLUDE"
    await decide(client, recorded["proposal"]["id"], "APPROVE")
    found = await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)})
    assert found["household"]["status"] == "EXCLUDE"


async def test_member_who_moved_approved_is_marked_pindah(
    client: GraphQLClient, household: Household
) -> None:
    nik = household.members[1]
    recorded = await record(client, visit_input(household, "MOVED", subjectNik=nik))
    assert recorded["proposal"]["kind"] == "PERSON_MOVED"
    await decide(client, recorded["proposal"]["id"], "APPROVE")
    person = await client.data(PERSON, {"nik": nik})
    assert person["person"] == {"status": "PINDAH", "deceasedOn": None}


async def test_household_that_moved_away_is_proposed_for_suspension(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "MOVED"))
    assert recorded["proposal"]["kind"] == "HOUSEHOLD_SUSPEND"
    assert recorded["proposal"]["subjectNik"] is None


async def test_rejected_proposal_leaves_the_registry_unchanged(
    client: GraphQLClient, household: Household, province_office: Office
) -> None:
    nik = household.members[0]
    before = await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)})
    recorded = await record(client, visit_input(household, "DECEASED", subjectNik=nik))

    decided = await decide(province_office(household), recorded["proposal"]["id"], "REJECT")

    assert decided["proposal"]["state"] == "REJECTED"
    assert decided["proposal"]["reason"] == "Sesuai hasil verifikasi lapangan."
    assert await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)}) == before


async def test_deciding_a_decided_proposal_is_an_illegal_transition(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "NOT_FOUND"))
    proposal_id = recorded["proposal"]["id"]
    await decide(client, proposal_id, "REJECT")

    again = await decide(client, proposal_id, "APPROVE")

    assert again["__typename"] == "IllegalTransition"
    assert (again["code"], again["state"]) == ("ILLEGAL_TRANSITION", "REJECTED")
    found = await client.data(HOUSEHOLD_MEMBERS, {"id": str(household.id)})
    assert found["household"]["status"] == "AKTIF"


async def test_eligible_visit_files_no_proposal(
    client: GraphQLClient, household: Household
) -> None:
    recorded = await record(client, visit_input(household, "ELIGIBLE"))
    assert recorded["__typename"] == "VerificationVisitRecorded"
    assert recorded["proposal"] is None
    assert recorded["visit"]["proposal"] is None
