import ast
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.seeding import seed_all
from resolvers.agencies import AGENCIES, AGENCY_KEYS
from resolvers.population import REFERENCE_DATE, Population, SeedPerson, age_on
from resolvers.registry.enums import PkhComponent
from resolvers.registry.programmes import YEARLY_AMOUNTS, justifies
from resolvers.wilayah import Level, gazetteer
from schema.scalars import nik_problem

HOUSEHOLDS = 2000
SEED = 11
Row = dict[str, Any]
Tables = dict[str, list[Row]]


def _engines(directory: Path) -> dict[str, AsyncEngine]:
    return {
        key: create_async_engine("sqlite+aiosqlite:///" + str(directory / f"{key}.db"))
        for key in AGENCY_KEYS
    }


async def _seed_and_read(directory: Path, households: int, seed: int) -> tuple[Population, Tables]:
    engines = _engines(directory)
    try:
        population = await seed_all(engines, households, seed)
        tables: Tables = {}
        for agency in AGENCIES:
            async with engines[agency.key].connect() as conn:
                for table in agency.metadata.sorted_tables:
                    result = await conn.execute(select(table).order_by(*table.primary_key.columns))
                    tables[table.name] = [dict(row) for row in result.mappings()]
        return population, tables
    finally:
        for engine in engines.values():
            await engine.dispose()


@pytest.fixture(scope="module")
async def seeded(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Population, Tables]:
    return await _seed_and_read(tmp_path_factory.mktemp("seed"), HOUSEHOLDS, SEED)


@pytest.fixture(scope="module")
def population(seeded: tuple[Population, Tables]) -> Population:
    return seeded[0]


@pytest.fixture(scope="module")
def tables(seeded: tuple[Population, Tables]) -> Tables:
    return seeded[1]


def _people(population: Population) -> dict[int, SeedPerson]:
    return {person.id: person for _, person in population.persons()}


def _households_of(population: Population) -> dict[int, int]:
    """Person id -> household id."""
    return {person.id: household.id for household, person in population.persons()}


async def test_same_seed_same_rows_and_another_seed_other_rows(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    _, first = await _seed_and_read(tmp_path / "a", 300, 3)
    _, again = await _seed_and_read(tmp_path / "b", 300, 3)
    _, other = await _seed_and_read(tmp_path / "c", 300, 4)
    assert first == again
    for name in ("persons", "disbursements", "verification_visits", "aid_distributions"):
        assert first[name] != other[name]


async def test_reseeding_replaces_the_data(tmp_path: Path) -> None:
    await _seed_and_read(tmp_path, 300, 3)
    _, tables = await _seed_and_read(tmp_path, 200, 3)
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
    people = _people(population)
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
    people = _people(population)
    homes = _households_of(population)
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
    people = _people(population)
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


def test_poor_households_inside_an_event_can_go_without_aid(tables: Tables) -> None:
    regions: dict[int, list[str]] = {}
    for row in tables["event_regions"]:
        regions.setdefault(row["event_id"], []).append(row["region_code"])
    reached = {(row["event_id"], row["household_id"]) for row in tables["aid_distributions"]}
    missed = [
        (event_id, household["id"])
        for event_id, codes in regions.items()
        for household in tables["households"]
        if household["decile"] <= 4
        and any(household["village_code"].startswith(code + ".") for code in codes)
        and (event_id, household["id"]) not in reached
    ]
    assert missed


def test_disaster_events_cover_the_anchor_regions(tables: Tables) -> None:
    codes = {row["region_code"] for row in tables["event_regions"]}
    assert any(code.startswith("32.04.") and len(code) == 8 for code in codes)
    assert "35.78" in codes
    closed = [row for row in tables["disaster_events"] if row["status"] == "selesai"]
    assert closed and all(row["ended_on"] is not None for row in closed)


def test_aid_is_handed_out_during_the_event_where_the_household_lives(
    tables: Tables,
) -> None:
    events = {row["id"]: row for row in tables["disaster_events"]}
    villages = {row["id"]: row["village_code"] for row in tables["households"]}
    regions: dict[int, list[str]] = {}
    for row in tables["event_regions"]:
        regions.setdefault(row["event_id"], []).append(row["region_code"])
    for row in tables["aid_distributions"]:
        event = events[row["event_id"]]
        assert row["village_code"] == villages[row["household_id"]]
        assert any(row["village_code"].startswith(code + ".") for code in regions[row["event_id"]])
        assert event["started_on"] <= row["distributed_on"] <= (event["ended_on"] or REFERENCE_DATE)


def test_stock_is_never_negative_and_posts_keep_what_they_did_not_hand_out(
    tables: Tables,
) -> None:
    assert all(row["quantity"] >= 0 for row in tables["stock_levels"])
    assert all(
        (row["warehouse_id"] is None) != (row["post_id"] is None) for row in tables["stock_levels"]
    )
    shipments = {row["id"]: row for row in tables["shipments"]}
    received: Counter[tuple[int, str]] = Counter()
    for row in tables["shipment_items"]:
        shipment = shipments[row["shipment_id"]]
        if shipment["status"] == "diterima":
            received[shipment["post_id"], row["item"]] += row["quantity"]
    handouts = {row["id"]: row for row in tables["aid_distributions"]}
    handed: Counter[tuple[int, str]] = Counter()
    for row in tables["distribution_items"]:
        handed[handouts[row["distribution_id"]]["post_id"], row["item"]] += row["quantity"]
    for row in tables["stock_levels"]:
        if row["post_id"] is not None:
            key = (row["post_id"], row["item"])
            assert row["quantity"] == received[key] - handed[key]
    kinds = Counter(row["kind"] for row in tables["warehouses"])
    assert kinds["buffer_stock"] == 6 and kinds["lumbung_sosial"] > 0


def test_an_office_for_every_province_and_regency(tables: Tables) -> None:
    names = {row["region_code"]: row["name"] for row in tables["social_offices"]}
    assert names["32"] == "Dinas Sosial Provinsi Jawa Barat"
    assert names["32.04"] == "Dinas Sosial Kabupaten Bandung"
    assert names["32.73"] == "Dinas Sosial Kota Bandung"
    regencies = [r for p in gazetteer().provinces() for r in gazetteer().children(p.code)]
    assert set(names) == {p.code for p in gazetteer().provinces()} | {r.code for r in regencies}


def test_visits_and_cases_go_to_the_regency_office(tables: Tables) -> None:
    offices = {row["id"]: row["region_code"] for row in tables["social_offices"]}
    for row in tables["verification_visits"] + tables["rehabilitation_cases"]:
        assert offices[row["office_id"]] == row["village_code"][:5]
    outcomes = Counter(row["outcome"] for row in tables["verification_visits"])
    assert outcomes.most_common(1)[0][0] == "eligible"
    assert {"moved", "not_found", "ineligible", "deceased"} <= set(outcomes)


def test_rehabilitation_clusters_fit_the_clients(population: Population, tables: Tables) -> None:
    by_nik = {person.nik: person for _, person in population.persons()}
    clusters: Counter[str] = Counter()
    for row in tables["rehabilitation_cases"]:
        person = by_nik[row["client_nik"]]
        age = age_on(person.birth_date, REFERENCE_DATE)
        clusters[row["cluster"]] += 1
        if row["cluster"] == "anak":
            assert age < 18
        elif row["cluster"] == "lansia":
            assert age >= 60
        elif row["cluster"] == "disabilitas":
            assert person.disability is not None
        if row["status"] == "terminasi":
            assert row["closed_on"] is not None and row["closed_on"] >= row["opened_on"]
    assert {"anak", "lansia", "disabilitas"} <= set(clusters)


def test_sanggah_runs_on_a_fourteen_day_clock(tables: Tables) -> None:
    sanggah = [row for row in tables["complaints"] if row["kind"] == "sanggah"]
    assert sanggah
    for row in sanggah:
        assert row["due_on"] == row["filed_on"] + timedelta(days=14)
    overdue = [
        row
        for row in sanggah
        if row["due_on"] < REFERENCE_DATE and row["status"] in ("diterima", "diproses")
    ]
    assert overdue
    for row in tables["complaints"]:
        assert (row["resolved_on"] is None) == (row["status"] in ("diterima", "diproses"))


def test_kube_members_are_neighbours_from_the_group_village(
    population: Population, tables: Tables
) -> None:
    villages = {person.nik: household.village_code for household, person in population.persons()}
    groups = {row["id"]: row for row in tables["kube_groups"]}
    sizes = Counter(row["group_id"] for row in tables["kube_members"])
    assert all(5 <= size <= 10 for size in sizes.values())
    for row in tables["kube_members"]:
        assert villages[row["member_nik"]] == groups[row["group_id"]]["village_code"]
    roles = Counter(row["role"] for row in tables["kube_members"])
    assert roles["ketua"] == roles["bendahara"] == len(groups)
    for row in tables["kube_grants"]:
        assert 10_000_000 <= row["amount"] <= 30_000_000
        assert row["granted_on"] >= groups[row["group_id"]]["formed_on"]


def test_residents_are_placed_in_lks_that_serve_them(
    population: Population, tables: Tables
) -> None:
    homes = {person.nik: household for household, person in population.persons()}
    institutions = {row["id"]: row for row in tables["institutions"]}
    services: dict[int, set[str]] = {}
    for row in tables["institution_services"]:
        services.setdefault(row["institution_id"], set()).add(row["service"])
    assert all(1 <= len(offered) <= 4 for offered in services.values())
    numbers = [row["registration_number"] for row in tables["institutions"]]
    assert all(number.split("-")[0] in ("LKS", "KT", "PSKS") for number in numbers)
    for row in tables["placements"]:
        institution = institutions[row["institution_id"]]
        assert institution["kind"] == "lks"
        assert homes[row["resident_nik"]].province_code == institution["village_code"][:2]
        if row["discharged_on"] is not None:
            assert row["discharged_on"] >= row["admitted_on"]


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, with ``from a import b`` counted as ``a`` and ``a.b``."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


@pytest.mark.parametrize("agency", AGENCY_KEYS)
def test_an_agency_seed_imports_no_other_agency(agency: str) -> None:
    root = Path(__file__).resolve().parents[2]
    others = [f"resolvers.{other}" for other in AGENCY_KEYS if other != agency]
    pending, seen = [f"resolvers.{agency}.seed"], set()
    while pending:
        module = pending.pop()
        seen.add(module)
        imported = _imports(root / (module.replace(".", "/") + ".py"))
        clashes = {m for m in imported for o in others if m == o or m.startswith(o + ".")}
        assert not clashes, (module, clashes)
        own = {m for m in imported if m.startswith(f"resolvers.{agency}.")}
        pending.extend(
            m for m in own if m not in seen and (root / (m.replace(".", "/") + ".py")).exists()
        )
    assert len(seen) > 1
