"""The seed builds the population and the registry's defects deterministically."""

from collections import Counter
from datetime import date
from pathlib import Path

from resolvers.population import REFERENCE_DATE, Population
from resolvers.registry.enums import PkhComponent
from resolvers.registry.programmes import YEARLY_AMOUNTS, justifies
from resolvers.wilayah import Level, gazetteer
from schema.scalars import nik_problem
from tests.seed.support import (
    HOUSEHOLDS,
    Row,
    Tables,
    household_of_person,
    people_by_id,
    seed_and_read,
)


async def test_same_seed_same_rows_and_another_seed_other_rows(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    _, first = await seed_and_read(tmp_path / "a", 300, 3)
    _, again = await seed_and_read(tmp_path / "b", 300, 3)
    _, other = await seed_and_read(tmp_path / "c", 300, 4)
    assert first == again
    for name in ("persons", "disbursements", "verification_visits", "aid_distributions"):
        assert first[name] != other[name]


async def test_reseeding_replaces_the_data(tmp_path: Path) -> None:
    await seed_and_read(tmp_path, 300, 3)
    _, tables = await seed_and_read(tmp_path, 200, 3)
    assert len(tables["households"]) == 200


def test_row_counts_are_plausible(population: Population, tables: Tables) -> None:
    persons = sum(len(household.members) for household in population.households)
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts["households"] == HOUSEHOLDS
    assert counts["persons"] == persons
    assert 3 * HOUSEHOLDS < persons < 5 * HOUSEHOLDS
    assert HOUSEHOLDS < counts["enrolments"] < 3 * HOUSEHOLDS
    assert 5 * HOUSEHOLDS < counts["disbursements"] < 12 * HOUSEHOLDS
    assert counts["social_offices"] == 38 + 514
    assert 0.08 * HOUSEHOLDS < counts["verification_visits"] < 0.14 * HOUSEHOLDS
    assert 0.005 * persons < counts["rehabilitation_cases"] < 0.02 * persons
    assert counts["kube_groups"] == HOUSEHOLDS // 300
    assert counts["institutions"] == HOUSEHOLDS // 250
    assert 4 <= counts["disaster_events"] <= 6
    for name in ("complaints", "kube_grants", "placements", "warehouses", "shipments"):
        assert counts[name] > 0, name


def test_village_codes_exist_in_the_gazetteer(tables: Tables) -> None:
    for name, rows in tables.items():
        for row in rows:
            if "village_code" in row:
                village = gazetteer().get(row["village_code"])
                assert village is not None and village.level is Level.VILLAGE, name
    for row in tables["event_regions"] + tables["warehouses"]:
        assert row["region_code"] in gazetteer()


def test_no_two_households_share_a_no_kk(tables: Tables) -> None:
    numbers = [row["no_kk"] for row in tables["households"]]
    assert len(set(numbers)) == len(numbers)


def test_stored_persons_match_the_population(population: Population, tables: Tables) -> None:
    people = people_by_id(population)
    for row in tables["persons"]:
        person = people[row["id"]]
        assert (row["nik"], row["birth_date"], row["status"]) == (
            person.nik,
            person.birth_date,
            person.status,
        )


def test_every_nik_but_the_placeholders_is_valid(population: Population, tables: Tables) -> None:
    refused = {row["id"] for row in tables["persons"] if nik_problem(row["nik"])}
    assert refused == population.defects.invalid_nik_persons
    assert len(refused) >= 2


def test_duplicate_niks_are_in_the_registry(population: Population, tables: Tables) -> None:
    homes: dict[str, set[int]] = {}
    for row in tables["persons"]:
        homes.setdefault(row["nik"], set()).add(row["household_id"])
    duplicated = population.defects.duplicate_nik_persons
    assert duplicated
    for row in tables["persons"]:
        if row["id"] in duplicated:
            assert len(homes[row["nik"]]) == 2 and row["status"] == "hidup"


def test_unreported_deaths_are_found_in_the_field_and_still_paid(
    population: Population, tables: Tables
) -> None:
    people = people_by_id(population)
    homes = household_of_person(population)
    unreported = population.defects.unreported_death_persons
    assert unreported
    deceased_visits = {
        row["subject_nik"]: row["visited_on"]
        for row in tables["verification_visits"]
        if row["outcome"] == "deceased"
    }
    paid_on: dict[int, list[date]] = {}
    for row in tables["disbursements"]:
        if row["status"] == "tersalur":
            paid_on.setdefault(row["household_id"], []).append(row["disbursed_on"])
    stored = {row["id"]: row for row in tables["persons"]}
    for person_id in unreported:
        person = people[person_id]
        assert person.died_on is not None
        assert stored[person_id]["status"] == "hidup" and stored[person_id]["deceased_on"] is None
        assert deceased_visits[person.nik] > person.died_on
        assert max(paid_on[homes[person_id]]) > person.died_on
    recorded = [p for p in people.values() if p.status == "meninggal" and p.nik in deceased_visits]
    assert recorded


def test_over_ceiling_enrolments_are_exactly_the_recorded_ones(
    population: Population, tables: Tables
) -> None:
    deciles = {row["id"]: row["decile"] for row in tables["households"]}
    ceilings = {"pkh": 4, "sembako": 5}
    over = {
        row["household_id"]
        for row in tables["enrolments"]
        if row["programme"] in ceilings
        and deciles[row["household_id"]] > ceilings[row["programme"]]
    }
    assert over == population.defects.over_ceiling_households
    pkh_over = {
        row["household_id"]
        for row in tables["enrolments"]
        if row["programme"] == "pkh" and deciles[row["household_id"]] > 4
    }
    assert pkh_over


def test_payments_to_inactive_households_are_the_recorded_ones(
    population: Population, tables: Tables
) -> None:
    statuses = {row["id"]: row["status"] for row in tables["households"]}
    paid_inactive = {
        row["household_id"]
        for row in tables["disbursements"]
        if row["status"] == "tersalur" and statuses[row["household_id"]] != "aktif"
    }
    assert paid_inactive == population.defects.paid_while_inactive_households
    assert paid_inactive


def test_unjustified_pkh_components_are_the_recorded_ones(
    population: Population, tables: Tables
) -> None:
    people = people_by_id(population)
    households = {row["id"]: row["household_id"] for row in tables["enrolments"]}
    unjustified = set()
    for row in tables["pkh_components"]:
        person = people.get(row["person_id"]) if row["person_id"] is not None else None
        if person is None or not justifies(PkhComponent(row["component"]), person):
            unjustified.add(households[row["enrolment_id"]])
    assert unjustified == population.defects.unjustified_component_households
    assert unjustified


def test_pkh_components_and_payments_follow_the_rules(tables: Tables) -> None:
    components: dict[int, list[Row]] = {}
    for row in tables["pkh_components"]:
        components.setdefault(row["enrolment_id"], []).append(row)
        assert row["yearly_amount"] == YEARLY_AMOUNTS[PkhComponent(row["component"])]
    assert max(len(rows) for rows in components.values()) <= 4
    programmes = {row["id"]: row["programme"] for row in tables["enrolments"]}
    periods = set()
    for row in tables["disbursements"]:
        periods.add(row["period"])
        programme = programmes[row["enrolment_id"]]
        if programme == "pkh":
            assert row["amount"] * 4 == sum(
                c["yearly_amount"] for c in components[row["enrolment_id"]]
            )
            assert (row["status"] == "dijadwalkan") == (row["period"] == "2026-Q4")
        elif programme == "sembako":
            assert row["amount"] == 200_000
        if row["status"] in ("dijadwalkan", "gagal"):
            assert row["disbursed_on"] is None
        else:
            assert row["disbursed_on"] < REFERENCE_DATE
        if row["channel"] == "pos":
            assert row["bank_account"] is None
        else:
            assert row["bank_account"].isdigit() and 10 <= len(row["bank_account"]) <= 15
    assert {f"2026-Q{q}" for q in range(1, 5)} | {f"2026-{m:02d}" for m in range(1, 11)} <= periods
    statuses = Counter(row["status"] for row in tables["disbursements"])
    assert statuses["gagal"] > 0 and statuses["dikembalikan"] > 0


def test_double_aid_is_the_recorded_defect(population: Population, tables: Tables) -> None:
    handouts = {row["id"]: row for row in tables["aid_distributions"]}
    received = Counter(
        (
            handouts[row["distribution_id"]]["event_id"],
            handouts[row["distribution_id"]]["household_id"],
            row["item"],
        )
        for row in tables["distribution_items"]
    )
    twice = {household for (_, household, _), count in received.items() if count > 1}
    assert twice == population.defects.double_aid_households
    assert twice
