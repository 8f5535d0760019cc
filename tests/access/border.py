"""A copy of the seeded sources with records that cross a regency border.

The seed keeps each disaster, placement and aid handout inside one regency, so a copy adds
what real data has: a flood over two regencies of one province, an institution in one of
them housing a resident from the other, and aid handed to a household of the first at a
post in the second.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.access.support import AGENCIES

HOME = "32.04"
NEIGHBOUR = "32.73"
REGISTRATION = "LKS-BATAS-0001"


@dataclass(frozen=True)
class Border:
    data_dir: Path
    event_id: int
    institution_id: int
    home_nik: str
    neighbour_nik: str
    aid_household: int
    aid_id: int


def _one_person_nik(db: sqlite3.Connection, regency: str) -> tuple[str, int, str]:
    """A NIK held by exactly one person, living in ``regency``: (nik, household, village)."""
    row = db.execute(
        "SELECT p.nik, h.id, h.village_code FROM persons p"
        " JOIN households h ON h.id = p.household_id"
        " WHERE h.village_code LIKE :prefix"
        " AND (SELECT count(*) FROM persons q WHERE q.nik = p.nik) = 1"
        " ORDER BY p.id LIMIT 1",
        {"prefix": f"{regency}.%"},
    ).fetchone()
    assert row is not None, f"the seed has nobody in {regency}"
    return str(row[0]), int(row[1]), str(row[2])


def _next_id(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def build_border(seeded: Path, target: Path) -> Border:
    target.mkdir(parents=True, exist_ok=True)
    for agency in AGENCIES:
        with (
            closing(sqlite3.connect(seeded / f"{agency}.db")) as source,
            closing(sqlite3.connect(target / f"{agency}.db")) as copy,
        ):
            source.backup(copy)

    with closing(sqlite3.connect(target / "registry.db")) as registry:
        home_nik, home_household, home_village = _one_person_nik(registry, HOME)
        neighbour_nik, _, neighbour_village = _one_person_nik(registry, NEIGHBOUR)

    with closing(sqlite3.connect(target / "institutions.db")) as institutions, institutions:
        institution_id = _next_id(institutions, "institutions")
        institutions.execute(
            "INSERT INTO institutions (id, registration_number, name, kind, accreditation,"
            " village_code, address, capacity, registered_on) VALUES"
            " (?, ?, 'LKS Lintas Batas', 'lks', 'b', ?, 'Jl. Batas No. 1', 20, '2020-01-06')",
            (institution_id, REGISTRATION, home_village),
        )
        institutions.execute(
            "INSERT INTO institution_services (institution_id, service) VALUES (?, 'lanjut_usia')",
            (institution_id,),
        )
        first = _next_id(institutions, "placements")
        for offset, nik in enumerate((home_nik, neighbour_nik)):
            institutions.execute(
                "INSERT INTO placements (id, institution_id, resident_nik, admitted_on,"
                " discharged_on, reason) VALUES (?, ?, ?, '2024-03-01', NULL, 'terlantar')",
                (first + offset, institution_id, nik),
            )

    with closing(sqlite3.connect(target / "logistics.db")) as logistics, logistics:
        event_id = _next_id(logistics, "disaster_events")
        logistics.execute(
            "INSERT INTO disaster_events (id, name, kind, status, started_on, ended_on)"
            " VALUES (?, 'Banjir Bandung Raya', 'banjir', 'tanggap_darurat', '2026-09-01', NULL)",
            (event_id,),
        )
        logistics.executemany(
            "INSERT INTO event_regions (event_id, region_code) VALUES (?, ?)",
            [(event_id, HOME), (event_id, NEIGHBOUR)],
        )
        post_id = _next_id(logistics, "emergency_posts")
        logistics.execute(
            "INSERT INTO emergency_posts (id, event_id, name, village_code, opened_on, closed_on)"
            " VALUES (?, ?, 'Posko Batas', ?, '2026-09-02', NULL)",
            (post_id, event_id, neighbour_village),
        )
        aid_id = _next_id(logistics, "aid_distributions")
        logistics.execute(
            "INSERT INTO aid_distributions (id, event_id, post_id, household_id, village_code,"
            " distributed_on) VALUES (?, ?, ?, ?, ?, '2026-09-03')",
            (aid_id, event_id, post_id, home_household, neighbour_village),
        )

    return Border(target, event_id, institution_id, home_nik, neighbour_nik, home_household, aid_id)
