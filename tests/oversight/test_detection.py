"""Each check finds the seed's deliberate defects, and nothing where there are none."""

from collections import defaultdict
from datetime import date

import pytest

from auth.regions import covers
from resolvers.population import Population
from resolvers.registry.enums import HouseholdStatus
from tests.conftest import GraphQLClient, SourceDatabases
from tests.oversight.support import every_anomaly, subjects


def _household_of(population: Population) -> dict[int, int]:
    return {person.id: household.id for household, person in population.persons()}


async def test_person_defects_are_found(client: GraphQLClient, population: Population) -> None:
    nodes = await every_anomaly(client, ["DUPLICATE_NIK", "INVALID_NIK"])
    duplicates = subjects([n for n in nodes if n["type"] == "DUPLICATE_NIK"], "person")
    invalid = subjects([n for n in nodes if n["type"] == "INVALID_NIK"], "person")
    assert invalid == population.defects.invalid_nik_persons

    holders: dict[str, set[int]] = defaultdict(set)
    living = []
    for household, person in population.persons():
        if household.status == HouseholdStatus.AKTIF.value and person.status == "hidup":
            holders[person.nik].add(household.id)
            living.append(person)
    shared = {person.id for person in living if len(holders[person.nik]) > 1}
    assert duplicates == shared
    copies_in_active = population.defects.duplicate_nik_persons & {p.id for p in living}
    assert copies_in_active and copies_in_active <= duplicates


async def test_household_defects_are_found(
    client: GraphQLClient, population: Population, databases: SourceDatabases
) -> None:
    nodes = await every_anomaly(client)
    found = defaultdict(set)
    for kind in ("ABOVE_DECILE_CEILING", "UNJUSTIFIED_PKH_COMPONENT", "PAID_WHILE_INACTIVE"):
        found[kind] = subjects([n for n in nodes if n["type"] == kind], "household")
    defects = population.defects
    # Other tests write to the shared databases, so later changes may add true anomalies;
    # the clean-region tests below guard against reports that are not.
    assert defects.over_ceiling_households <= found["ABOVE_DECILE_CEILING"]
    assert defects.unjustified_component_households <= found["UNJUSTIFIED_PKH_COMPONENT"]
    paid = {
        row[0]
        for row in await databases.rows(
            "registry", "SELECT DISTINCT household_id FROM disbursements WHERE status = 'tersalur'"
        )
    }
    assert defects.paid_while_inactive_households & paid <= found["PAID_WHILE_INACTIVE"]
    aid = subjects([n for n in nodes if n["type"] == "DUPLICATE_AID"], "household")
    repeated = {
        row[0]
        for row in await databases.rows(
            "logistics",
            "SELECT household_id FROM aid_distributions JOIN distribution_items"
            " ON distribution_id = id GROUP BY household_id, event_id, item"
            " HAVING count(*) > 1",
        )
    }
    assert defects.double_aid_households <= aid == repeated


async def test_unreported_deaths_still_paid_are_found(
    client: GraphQLClient, population: Population, databases: SourceDatabases
) -> None:
    first_visit = {
        row.subject_nik: date.fromisoformat(str(row.visited_on))
        for row in await databases.rows(
            "regional",
            "SELECT subject_nik, min(visited_on) AS visited_on FROM verification_visits"
            " WHERE outcome = 'deceased' GROUP BY subject_nik",
        )
    }
    last_paid = {
        row.household_id: date.fromisoformat(str(row.last))
        for row in await databases.rows(
            "registry",
            "SELECT household_id, max(disbursed_on) AS last FROM disbursements"
            " WHERE status = 'tersalur' GROUP BY household_id",
        )
    }
    expected = {
        person.id
        for household, person in population.persons()
        if person.id in population.defects.unreported_death_persons
        and household.id in last_paid
        and last_paid[household.id] > first_visit[person.nik]
    }
    nodes = await every_anomaly(client, ["DECEASED_STILL_PAID"])
    assert expected and subjects(nodes, "person") == expected
    for node in nodes:
        assert [e["kind"] for e in node["evidence"]] == ["verificationVisit", "disbursement"]
        assert node["observedOn"] > first_visit[node["subjectNik"]].isoformat()


async def test_poor_households_left_out_of_disaster_aid(
    client: GraphQLClient, population: Population, databases: SourceDatabases
) -> None:
    regions = defaultdict(list)
    for row in await databases.rows(
        "logistics",
        "SELECT event_id, region_code FROM event_regions"
        " WHERE event_id IN (SELECT event_id FROM aid_distributions)",
    ):
        regions[row.event_id].append(row.region_code)
    aided = {
        (row.event_id, row.household_id)
        for row in await databases.rows(
            "logistics", "SELECT event_id, household_id FROM aid_distributions"
        )
    }
    expected = {
        f"EXCLUDED_FROM_DISASTER_AID:household:{household.id}:event:{event_id}"
        for household in population.households
        if household.status == "aktif" and household.decile <= 4
        for event_id, codes in regions.items()
        if any(covers(code, household.village_code) for code in codes)
        and (event_id, household.id) not in aided
    }
    nodes = await every_anomaly(client, ["EXCLUDED_FROM_DISASTER_AID"])
    assert expected and {node["id"] for node in nodes} == expected


def _province_without(population: Population, households: set[int]) -> str:
    dirty = {h.province_code for h in population.households if h.id in households}
    return min({h.province_code for h in population.households} - dirty)


@pytest.mark.parametrize(
    ("kind", "defect", "per_person"),
    [
        ("DUPLICATE_NIK", "duplicate_nik_persons", True),
        ("INVALID_NIK", "invalid_nik_persons", True),
        ("DECEASED_STILL_PAID", "unreported_death_persons", True),
        ("ABOVE_DECILE_CEILING", "over_ceiling_households", False),
        ("UNJUSTIFIED_PKH_COMPONENT", "unjustified_component_households", False),
        ("PAID_WHILE_INACTIVE", "paid_while_inactive_households", False),
        ("DUPLICATE_AID", "double_aid_households", False),
    ],
)
async def test_a_clean_region_reports_nothing_of_the_kind(
    client: GraphQLClient, population: Population, kind: str, defect: str, per_person: bool
) -> None:
    ids: frozenset[int] = getattr(population.defects, defect)
    if per_person:
        household_of = _household_of(population)
        # Both holders of a copied NIK are reported, so the source's household is dirty too.
        niks = {p.nik for _, p in population.persons() if p.id in ids}
        ids = frozenset(
            {household_of[i] for i in ids}
            | {h.id for h, p in population.persons() if p.nik in niks}
        )
    clean = _province_without(population, set(ids))
    assert await every_anomaly(client, [kind], clean) == []
