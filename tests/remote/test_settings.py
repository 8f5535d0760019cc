"""Configuring an agency node as a source, by environment or TOML, and a node's own side."""

from pathlib import Path

import pytest

from gateway.settings import Settings
from resolvers.agencies import AGENCY_KEYS


def test_an_http_url_makes_the_source_an_agency_node_with_its_options() -> None:
    settings = Settings.load(
        {
            "SIMPUL_LOGISTICS_URL": "https://logistik.example.go.id/graphql",
            "SIMPUL_LOGISTICS_TIMEOUT": "2.5",
            "SIMPUL_LOGISTICS_RETRIES": "2",
            "SIMPUL_LOGISTICS_AUDIENCE": "urn:bnpb:logistik",
            "SIMPUL_LOGISTICS_CA_FILE": "/etc/simpul/agency-ca.pem",
        }
    )
    source = settings.source("logistics")
    assert (source.kind, source.timeout, source.retries) == ("graphql", 2.5, 2)
    assert (source.audience, source.ca_file) == ("urn:bnpb:logistik", "/etc/simpul/agency-ca.pem")
    assert settings.source("registry").kind == "sql"


def test_the_toml_file_configures_a_node_source_and_the_node_side(tmp_path: Path) -> None:
    config = tmp_path / "simpul.toml"
    config.write_text(
        """
[sources.logistics]
url = "https://logistik.example.go.id/graphql"
client_cert = "/etc/simpul/hub.pem"
client_key = "/etc/simpul/hub.key"

[node]
hub_issuer = "https://simpul.kemensos.go.id"
audience = "urn:bnpb:logistik"
""",
        encoding="utf-8",
    )
    settings = Settings.load({"SIMPUL_CONFIG": str(config)})
    source = settings.source("logistics")
    assert (source.kind, source.audience) == ("graphql", "simpul:logistics")
    assert (source.client_cert, source.client_key) == ("/etc/simpul/hub.pem", "/etc/simpul/hub.key")
    assert settings.node is not None
    assert settings.node.hub_issuer == "https://simpul.kemensos.go.id"
    assert settings.node.hub_jwks_url == "https://simpul.kemensos.go.id/.well-known/jwks.json"
    assert settings.node.audience == "urn:bnpb:logistik"


@pytest.mark.parametrize("agency", AGENCY_KEYS)
def test_every_agency_can_be_a_node_source(agency: str) -> None:
    url = "https://agency.example.go.id/graphql"
    source = Settings.load({f"SIMPUL_{agency.upper()}_URL": url}).source(agency)
    assert (source.kind, source.url, source.audience) == ("graphql", url, f"simpul:{agency}")


def test_an_unknown_source_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="SIMPUL_LOGISTICS_KIND"):
        Settings.load({"SIMPUL_LOGISTICS_KIND": "rest"})
