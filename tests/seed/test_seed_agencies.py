"""The seed fills the regional, institutions and logistics sources consistently."""

import ast
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from resolvers.agencies import AGENCY_KEYS
from resolvers.population import REFERENCE_DATE, Population, age_on
from resolvers.wilayah import gazetteer
from tests.seed.support import Tables


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
