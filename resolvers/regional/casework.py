"""Verification visits (verval) and ATENSI rehabilitation cases."""

import random
from datetime import date, timedelta

from resolvers.bulk_insert import Row
from resolvers.population import (
    LAST_DAY,
    Population,
    SeedHousehold,
    SeedPerson,
    person_name,
    random_date,
)
from resolvers.regional.enums import CaseStatus, RehabilitationCluster, VisitOutcome

_VISIT_RATE = 0.10
# Recorded deaths the office also confirmed in the field.
_RECORDED_DEATH_VISITED = 0.4
_FIRST_VISIT = date(2025, 1, 1)
_ROUTINE_OUTCOMES = (
    VisitOutcome.ELIGIBLE,
    VisitOutcome.MOVED,
    VisitOutcome.NOT_FOUND,
    VisitOutcome.INELIGIBLE,
)
_POOR_WEIGHTS = (80, 6, 5, 9)
_BETTER_OFF_WEIGHTS = (55, 6, 5, 34)
_NOTES = {
    VisitOutcome.ELIGIBLE: (
        "Kondisi rumah dan anggota keluarga sesuai data; keluarga layak menerima bantuan.",
        "Rumah semi permanen, lantai tanah; penghasilan kepala keluarga tidak tetap.",
    ),
    VisitOutcome.MOVED: (
        "Keluarga sudah pindah alamat menurut keterangan ketua RT.",
        "Rumah dikontrakkan; keluarga pindah ke luar desa.",
    ),
    VisitOutcome.NOT_FOUND: (
        "Alamat tidak ditemukan di wilayah RT/RW yang tercatat.",
        "Rumah kosong pada tiga kali kunjungan.",
    ),
    VisitOutcome.INELIGIBLE: (
        "Keluarga dinilai mampu: rumah permanen dan memiliki kendaraan roda empat.",
        "Kepala keluarga berpenghasilan tetap di atas upah minimum.",
    ),
}

_CASE_RATE = 0.008
_CASE_RATE_WITH_DISABILITY = 0.08
_ADULT_CLUSTERS = (
    RehabilitationCluster.NAPZA,
    RehabilitationCluster.TUNA_SOSIAL_TPPO,
    RehabilitationCluster.KORBAN_BENCANA,
)
_ADULT_CLUSTER_WEIGHTS = (40, 35, 25)
_CASE_STATUSES = tuple(CaseStatus)
_CASE_STATUS_WEIGHTS = (20, 45, 35)
_FIRST_CASE = date(2024, 1, 1)
_ATENSI_SERVICES = (
    "pemenuhan kebutuhan hidup layak",
    "perawatan sosial",
    "dukungan keluarga",
    "terapi fisik",
    "terapi psikososial",
    "terapi mental spiritual",
    "pelatihan vokasional",
    "bantuan sosial",
    "dukungan aksesibilitas",
)


class _Officers:
    """A few officers per office, so that one name shows up on many visits."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._names: dict[str, list[str]] = {}

    def pick(self, regency_code: str) -> str:
        if regency_code not in self._names:
            self._names[regency_code] = [
                person_name(self._rng, regency_code[:2], self._rng.choice("LP")) for _ in range(3)
            ]
        return self._rng.choice(self._names[regency_code])


def verification_visits(
    rng: random.Random, population: Population, office_ids: dict[str, int]
) -> list[Row]:
    officers = _Officers(rng)
    rows: list[Row] = []

    def visit(
        household: SeedHousehold, outcome: VisitOutcome, on: date, nik: str | None, notes: str
    ) -> None:
        rows.append(
            {
                "id": len(rows) + 1,
                "office_id": office_ids[household.regency_code],
                "household_id": household.id,
                "subject_nik": nik,
                "village_code": household.village_code,
                "visited_on": on,
                "outcome": outcome.value,
                "officer": officers.pick(household.regency_code),
                "notes": notes,
            }
        )

    unreported = population.defects.unreported_death_persons
    for household in population.households:
        if rng.random() < _VISIT_RATE:
            weights = _POOR_WEIGHTS if household.decile <= 5 else _BETTER_OFF_WEIGHTS
            outcome = rng.choices(_ROUTINE_OUTCOMES, weights)[0]
            first = max(_FIRST_VISIT, household.registered_on)
            visit(
                household,
                outcome,
                random_date(rng, first, LAST_DAY),
                None,
                rng.choice(_NOTES[outcome]),
            )
        for person in household.members:
            if person.died_on is None:
                continue
            if person.id in unreported or rng.random() < _RECORDED_DEATH_VISITED:
                on = random_date(rng, person.died_on + timedelta(days=1), LAST_DAY)
                note = f"{person.name} meninggal dunia pada {person.died_on:%d-%m-%Y}."
                visit(household, VisitOutcome.DECEASED, on, person.nik, note)
    return rows


def rehabilitation_cases(
    rng: random.Random, population: Population, office_ids: dict[str, int]
) -> list[Row]:
    rows: list[Row] = []
    for household, person in population.persons():
        if not person.alive:
            continue
        rate = _CASE_RATE if person.disability is None else _CASE_RATE_WITH_DISABILITY
        if rng.random() >= rate:
            continue
        status = rng.choices(_CASE_STATUSES, _CASE_STATUS_WEIGHTS)[0]
        opened_on = random_date(rng, max(_FIRST_CASE, person.birth_date), LAST_DAY)
        closed_on = (
            random_date(rng, opened_on, LAST_DAY) if status is CaseStatus.TERMINASI else None
        )
        rows.append(
            {
                "id": len(rows) + 1,
                "office_id": office_ids[household.regency_code],
                "client_nik": person.nik,
                "village_code": household.village_code,
                "cluster": _cluster(rng, person).value,
                "status": status.value,
                "opened_on": opened_on,
                "closed_on": closed_on,
                "services": ", ".join(rng.sample(_ATENSI_SERVICES, rng.randint(1, 3))),
            }
        )
    return rows


def _cluster(rng: random.Random, person: SeedPerson) -> RehabilitationCluster:
    """The cluster that fits who the client is; disasters strike anyone."""
    if rng.random() < 0.15:
        return RehabilitationCluster.KORBAN_BENCANA
    if person.disability is not None:
        return RehabilitationCluster.DISABILITAS
    if person.age < 18:
        return RehabilitationCluster.ANAK
    if person.age >= 60:
        return RehabilitationCluster.LANSIA
    return rng.choices(_ADULT_CLUSTERS, _ADULT_CLUSTER_WEIGHTS)[0]
