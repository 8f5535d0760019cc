"""The command line around agency nodes refuses what cannot work, with a usage message."""

from pathlib import Path

import pytest

from gateway.cli import main
from resolvers.agencies import AGENCY_KEYS
from schema.node.build import NODE_AGENCIES


def test_every_agency_can_run_as_a_node() -> None:
    assert sorted(NODE_AGENCIES) == sorted(AGENCY_KEYS)


@pytest.mark.parametrize("name", ["hub", "dukcapil", ""])
def test_agency_serve_refuses_what_is_not_an_agency(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["agency", "serve", name])
    assert exited.value.code == 2
    assert f"invalid choice: '{name}'" in capsys.readouterr().err


def test_agency_serve_needs_the_agencys_own_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIMPUL_LOGISTICS_URL", "https://logistik.example.go.id/graphql")
    with pytest.raises(SystemExit) as exited:
        main(["agency", "serve", "logistics"])
    assert exited.value.code == 2
    assert "set a database URL" in capsys.readouterr().err


def test_db_upgrade_leaves_an_agency_node_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIMPUL_LOGISTICS_URL", "https://logistik.example.go.id/graphql")
    with pytest.raises(SystemExit) as exited:
        main(["db", "upgrade", "--agency", "logistics"])
    assert exited.value.code == 2
    assert "logistics is an agency node" in capsys.readouterr().err
    assert main(["db", "upgrade", "--agency", "hub"]) == 0
    assert "hub: at the current schema" in capsys.readouterr().out
