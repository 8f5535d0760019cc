"""The hub federating an institutions node: one HTTP call per query level, personal fields
behind the same scopes as for the database, and a node schema checked before it is used."""

import httpx
from starlette.applications import Starlette

from resolvers.institutions.remote_shapes import REQUIRED
from resolvers.remote_compat import incompatibility
from schema.node.build import node_schema
from tests.access.support import PIIS, READS, codes_at
from tests.conftest import SourceDatabases
from tests.remote.support import ask, calls

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


async def _calls(
    federated: tuple[Starlette, httpx.AsyncClient], operation: str, first: int
) -> tuple[int, int]:
    app, http = federated
    body = await ask(http, app, operation, {"first": first})
    assert "errors" not in body, body["errors"]
    return calls(body, "institutions"), len(str(body["data"]))


async def test_institutions_in_depth_take_the_same_calls_for_two_or_two_hundred_rows(
    federated_institutions: tuple[Starlette, httpx.AsyncClient],
) -> None:
    small, small_size = await _calls(federated_institutions, IN_DEPTH, 2)
    large, large_size = await _calls(federated_institutions, IN_DEPTH, 200)
    assert large_size > small_size
    # the page with its tally; services, occupancy and residents; the residents'
    # institutions (whose services the second call already holds)
    assert small == large == 3


async def test_placements_of_residents_take_the_same_calls_for_one_or_200_institutions(
    federated_institutions: tuple[Starlette, httpx.AsyncClient],
) -> None:
    small, small_size = await _calls(federated_institutions, PLACEMENTS_IN_DEPTH, 1)
    large, large_size = await _calls(federated_institutions, PLACEMENTS_IN_DEPTH, 200)
    assert large_size > small_size
    # the page; residents; (the registry's persons) their placements by NIK; the
    # placements' institutions; their occupancy
    assert small == large == 5


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


def _sdl() -> str:
    data = node_schema("institutions").execute_sync("{ _service { sdl } }").data
    assert data is not None
    return str(data["_service"]["sdl"])


def test_the_institutions_node_offers_everything_the_hub_asks() -> None:
    assert incompatibility(_sdl(), REQUIRED) is None


def test_a_missing_institutions_field_is_named_with_its_type() -> None:
    sdl = _sdl()
    assert "  capacity: Int!\n" in sdl
    assert incompatibility(sdl.replace("  capacity: Int!\n", ""), REQUIRED) == (
        "Cannot query field 'capacity' on type 'Institution'."
    )


def test_a_resident_that_is_not_an_entity_cannot_be_fetched_by_nik() -> None:
    sdl = _sdl().replace('type Resident @key(fields: "id")', "type Resident")
    assert incompatibility(sdl, REQUIRED) == "type 'Resident' is not an entity (it has no @key)"
