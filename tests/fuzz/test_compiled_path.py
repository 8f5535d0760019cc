"""The compiled path (``schema/compiled``) and graphql-core's general executor give the same
data, errors, audit record and no more SQL, and the compiled path really answers the queries
it is meant for (else the comparisons would only compare the general path with itself).
"""

from collections import namedtuple
from typing import Any, cast

import pytest
from graphql import GraphQLObjectType
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from auth.principal import ANONYMOUS, Principal
from auth.regions import RegionScope
from bench.queries import HUB_NESTED, HUB_SMALL
from resolvers.errors import SourceUnavailable
from resolvers.registry.loaders import RegistryLoaders
from schema.build import schema as hub_schema
from schema.compiled import operation
from schema.protection import scopes_required
from schema.shortcuts import DEFINITION
from tests.fuzz.test_execution_paths import (
    CALLERS,
    GENERAL,
    NATIONAL_PII,
    REGIONAL,
    assert_same,
    principal_of,
    run,
)
from tests.fuzz.test_fuzz_endpoint import FUZZ
from tests.fuzz.truth import Truth
from tests.fuzz.wire import grants

PERSON = "id nik name sex birthPlace birthDate relationship status deceasedOn __typename"
HOUSEHOLD = f"id noKk address villageCode decile status registeredOn members {{ {PERSON} }}"

# name -> (document, variables)
DOCUMENTS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "bench small": (HUB_SMALL, {"id": "1"}),
    "bench nested": (HUB_NESTED, {"region": "32"}),
    "household, every row field": (f'{{ household(id: "1") {{ {HOUSEHOLD} }} }}', None),
    "household absent": ('{ household(id: "99999999") { id } }', None),
    "households, connection": (
        f"""{{ households(first: 30) {{ __typename totalCount
            pageInfo {{ __typename hasNextPage hasPreviousPage startCursor endCursor }}
            edges {{ __typename cursor node {{ {HOUSEHOLD} }} }} }} }}""",
        None,
    ),
    "households, filtered": (
        """query ($r: RegionCode) { households(filter: {regionCode: $r, decileMax: 4},
            first: 10) { totalCount edges { node { id decile villageCode } } } }""",
        {"r": "32.04"},
    ),
    "households, second page": (
        """{ households(first: 5, after: "aG91c2Vob2xkOjQw") {
            pageInfo { hasPreviousPage hasNextPage } edges { cursor node { id } } } }""",
        None,
    ),
    "persons, connection": (
        """{ persons(filter: {status: HIDUP}, first: 40) { totalCount
            edges { node { id nik name sex status deceasedOn } } } }""",
        None,
    ),
    "aliases, fragments, directives": (
        """query ($pii: Boolean = false) { a: households(first: 8) { edges { node { ...H
            them: members { nik @include(if: $pii) name @skip(if: $pii) } } } } }
        fragment H on Household { key: id members { ... on Person { id who: name } }
            again: members { id } }""",
        {"pii": True},
    ),
    "one household twice": (
        """{ household(id: "2") { id members { id } again: members { id name } } }""",
        None,
    ),
    "empty page": ("{ households(first: 0) { totalCount edges { node { id } } } }", None),
}

# Queries the compiled path hands to the general one at once: each error must be the same.
REFUSED: dict[str, str] = {
    "invalid id": '{ household(id: "x1") { id } }',
    "page too large": "{ households(first: 501) { edges { node { id } } } }",
    "forged cursor": '{ households(after: "bm9wZTox") { edges { node { id } } } }',
    "decile out of range": "{ households(filter: {decileMin: 0}) { edges { node { id } } } }",
}


@pytest.fixture
def compiled_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The root fields of every query the compiled path answered to the end."""
    answered: list[str] = []
    run = operation.Compiled.run

    async def counted(self: operation.Compiled, executor: Any) -> dict[str, Any]:
        data = await run(self, executor)
        answered.extend(data)
        return data

    monkeypatch.setattr(operation.Compiled, "run", counted)
    return answered


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
async def test_compiled_and_general_answer_alike(
    app: Starlette, compiled_answers: list[str], document: str, caller: str
) -> None:
    query, variables = DOCUMENTS[document]
    outcome = await assert_same(app, CALLERS[caller], query, variables)
    if CALLERS[caller] is ANONYMOUS:
        assert compiled_answers == []  # refused: the general path says why
    else:
        assert outcome.errors == []
        assert compiled_answers, "the compiled path did not answer"


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_a_person_by_nik_alike(
    app: Starlette, compiled_answers: list[str], caller: str
) -> None:
    known = await run(
        GENERAL, app.state.hub, NATIONAL_PII, '{ household(id: "3") { members { nik } } }'
    )
    nik = known.data["household"]["members"][-1]["nik"]
    query = "query ($nik: NIK!) { person(nik: $nik) { id nik name birthDate household { id } } }"
    compiled = "query ($nik: NIK!) { person(nik: $nik) { id nik name birthDate status } }"
    await assert_same(app, CALLERS[caller], query, {"nik": nik})  # not compiled: household
    assert compiled_answers == []
    outcome = await assert_same(app, CALLERS[caller], compiled, {"nik": nik})
    if CALLERS[caller] is not ANONYMOUS:
        assert compiled_answers == ["person"]
    if CALLERS[caller] is NATIONAL_PII:
        assert outcome.data["person"]["nik"] == nik


async def test_the_compiled_answers_are_real(app: Starlette, compiled_answers: list[str]) -> None:
    query, variables = DOCUMENTS["households, connection"]
    outcome = await assert_same(app, REGIONAL, query, variables)
    edges = outcome.data["households"]["edges"]
    assert len(edges) == 30 and outcome.data["households"]["totalCount"] > 30
    assert all(edge["node"]["villageCode"].startswith("32") for edge in edges)
    members = [person for edge in edges for person in edge["node"]["members"]]
    assert len(members) > 30
    assert all("*" in person["nik"] and person["birthDate"] is None for person in members)
    assert outcome.audit == []  # nothing shown unmasked, nothing to record
    unmasked = await assert_same(app, NATIONAL_PII, query, variables)
    assert len(unmasked.audit) >= 30  # every household and person read unmasked is recorded
    assert compiled_answers == ["households", "households"]


@pytest.mark.parametrize("document", sorted(REFUSED))
async def test_refused_arguments_are_reported_by_the_general_path(
    app: Starlette, compiled_answers: list[str], document: str
) -> None:
    outcome = await assert_same(app, REGIONAL, REFUSED[document])
    assert len(outcome.errors) == 1 and '"BAD_USER_INPUT"' in outcome.errors[0]
    assert compiled_answers == []


async def test_a_caller_without_the_read_scope_is_refused_alike(
    app: Starlette, compiled_answers: list[str]
) -> None:
    no_registry = Principal("paths", frozenset({"logistics:read"}), RegionScope.of(["32"]), "x")
    outcome = await assert_same(app, no_registry, HUB_NESTED, {"region": "32"})
    assert outcome.data == {"households": None}
    assert '"FORBIDDEN"' in outcome.errors[0]
    assert compiled_answers == []


async def test_a_record_it_cannot_answer_goes_the_general_way(
    app: Starlette, compiled_answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A person whose NIK went missing (null where the schema says NIK!): the general path
    # nulls that household's members with the error at its path. The compiled path read only
    # the columns it needed, so the general one reads the members again: one statement more.
    members_of = RegistryLoaders.members_of
    lost: list[int] = []

    async def lose_one(
        self: RegistryLoaders, ids: list[int], names: tuple[str, ...] = ()
    ) -> list[list[Any]]:
        found = await members_of(self, ids, names)
        shaped = cast(Any, namedtuple)("Person", found[0][0]._fields)
        copied = [[shaped(*row) for row in rows] for rows in found]
        lost[:] = [copied[0][0].id]
        copied[0][0] = copied[0][0]._replace(nik=None)
        return copied

    monkeypatch.setattr(RegistryLoaders, "members_of", lose_one)
    hub = app.state.hub
    outcome = await run(hub_schema, hub, REGIONAL, HUB_NESTED, {"region": "32"})
    general = await run(GENERAL, hub, REGIONAL, HUB_NESTED, {"region": "32"})
    assert (outcome.data, outcome.errors, outcome.audit) == (
        general.data,
        general.errors,
        general.audit,
    )
    assert outcome.statements["registry"] == general.statements["registry"] + 1 == 3
    assert compiled_answers == []
    assert len(outcome.errors) == 1 and '"INTERNAL"' in outcome.errors[0]
    assert '"path": ["households", "edges", 0, "node", "members", 0, "nik"]' in outcome.errors[0]
    assert outcome.data["households"]["edges"][0]["node"]["members"] is None


async def test_a_source_failing_midway_is_reported_alike(
    app: Starlette, compiled_answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(self: RegistryLoaders, ids: list[int], names: Any = ()) -> list[list[Any]]:
        raise SourceUnavailable("registry")

    monkeypatch.setattr(RegistryLoaders, "members_of", down)
    outcome = await assert_same(app, REGIONAL, HUB_NESTED, {"region": "32"})
    assert compiled_answers == []
    assert outcome.errors and all('"SOURCE_UNAVAILABLE"' in error for error in outcome.errors)
    assert all(edge["node"]["members"] is None for edge in outcome.data["households"]["edges"])


async def test_a_document_is_compiled_once(app: Starlette, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[Any] = []
    compile_query = operation.compile_query

    def counted(*arguments: Any) -> Any:
        compiled.append(arguments)
        return compile_query(*arguments)

    monkeypatch.setattr(operation, "compile_query", counted)
    query = "query ($id: ID!) { household(id: $id) { id members { id name } } }"
    answers = [await run(hub_schema, app.state.hub, NATIONAL_PII, query, {"id": i}) for i in "123"]
    assert len(compiled) == 1
    assert len({str(answer.data) for answer in answers}) == 3  # each for its own variables


async def test_a_document_with_directives_is_planned_for_its_variables(
    app: Starlette, compiled_answers: list[str]
) -> None:
    query = """query ($all: Boolean!) { households(first: 3) { edges { node {
        id kk: noKk @include(if: $all) members { id name @skip(if: $all) } } } } }"""
    for shown in (True, False, True):
        outcome = await assert_same(app, REGIONAL, query, {"all": shown})
        node = outcome.data["households"]["edges"][0]["node"]
        assert ("kk" in node) is shown
        assert ("name" in node["members"][0]) is not shown
    assert compiled_answers == ["households"] * 3


def test_the_compiled_path_asks_the_scopes_each_root_field_declares() -> None:
    fields = hub_schema._schema.query_type.fields  # type: ignore[union-attr]
    for name in operation.ROOTS:
        declared = fields[name].extensions[DEFINITION].extensions
        assert scopes_required(declared) == ("registry:read",), name
    person_type = hub_schema._schema.type_map["Person"]
    assert isinstance(person_type, GraphQLObjectType)
    person = person_type.fields
    assert scopes_required(person["nik"].extensions[DEFINITION].extensions) is None  # masked
    assert scopes_required(person["disability"].extensions[DEFINITION].extensions) is None


# -- generated documents the compiled path is meant for ------------------------------------

PERSON_LEAVES = ["id", "nik", "name", "sex", "birthPlace", "birthDate", "relationship"]
PERSON_LEAVES += ["status", "deceasedOn", "__typename"]
HOUSEHOLD_LEAVES = ["id", "noKk", "address", "villageCode", "decile", "status"]
HOUSEHOLD_LEAVES += ["registeredOn", "__typename"]
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]


def _aliased(field: str) -> st.SearchStrategy[str]:
    return st.sampled_from(["", f"a_{field.strip('_')}: "]).map(lambda alias: alias + field)


def _pick(fields: list[str]) -> st.SearchStrategy[str]:
    chosen = st.lists(st.sampled_from(fields), min_size=1, max_size=len(fields), unique=True)
    return chosen.flatmap(lambda names: st.tuples(*map(_aliased, names)).map(" ".join))


def _person() -> st.SearchStrategy[str]:
    return _pick(PERSON_LEAVES)


def _household() -> st.SearchStrategy[str]:
    members = st.lists(_person().map("members {{ {} }}".format), max_size=2)
    return st.tuples(_pick(HOUSEHOLD_LEAVES), members).map(
        lambda parts: " ".join([parts[0], *(f"m{i}: {m}" for i, m in enumerate(parts[1]))])
    )


def _connection(node: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    edges = st.tuples(st.booleans(), node).map(
        lambda parts: f"edges {{ {'cursor ' if parts[0] else ''}node {{ {parts[1]} }} }}"
    )
    extra = st.lists(
        st.sampled_from(["totalCount", "__typename"])
        | _pick(PAGE_INFO).map("pageInfo {{ {} }}".format),
        max_size=3,
        unique=True,
    )
    return st.tuples(edges, extra).map(lambda parts: " ".join([parts[0], *parts[1]]))


_FIRST = st.sampled_from(["", "first: 0", "first: 1", "first: 7", "first: 40", "first: 501"])
_REGION = st.sampled_from(["", 'regionCode: "32"', 'regionCode: "32.04"', 'regionCode: "31"'])
_HOUSEHOLD_FILTER = st.tuples(
    _REGION, st.sampled_from(["", "decileMax: 4", "decileMin: 11", "status: AKTIF"])
).map(lambda parts: ", ".join(p for p in parts if p))
_PERSON_FILTER = st.tuples(_REGION, st.sampled_from(["", "sex: PEREMPUAN", "status: HIDUP"])).map(
    lambda parts: ", ".join(p for p in parts if p)
)


def _arguments(filters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(_FIRST, filters).map(
        lambda parts: ", ".join(
            p for p in (parts[0], f"filter: {{{parts[1]}}}" if parts[1] else "") if p
        )
    )


def _listed(root: str, arguments: str, selection: str) -> str:
    return f"{{ {root}{f'({arguments})' if arguments else ''} {{ {selection} }} }}"


COMPILED_DOCUMENTS = st.one_of(
    st.tuples(st.integers(1, 700), _household()).map(
        lambda parts: f'{{ household(id: "{parts[0]}") {{ {parts[1]} }} }}'
    ),
    st.tuples(_arguments(_HOUSEHOLD_FILTER), _connection(_household())).map(
        lambda parts: _listed("households", *parts)
    ),
    st.tuples(_arguments(_PERSON_FILTER), _connection(_person())).map(
        lambda parts: _listed("persons", *parts)
    ),
)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
async def test_generated_row_documents_answer_alike(
    app: Starlette, truth: Truth, compiled_answers: list[str], data: st.DataObject
) -> None:
    query = data.draw(COMPILED_DOCUMENTS, label="query")
    principal = principal_of(data.draw(grants(truth), label="grant"))
    compiled_answers.clear()  # the fixture lives across the examples of one run
    outcome = await assert_same(app, principal, query)
    if principal.has("registry:read") and not outcome.errors:
        assert compiled_answers, "a document of row fields was not compiled"
