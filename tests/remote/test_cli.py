"""The command line around agency nodes refuses what cannot work, with a usage message."""

from pathlib import Path

import pytest

from gateway.cli import main
from resolvers.agencies import AGENCY_KEYS
from schema.node.build import NODE_AGENCIES

# An agency whose reads the hub cannot yet make of a node.
WITHOUT_NODE = next(agency for agency in AGENCY_KEYS if agency not in NODE_AGENCIES)


def test_agency_serve_offers_only_agencies_with_a_node(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["agency", "serve", WITHOUT_NODE])
    assert exited.value.code == 2
    assert f"invalid choice: '{WITHOUT_NODE}'" in capsys.readouterr().err


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
