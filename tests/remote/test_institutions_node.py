"""The hub federating an institutions node: one HTTP call per query level, personal fields
behind the same scopes as for the database, and a node schema checked before it is used."""

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.caller_context import issue_caller_context
from auth.keys import KeyRing
from auth.principal import Principal
from auth.regions import RegionScope
from gateway.settings import Settings
from resolvers.institutions.remote_shapes import REQUIRED
from resolvers.remote_compat import incompatibility
from tests.access.support import PIIS, READS, codes_at
from tests.conftest import SourceDatabases, mint
from tests.remote.support import ask, calls, node_sdl

IN_DEPTH = """
query InDepth($first: Int!) {
  institutions(first: $first) {
    totalCount
    edges { node { services occupancy residents { id institution { id services } } } }
  }
}
"""
PLACEMENTS_IN_DEPTH = """
query PlacementsInDepth($first: Int!) {
  institutions(first: $first, filter: { kind: LKS }) {
    edges { node { residents { resident {
      institutionPlacements { id institution { name occupancy } }
    } } } }
  }
}
"""
RESIDENTS = """
query($id: ID!) { institution(id: $id) { id name residents { id residentNik reason } } }
"""
PERSON_PLACEMENTS = """
query($nik: NIK!) { person(nik: $nik) { id institutionPlacements { id residentNik } } }
"""
WITHOUT_PII = READS | (PIIS - {"institutions:pii"})
WITH_PII = READS | {"institutions:pii"}


# Each operation, for a small and a large first page, and the calls it takes either way:
# the page with its tally; services, occupancy and residents; the residents' institutions
# (whose services the second call already holds). Or: the page; residents; (the registry's
# persons) their placements by NIK; the placements' institutions; their occupancy.
IN_DEPTH_CALLS = [(IN_DEPTH, 2, 3), (PLACEMENTS_IN_DEPTH, 1, 5)]


@pytest.mark.parametrize(("operation", "small", "expected"), IN_DEPTH_CALLS)
async def test_calls_to_the_node_do_not_grow_with_the_rows(
    federated_institutions: tuple[Starlette, httpx.AsyncClient],
    operation: str,
    small: int,
    expected: int,
) -> None:
    app, http = federated_institutions
    few = await ask(http, app, operation, {"first": small})
    many = await ask(http, app, operation, {"first": 200})
    assert "errors" not in few and "errors" not in many, few.get("errors") or many.get("errors")
    assert len(str(many["data"])) > len(str(few["data"]))
    assert calls(few, "institutions") == calls(many, "institutions") == expected


async def test_residents_are_forbidden_without_institutions_pii_from_a_node(
    federated_institutions: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    app, http = federated_institutions
    key = await databases.value("institutions", "SELECT institution_id FROM placements")
    niks = await databases.rows(
        "institutions", "SELECT resident_nik FROM placements WHERE institution_id = :k", k=key
    )
    body = await ask(http, app, RESIDENTS, {"id": str(key)}, scopes=WITHOUT_PII)
    assert body["data"]["institution"]["name"]
    assert body["data"]["institution"]["residents"] is None
    assert codes_at(body) == {("institution", "residents"): "FORBIDDEN"}
    assert not any(row.resident_nik in str(body) for row in niks)


async def test_residents_are_the_stored_placements_with_institutions_pii_from_a_node(
    federated_institutions: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    app, http = federated_institutions
    key = await databases.value("institutions", "SELECT institution_id FROM placements")
    stored = await databases.rows(
        "institutions",
        "SELECT id, resident_nik, reason FROM placements WHERE institution_id = :k",
        k=key,
    )
    body = await ask(http, app, RESIDENTS, {"id": str(key)}, scopes=WITH_PII)
    shown = {
        int(item["id"]): (item["residentNik"], item["reason"])
        for item in body["data"]["institution"]["residents"]
    }
    assert shown == {row.id: (row.resident_nik, row.reason) for row in stored}


async def test_person_placements_are_forbidden_without_institutions_pii_from_a_node(
    federated_institutions: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    app, http = federated_institutions
    placed = {
        row.resident_nik
        for row in await databases.rows("institutions", "SELECT resident_nik FROM placements")
    }
    persons = await databases.rows("registry", "SELECT nik FROM persons ORDER BY id")
    nik = next(row.nik for row in persons if row.nik in placed)
    refused = await ask(http, app, PERSON_PLACEMENTS, {"nik": nik}, scopes=WITHOUT_PII)
    allowed = await ask(http, app, PERSON_PLACEMENTS, {"nik": nik}, scopes=WITH_PII)
    assert refused["data"]["person"]["institutionPlacements"] is None
    assert codes_at(refused) == {("person", "institutionPlacements"): "FORBIDDEN"}
    assert allowed["data"]["person"]["institutionPlacements"]
    assert {p["residentNik"] for p in allowed["data"]["person"]["institutionPlacements"]} == {nik}


def test_the_institutions_node_offers_everything_the_hub_asks() -> None:
    assert incompatibility(node_sdl("institutions"), REQUIRED) is None


def test_a_missing_institutions_field_is_named_with_its_type() -> None:
    sdl = node_sdl("institutions")
    assert "  capacity: Int!\n" in sdl
    assert incompatibility(sdl.replace("  capacity: Int!\n", ""), REQUIRED) == (
        "Cannot query field 'capacity' on type 'Institution'."
    )


def test_a_resident_that_is_not_an_entity_cannot_be_fetched_by_nik() -> None:
    sdl = node_sdl("institutions").replace('type Resident @key(fields: "id")', "type Resident")
    assert incompatibility(sdl, REQUIRED) == "type 'Resident' is not an entity (it has no @key)"


NODE_RESIDENTS = "{ institutionPage(first: 3) { id residents { residentNik reason } } }"


def _node_token(settings: Settings, scopes: frozenset[str]) -> str:
    principal = Principal("test-operator", scopes, RegionScope.of(["*"]), "testing")
    return issue_caller_context(
        KeyRing(settings.keys_dir),
        settings.issuer,
        "simpul:institutions",
        "institutions",
        principal,
        "request-0002",
    )


async def _ask_node(node: str, token: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{node}/graphql",
            json={"query": NODE_RESIDENTS},
            headers={"Authorization": f"Bearer {token}"},
        )
    body: dict[str, Any] = response.json()
    return body


async def test_the_node_itself_gives_placements_only_under_a_token_with_the_pii_scope(
    settings: Settings, institutions_node: str, app: Starlette
) -> None:
    mint(app)  # the hub holds its signing key
    without = await _ask_node(
        institutions_node, _node_token(settings, frozenset({"institutions:read"}))
    )
    codes = {error["extensions"]["code"] for error in without["errors"]}
    assert codes == {"FORBIDDEN"}
    assert "residentNik" not in str(without["data"])
    allowed = await _ask_node(
        institutions_node,
        _node_token(settings, frozenset({"institutions:read", "institutions:pii"})),
    )
    assert "errors" not in allowed
    assert any(page["residents"] for page in allowed["data"]["institutionPage"])
