"""The hub's executor (leaf shortcuts, level-wise answers) and graphql-core's general one give
the same data, the same errors and the same audit record, for the same caller and document,
and the hub's never runs more SQL statements than the general one.

Documents: the handmade ones below (including ones that make the fast path give up half-way),
the GraphiQL examples, and hypothesis-graphql documents over the whole schema under random
callers.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from auth.principal import ANONYMOUS, Principal
from auth.regions import RegionScope
from auth.scopes import SCOPES
from gateway.graphql import HUB_TIMEOUT
from gateway.hub import Hub
from resolvers.errors import SourceUnavailable
from resolvers.source import Reader, SourceLog
from schema import batched, registry
from schema.batched import BatchForm
from schema.build import SimpulSchema, build_schema
from schema.build import schema as hub_schema
from schema.context import Context
from schema.execution import ShortcutExecutor
from tests.fuzz.test_fuzz_endpoint import FUZZ, valid_queries
from tests.fuzz.truth import Truth
from tests.fuzz.wire import Grant, grants

GENERAL = build_schema(executor=StrawberryGraphQLCoreExecutionContext)
EXAMPLES = {
    path.stem: path.read_text()
    for path in sorted((Path(__file__).parents[2] / "gateway" / "examples").glob("*.graphql"))
}
_AT = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
REQUEST_ID = "0123456789abcdef"  # the same in both runs, so errors quoting it compare equal


@dataclass(frozen=True)
class Outcome:
    data: Any
    errors: list[str]
    audit: list[Any]
    statements: dict[str, int]


def principal_of(grant: Grant) -> Principal:
    if grant.kind != "token":
        return ANONYMOUS
    return Principal("paths", grant.scopes, RegionScope.of(list(grant.regions)), "equivalence")


async def run(
    schema: SimpulSchema, hub: Hub, principal: Principal, query: str, variables: Any = None
) -> Outcome:
    logs = {agency: SourceLog() for agency in hub.sources}
    readers, remotes = hub.sources.readers(principal, REQUEST_ID, logs)
    readers["hub"] = Reader("hub", hub.security.hub_engine, HUB_TIMEOUT)
    context = Context.build(principal, REQUEST_ID, readers, remotes=remotes)
    result = await schema.execute(query, variable_values=variables, context_value=context)
    errors = sorted(json.dumps(error.formatted, sort_keys=True) for error in result.errors or ())
    audit = context.audit.entries("paths", "equivalence", "request", _AT)
    counts = {agency: len(log.statements) for agency, log in logs.items()}
    return Outcome(result.data, errors, audit, counts)


async def assert_same(
    app: Starlette, principal: Principal, query: str, variables: Any = None
) -> Outcome:
    hub: Hub = app.state.hub
    fast = await run(hub_schema, hub, principal, query, variables)
    general = await run(GENERAL, hub, principal, query, variables)
    assert fast.data == general.data
    assert fast.errors == general.errors
    assert fast.audit == general.audit
    for agency, count in fast.statements.items():
        assert count <= general.statements[agency], (agency, fast.statements, general.statements)
    return fast


def test_the_hub_runs_its_own_executor() -> None:
    assert hub_schema.execution_context_class is ShortcutExecutor
    assert GENERAL.execution_context_class is StrawberryGraphQLCoreExecutionContext


NATIONAL_PII = Principal("paths", frozenset(SCOPES), RegionScope.of(["*"]), "equivalence")
REGIONAL = Principal(
    "paths",
    frozenset(s for s in SCOPES if s.endswith(":read")),
    RegionScope.of(["32"]),
    "equivalence",
)
DISTRICT_PII = Principal(
    "paths", frozenset({"registry:read", "registry:pii"}), RegionScope.of(["32.04"]), "equivalence"
)
CALLERS = {"national-pii": NATIONAL_PII, "regional": REGIONAL, "district-pii": DISTRICT_PII}
CALLERS["anonymous"] = ANONYMOUS

HANDMADE = {
    "nested": """{ households(first: 60) { totalCount edges { cursor node {
        id noKk address villageCode decile status registeredOn
        members { id nik name sex birthPlace birthDate birthYear relationship disability status }
    } } pageInfo { hasNextPage endCursor } } }""",
    "aliases-fragments-typename": """query { households(first: 25) { edges { node {
        __typename ...H first: members { __typename who: name nik } again: members { id } } } } }
        fragment H on Household { key: id noKk members { id name } }""",
    "directives": """query ($pii: Boolean = false) { households(first: 20) { edges { node {
        id members { id nik @include(if: $pii) name @skip(if: $pii) } } } } }""",
    "enrolments-components": """{ households(first: 40) { edges { node { id
        enrolments { id programme status startedOn endedOn components { component yearlyAmount } }
        disbursements { id programme period amount status } } } } }""",
    "mixed-general-and-level": """{ households(first: 15) { edges { node { id
        members { id name household { id } recordsWithSameNik }
        verificationVisits { outcome } aidReceived { distributedOn } } } } }""",
    "persons": """{ persons(first: 80) { edges { node { id nik name birthDate status
        household { id noKk members { id nik } } } } } }""",
    "regions": """{ regions(level: PROVINCE) { code name level children { code name } } }""",
    "disaster": """{ disasterEvents(first: 5) { edges { node { id name
        affectedHouseholds(first: 30) { totalCount edges { node { id villageCode
            members { id nik name birthDate } enrolments { programme components { component } } }
        } } } } } }""",
    "entities": """{ _entities(representations: [
        {__typename: "Household", id: "1"}, {__typename: "Household", id: "2"},
        {__typename: "Household", id: "9999999"}, {__typename: "Person", id: "3"},
        {__typename: "Institution", id: "1"}, {__typename: "DisasterEvent", id: "1"},
        {__typename: "Region", code: "32.04"}, {__typename: "Household", id: "x"}]) {
        __typename
        ... on Household { id noKk address members { id nik name birthDate disability } }
        ... on Person { id nik name household { id noKk } }
        ... on Institution { id name residents { id } }
        ... on DisasterEvent { id name regions { code } }
        ... on Region { code name }
    } }""",
}


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("document", sorted(HANDMADE))
async def test_handmade_documents_answer_alike(app: Starlette, document: str, caller: str) -> None:
    await assert_same(app, CALLERS[caller], HANDMADE[document])


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("example", sorted(EXAMPLES))
async def test_graphiql_examples_answer_alike(app: Starlette, example: str, caller: str) -> None:
    await assert_same(app, CALLERS[caller], EXAMPLES[example], {"id": "1", "region": "32"})


async def test_the_nested_answer_is_real(app: Starlette) -> None:
    # Guards against comparing two empty answers: the fixtures do hold households and members.
    outcome = await assert_same(app, REGIONAL, HANDMADE["nested"])
    edges = outcome.data["households"]["edges"]
    assert len(edges) == 60
    assert sum(len(edge["node"]["members"]) for edge in edges) > 60
    assert all("*" in edge["node"]["noKk"] for edge in edges)


def replace_members(
    monkeypatch: pytest.MonkeyPatch, fetch: Any = None, convert: Any = None
) -> None:
    form = registry._MEMBERS
    changed = BatchForm(fetch or form.fetch, convert or form.convert)
    monkeypatch.setattr(registry, "_MEMBERS", changed)
    monkeypatch.setitem(batched._forms, (registry.Household, "members"), changed)


async def test_a_failing_batch_nulls_the_field_for_each_object_alike(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(_context: Any, _households: Any) -> Any:
        raise SourceUnavailable("registry")

    replace_members(monkeypatch, fetch=down)
    outcome = await assert_same(app, REGIONAL, HANDMADE["nested"])
    assert len(outcome.errors) == 60
    assert all('"SOURCE_UNAVAILABLE"' in error for error in outcome.errors)
    assert all(edge["node"]["members"] is None for edge in outcome.data["households"]["edges"])


async def test_a_record_the_fast_path_cannot_answer_goes_the_general_way(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A person whose NIK went missing (null where the schema says NIK!): the general path
    # nulls that one household's members list, with the error at its path.
    before = await run(GENERAL, app.state.hub, REGIONAL, HANDMADE["nested"])
    lost = before.data["households"]["edges"][0]["node"]["members"][0]["id"]
    converted = registry._MEMBERS.convert

    def lose_one(rows: Any) -> Any:
        people = converted(rows)
        for person in people:
            if person.id == lost:
                person.nik = None
        return people

    replace_members(monkeypatch, convert=lose_one)
    outcome = await assert_same(app, REGIONAL, HANDMADE["nested"])
    internal = [error for error in outcome.errors if '"INTERNAL"' in error]
    assert len(internal) == 1
    assert '"path": ["households", "edges", 0, "node", "members", 0, "nik"]' in internal[0]
    assert outcome.data["households"]["edges"][0]["node"]["members"] is None


@settings(FUZZ, max_examples=300)
@given(data=st.data())
async def test_generated_documents_answer_alike(
    app: Starlette, truth: Truth, data: st.DataObject
) -> None:
    query = data.draw(valid_queries(truth), label="query")
    principal = principal_of(data.draw(grants(truth), label="grant"))
    await assert_same(app, principal, query)
