"""The ``simpul seed`` command builds the demo databases deterministically."""

import sqlite3
from pathlib import Path

import pytest

from gateway.cli import main


def _household_rows(data_dir: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(data_dir / "registry.db") as db:
        return db.execute(
            "SELECT id, no_kk, village_code, decile FROM households ORDER BY id"
        ).fetchall()


def test_seed_command_builds_every_agency_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    assert main(["seed", "--households", "40", "--seed", "3"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.db")) == [
        "institutions.db",
        "logistics.db",
        "regional.db",
        "registry.db",
    ]
    assert len(_household_rows(tmp_path)) == 40
    assert "seeded 40 households" in capsys.readouterr().out


def test_same_seed_gives_the_same_data_and_if_empty_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        monkeypatch.setenv("SIMPUL_DATA_DIR", str(folder))
        assert main(["seed", "--households", "30", "--seed", "5"]) == 0
    assert _household_rows(first) == _household_rows(second)
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(first))
    assert main(["seed", "--households", "10", "--if-empty"]) == 0
    assert len(_household_rows(first)) == 30


def test_seed_refuses_a_non_positive_household_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as refused:
        main(["seed", "--households", "0"])
    assert refused.value.code == 2
    assert not list(tmp_path.glob("*.db"))
