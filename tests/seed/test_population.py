from collections import Counter
from datetime import date

import pytest

from resolvers.population import (
    DOUBLE_AID_REGENCY,
    REFERENCE_DATE,
    Population,
    SeedHousehold,
    SeedPerson,
    age_on,
    build_population,
)
from resolvers.population_regions import ANCHOR_REGENCIES, SEEDED_PROVINCES
from resolvers.registry.enums import Disability, Relationship
from resolvers.wilayah import Level, gazetteer
from schema.scalars import nik_problem

HOUSEHOLDS = 2000


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(HOUSEHOLDS, 11)


def _persons(population: Population) -> list[tuple[SeedHousehold, SeedPerson]]:
    return list(population.persons())


def _date_digits(day: date, offset: int = 0) -> str:
    return f"{day.day + offset:02d}{day.month:02d}{day.year % 100:02d}"


def test_same_seed_same_population_and_another_seed_another() -> None:
    assert build_population(300, 5) == build_population(300, 5)
    assert build_population(300, 5) != build_population(300, 6)


def test_ids_are_sequential_and_every_household_has_one_head(population: Population) -> None:
    assert [h.id for h in population.households] == list(range(1, HOUSEHOLDS + 1))
    person_ids = [person.id for _, person in _persons(population)]
    assert person_ids == list(range(1, len(person_ids) + 1))
    for household in population.households:
        assert 1 <= len(household.members) <= 7
        relationships = [person.relationship for person in household.members]
        assert relationships[0] == Relationship.KEPALA_KELUARGA.value
        assert relationships.count(Relationship.KEPALA_KELUARGA.value) == 1


def test_valid_niks_encode_district_birth_date_and_sex(population: Population) -> None:
    defects = population.defects
    skipped = defects.duplicate_nik_persons | defects.invalid_nik_persons
    checked = 0
    for household, person in _persons(population):
        if person.id in skipped:
            continue
        assert nik_problem(person.nik) is None, person.nik
        assert person.nik[:6] == household.district_code.replace(".", "")
        offset = 40 if person.sex == "P" else 0
        assert person.nik[6:12] == _date_digits(person.birth_date, offset)
        assert person.nik[12:] != "0000"
        checked += 1
    assert checked > 6000


def test_niks_are_unique_apart_from_the_deliberate_copies(population: Population) -> None:
    defects = population.defects
    counts = Counter(
        person.nik
        for _, person in _persons(population)
        if person.id not in defects.invalid_nik_persons
    )
    shared = {nik for nik, count in counts.items() if count > 1}
    copies = {
        person.nik
        for _, person in _persons(population)
        if person.id in defects.duplicate_nik_persons
    }
    assert shared == copies


def test_invalid_niks_are_exactly_the_recorded_ones(population: Population) -> None:
    refused = {person.id for _, person in _persons(population) if nik_problem(person.nik)}
    assert refused == population.defects.invalid_nik_persons
    assert len(refused) >= 2
    niks = {person.nik for _, person in _persons(population) if person.id in refused}
    assert any(nik.endswith("0000") and nik[4:12] != "0" * 8 for nik in niks)
    assert any(nik[4:] == "0" * 12 for nik in niks)


def test_duplicate_niks_are_shared_by_living_people_of_different_households(
    population: Population,
) -> None:
    holders: dict[str, list[tuple[SeedHousehold, SeedPerson]]] = {}
    for household, person in _persons(population):
        if person.id not in population.defects.invalid_nik_persons:
            holders.setdefault(person.nik, []).append((household, person))
    for _, person in _persons(population):
        if person.id in population.defects.duplicate_nik_persons:
            sharing = holders[person.nik]
            assert len({home.id for home, _ in sharing}) == len(sharing) == 2
            assert all(holder.status == "hidup" for _, holder in sharing)


def test_no_kk_is_unique_and_encodes_district_and_registration(population: Population) -> None:
    numbers = [household.no_kk for household in population.households]
    assert len(set(numbers)) == len(numbers)
    for household in population.households:
        assert household.no_kk.isdigit() and len(household.no_kk) == 16
        assert household.no_kk[:6] == household.district_code.replace(".", "")
        assert household.no_kk[6:12] == _date_digits(household.registered_on)


def test_households_live_in_seeded_villages_of_the_gazetteer(population: Population) -> None:
    codes = {household.village_code for household in population.households}
    for code in codes:
        village = gazetteer().get(code)
        assert village is not None and village.level is Level.VILLAGE
    assert {code[:2] for code in codes} == set(SEEDED_PROVINCES)
    assert set(ANCHOR_REGENCIES) <= {code[:5] for code in codes}
    per_village = Counter(household.village_code for household in population.households)
    assert max(per_village.values()) > 3 * min(per_village.values())


def test_ages_fit_relationships(population: Population) -> None:
    for household in population.households:
        head_age = age_on(household.members[0].birth_date, REFERENCE_DATE)
        assert head_age >= 18
        for person in household.members[1:]:
            age = age_on(person.birth_date, REFERENCE_DATE)
            if person.relationship == Relationship.ANAK.value:
                assert age <= head_age - 14
            elif person.relationship in (Relationship.ORANG_TUA.value, Relationship.MERTUA.value):
                assert age >= head_age + 19
            elif person.relationship == Relationship.CUCU.value:
                assert age <= 17 and age <= head_age - 30


def test_birth_places_are_regency_names_of_the_province(population: Population) -> None:
    for household in population.households[:300]:
        names = {
            regency.name.removeprefix("Kabupaten ").removeprefix("Kota ")
            for regency in gazetteer().children(household.province_code)
        }
        assert {person.birth_place for person in household.members} <= names


def test_shares_look_like_a_register_of_poor_households(population: Population) -> None:
    persons = [person for _, person in _persons(population)]
    disabled = [person.disability for person in persons if person.disability is not None]
    assert 0.015 < len(disabled) / len(persons) < 0.05
    assert set(disabled) <= {disability.value for disability in Disability}
    deciles = Counter(household.decile for household in population.households)
    assert sum(deciles[d] for d in range(1, 5)) > 0.45 * HOUSEHOLDS
    assert deciles[1] > deciles[10]
    statuses = Counter(household.status for household in population.households)
    assert statuses["aktif"] > 0.9 * HOUSEHOLDS
    assert statuses["suspend"] > 0 and statuses["exclude"] > 0


def test_recorded_deaths_and_moves_are_consistent(population: Population) -> None:
    persons = [person for _, person in _persons(population)]
    recorded = [person for person in persons if person.status == "meninggal"]
    assert recorded
    for person in recorded:
        assert person.deceased_on is not None and person.deceased_on == person.died_on
        assert person.birth_date <= person.deceased_on < REFERENCE_DATE
    assert any(person.status == "pindah" for person in persons)
    for person in persons:
        if person.status != "meninggal":
            assert person.deceased_on is None


def test_unreported_deaths_have_a_true_date_but_a_living_record(population: Population) -> None:
    unreported = population.defects.unreported_death_persons
    assert len(unreported) >= 0.003 * len(_persons(population))
    for household, person in _persons(population):
        if person.id in unreported:
            assert person.status == "hidup" and person.deceased_on is None
            assert person.died_on is not None and person.died_on < REFERENCE_DATE
            assert household.status == "aktif" and household.decile <= 5
        elif person.status == "hidup":
            assert person.died_on is None


def test_household_defects_pick_households_that_can_show_them(population: Population) -> None:
    defects = population.defects
    by_id = {household.id: household for household in population.households}
    kinds = (
        defects.over_ceiling_households,
        defects.paid_while_inactive_households,
        defects.unjustified_component_households,
        defects.double_aid_households,
    )
    assert all(len(ids) >= 2 for ids in kinds)
    for household_id in defects.over_ceiling_households:
        assert by_id[household_id].status == "aktif" and 6 <= by_id[household_id].decile <= 8
    for household_id in defects.paid_while_inactive_households:
        assert by_id[household_id].status != "aktif" and by_id[household_id].decile <= 4
    for household_id in defects.unjustified_component_households:
        assert by_id[household_id].status == "aktif" and by_id[household_id].decile <= 4
    for household_id in defects.double_aid_households:
        assert by_id[household_id].regency_code == DOUBLE_AID_REGENCY


def test_small_populations_have_no_forced_defects() -> None:
    population = build_population(20, 1)
    assert len(population.households) == 20
    assert not population.defects.invalid_nik_persons


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2000, 11, 1), date(2026, 11, 1), 26),
        (date(2000, 11, 2), date(2026, 11, 1), 25),
        (date(2004, 2, 29), date(2026, 2, 28), 21),
    ],
)
def test_age_on_counts_whole_years(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_a_large_population_builds_without_impossible_dates() -> None:
    """Born after the last recorded death, nobody is recorded as dead (sizes that once failed)."""
    population = build_population(60_000, 1)
    for _, person in population.persons():
        if person.deceased_on is not None:
            assert person.deceased_on >= person.birth_date
