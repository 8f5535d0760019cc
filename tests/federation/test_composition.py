"""The subgraph SDL, as a router fetches it, composes with Apollo's Federation composition
(run under Node from build/composition; `make composition` installs it), alongside another
agency's subgraph that extends Simpul's entities; broken SDLs do not."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GraphQLClient

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "build" / "composition"
SCRIPT = Path(__file__).resolve().parent / "compose.mjs"

LINK = '@link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])'
# A bank's subgraph that adds the account check to Simpul's households and persons.
BANK = f"""
extend schema {LINK}
type Household @key(fields: "id") {{ id: ID! accountVerified: Boolean }}
type Person @key(fields: "id") {{ id: ID! hasBankAccount: Boolean }}
type Query {{ bankStatus: String }}
"""
# Another agency's lists, with Relay's page information as Simpul has it.
PAGED = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@shareable"])
type PageInfo @shareable {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}
type Posyandu { id: ID! name: String! }
type PosyanduEdge { cursor: String! node: Posyandu! }
type PosyanduConnection { edges: [PosyanduEdge!]! pageInfo: PageInfo! }
type Query { posyandu(first: Int): PosyanduConnection! }
"""
# Redefines a field of Simpul's Household with another type, without sharing it.
CLASHING = f"""
extend schema {LINK}
type Household @key(fields: "id") {{ id: ID! decile: String }}
type Query {{ clash: String }}
"""


def _compose(**subgraphs: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; the composition test needs Node.js 18+")
    if not (LIBRARY / "node_modules" / "@apollo" / "composition").is_dir():
        pytest.fail(f"no composition library in {LIBRARY}; run `make composition`")
    services = [
        {"name": name, "url": f"http://{name}.test/graphql", "sdl": sdl}
        for name, sdl in subgraphs.items()
    ]
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [node, str(SCRIPT), str(LIBRARY)],
        input=json.dumps(services),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


async def _simpul_sdl(client: GraphQLClient) -> str:
    sdl: str = (await client.data("{ _service { sdl } }"))["_service"]["sdl"]
    return sdl


async def test_the_subgraph_composes_on_its_own(client: GraphQLClient) -> None:
    result = _compose(simpul=await _simpul_sdl(client))
    assert result == {"ok": True, "errors": []}


def test_the_committed_schema_file_composes_too() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert _compose(simpul=committed) == {"ok": True, "errors": []}


async def test_the_subgraph_composes_with_a_subgraph_extending_its_entities(
    client: GraphQLClient,
) -> None:
    result = _compose(simpul=await _simpul_sdl(client), bank=BANK)
    assert result == {"ok": True, "errors": []}


async def test_the_subgraph_composes_with_another_that_pages_its_lists_alike(
    client: GraphQLClient,
) -> None:
    result = _compose(simpul=await _simpul_sdl(client), posyandu=PAGED)
    assert result == {"ok": True, "errors": []}


async def test_a_subgraph_redefining_an_entity_field_does_not_compose(
    client: GraphQLClient,
) -> None:
    result = _compose(simpul=await _simpul_sdl(client), clash=CLASHING)
    assert not result["ok"]
    codes = {error["code"] for error in result["errors"]}
    assert codes == {"FIELD_TYPE_MISMATCH", "INVALID_FIELD_SHARING"}
    assert all("Household.decile" in error["message"] for error in result["errors"])


async def test_a_key_on_a_field_the_type_lacks_does_not_compose(client: GraphQLClient) -> None:
    sdl = await _simpul_sdl(client)
    broken = sdl.replace('type Region @key(fields: "code"', 'type Region @key(fields: "nik"')
    assert broken != sdl
    result = _compose(simpul=broken)
    assert not result["ok"]
    assert [error["code"] for error in result["errors"]] == ["KEY_INVALID_FIELDS"]
