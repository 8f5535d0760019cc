"""`_service { sdl }`: the subgraph SDL a router composes, with its federation `@link` and
`@key`s; schema information, so refused to anonymous callers like introspection."""

from pathlib import Path

from graphql import (
    ConstDirectiveNode,
    ListValueNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    StringValueNode,
    ValueNode,
    build_schema,
    parse,
)
from starlette.applications import Starlette

from schema.build import FEDERATION_DEFINITIONS
from tests.conftest import GraphQLClient
from tests.protection.support import graphql, http_from, register, token_of

SERVICE = "{ _service { sdl } }"
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
KEYS = {
    "DisasterEvent": ["id"],
    "Household": ["id"],
    "Institution": ["id"],
    "Person": ["id"],
    "Region": ["code"],
}


def _argument(directive: ConstDirectiveNode, name: str) -> ValueNode:
    [value] = [a.value for a in directive.arguments or () if a.name.value == name]
    return value


def _string(value: ValueNode) -> str:
    assert isinstance(value, StringValueNode)
    return value.value


async def _sdl(client: GraphQLClient) -> str:
    sdl: str = (await client.data(SERVICE))["_service"]["sdl"]
    return sdl


async def test_the_committed_schema_is_the_sdl_after_the_federation_definitions(
    client: GraphQLClient,
) -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == FEDERATION_DEFINITIONS + await _sdl(client) + "\n"


def test_the_committed_schema_builds_without_knowing_federation() -> None:
    built = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert {"key", "link", "shareable"} <= {directive.name for directive in built.directives}
    assert built.query_type is not None
    assert "_entities" in built.query_type.fields


async def test_the_sdl_leaves_the_federation_definitions_to_the_router(
    client: GraphQLClient,
) -> None:
    sdl = await _sdl(client)
    assert "directive @key" not in sdl
    assert "directive @link" not in sdl


async def test_the_sdl_links_federation_2_and_imports_key_and_shareable(
    client: GraphQLClient,
) -> None:
    document = parse(await _sdl(client))
    [schema] = [d for d in document.definitions if isinstance(d, SchemaDefinitionNode)]
    [link] = [d for d in schema.directives or () if d.name.value == "link"]
    assert _string(_argument(link, "url")) == "https://specs.apollo.dev/federation/v2.0"
    imports = _argument(link, "import")
    assert isinstance(imports, ListValueNode)
    assert [_string(value) for value in imports.values] == ["@key", "@shareable"]


async def test_exactly_the_public_entities_carry_their_keys(client: GraphQLClient) -> None:
    keys = {}
    for definition in parse(await _sdl(client)).definitions:
        if isinstance(definition, ObjectTypeDefinitionNode):
            found = [d for d in definition.directives or () if d.name.value == "key"]
            if found:
                keys[definition.name.value] = [_string(_argument(d, "fields")) for d in found]
    assert keys == KEYS


async def test_an_anonymous_caller_is_refused_the_sdl_with_401(app: Starlette) -> None:
    async with http_from(app) as http:
        response = await graphql(http, SERVICE)
    assert response.status_code == 401
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "type Household" not in response.text


async def test_a_client_with_introspection_turned_off_is_refused_the_sdl(app: Starlette) -> None:
    closed = await register(app, "router without introspection", introspection=False)
    async with http_from(app, token_of(app, closed)) as http:
        response = await graphql(http, SERVICE)
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert "type Household" not in response.text
