"""Fuzzing the GraphQL endpoint: whatever arrives, from whoever, the answer keeps the contract.

Valid documents come from hypothesis-graphql over the exported SDL; invalid ones are random
text, cut-off documents, wrong types, bad scalars, huge and deep documents and malformed
bodies. Every answer goes through the oracle in ``support``. To see what was sent and
answered: ``pytest tests/fuzz --hypothesis-show-statistics``.
"""

import base64
import datetime
import json
from functools import cache

import graphql
import httpx
import hypothesis_graphql
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from starlette.applications import Starlette

from tests.fuzz.support import SDL, with_witnesses
from tests.fuzz.truth import Truth
from tests.fuzz.wire import Wire, fuzz_once, grants

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# -- valid documents --------------------------------------------------------------------------

_IDS = ["1", "2", "3", "4", "6", "9", "15", "0", "x1", "9" * 20]
_KINDS = ["household", "person", "complaint", "kube_group", "institution", "disaster_event"]
# Cursors of some connections (page after record 2), plain words for the audit filter.
_CURSORS = [base64.urlsafe_b64encode(f"{kind}:2".encode()).decode() for kind in _KINDS]
_STRINGS = [*_CURSORS, "registry", "fuzz-1", "", "Zm9vOjE="]
_INTS = {10: 501, 11: 1980, 12: 2010}


_ENTITIES = ["Household", "Person", "Institution", "DisasterEvent"]


def _object(**fields: str) -> graphql.ObjectValueNode:
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=nodes.String(value))
            for name, value in fields.items()
        ]
    )


def _representations(truth: Truth, codes: list[str]) -> st.SearchStrategy[graphql.ValueNode]:
    """What a router sends to `_entities`: mostly well formed, keyed by seeded ids and codes."""
    ids = st.sampled_from(_IDS + truth.household_ids[::60])
    by_id = st.builds(
        lambda kind, key: _object(__typename=kind, id=key), st.sampled_from(_ENTITIES), ids
    )
    by_code = st.sampled_from([*codes, "32.99", "x"]).map(
        lambda code: _object(__typename="Region", code=code)
    )
    odd = st.sampled_from(
        [_object(id="1"), _object(__typename="AuditRecord", id="1"), nodes.String("Household")]
    )
    return st.one_of(by_id, by_code, odd)


@cache
def scalar_values(truth: Truth) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values of each scalar; ids, NIKs and region codes are mostly seeded ones."""
    codes = [code for code in truth.region_pool if code not in ("*", "32.7", "3")]
    names = sorted(truth.names)[::150]  # for the public Cek Bansos lookup
    moment = st.datetimes(datetime.datetime(2020, 1, 1), datetime.datetime(2027, 1, 1))
    scalars: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
        # Mostly small page sizes; now and then one over the cap, or a plausible birth year.
        "Int": st.integers(-1, 12).map(lambda i: nodes.Int(_INTS.get(i, i))),
        "ID": st.sampled_from(_IDS + truth.household_ids[::60]).map(nodes.String),
        "String": st.one_of(st.sampled_from(_STRINGS + names), st.text(max_size=12)).map(
            nodes.String
        ),
        "NIK": st.sampled_from([*truth.niks[::60], "3204012501900001"]).map(nodes.String),
        "RegionCode": st.sampled_from(codes).map(nodes.String),
        "Date": st.dates(datetime.date(2018, 1, 1)).map(lambda d: nodes.String(d.isoformat())),
        "DateTime": st.one_of(moment.map(lambda m: m.replace(tzinfo=datetime.UTC)), moment).map(
            lambda m: nodes.String(m.isoformat())
        ),
        "Money": st.integers(0, 10**7).map(nodes.Int),
        "_Any": _representations(truth, codes),
    }
    return scalars


@cache
def valid_queries(truth: Truth) -> st.SearchStrategy[str]:
    """Documents valid against the SDL."""
    return hypothesis_graphql.queries(
        SDL, custom_scalars=scalar_values(truth), print_ast=with_witnesses
    )


@settings(FUZZ, max_examples=800)
@given(data=st.data())
async def test_valid_documents_keep_the_contract(
    app: Starlette, http: httpx.AsyncClient, truth: Truth, data: st.DataObject
) -> None:
    query = data.draw(valid_queries(truth), label="query")
    await fuzz_once(app, http, truth, data.draw(grants(truth), label="grant"), Wire.of(query))


# -- invalid documents and bodies -------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_BAD = [  # broken NIKs (the last in full-width digits), then broken region codes
    *["", "1234", "320401250190000", "32040125019000011", "9904012501900001", "3204003201900001"],
    *[
        "3204019913900001",
        "3204012501900000",
        "".join(chr(ord(c) + 0xFEE0) for c in "3204012501900001"),
    ],
    *["3", "32.4", "32..04", "32.04.", "99", "32.04.05.20011", "32/04", " 32", "*"],
]
_TEMPLATES = """{ person(nik: %s) { nik name } }
{ region(code: %s) { code name children { code } } }
{ households(filter: {regionCode: %s}, first: 2) { totalCount edges { node { id } } } }
{ household(id: %s) { id noKk } }
{ households(first: %s) { totalCount } }
{ persons(after: %s, filter: {bornFromYear: 1990}) { totalCount } }
{ auditLog(filter: {since: %s}) { totalCount } }
{ complaints(filter: {status: %s}) { totalCount } }""".splitlines()
_ODD_DOCUMENTS = """fragment A on Query { ...B } fragment B on Query { ...A } { ...A }
{ me { clientId } } { me { scopes } }
mutation { me { clientId } }
subscription { me { clientId } }
{ me @requiresScopes(scopes: []) { clientId } }
{ persons { edges { node { nik @skip(if: $x) } } } }
query { ...on Person { nik } }""".splitlines()
_VARIABLES_DOCUMENT = """query Q($nik: NIK!, $code: RegionCode, $id: ID!, $first: Int,
  $after: String, $filter: HouseholdFilterInput, $on: Boolean!) {
  person(nik: $nik) @include(if: $on) { nik name household { id noKk } }
  region(code: $code) { code socialOffice { regionCode } }
  household(id: $id) { id villageCode members { nik name } }
  households(first: $first, after: $after, filter: $filter) { totalCount edges { node { id } } }
}"""
_ODD_WIRES = [
    Wire.of("{ me { clientId } }", ["not", "an", "object"]),
    Wire.of("x" * 300_000),
    Wire.of("query($v: String) { me { clientId } }", {"v": "y" * 70_000}),
    Wire(b"query=%7B%20me%20%7D", content_type="application/x-www-form-urlencoded"),
    Wire(method="GET", params={"query": "{ me { clientId } }", "variables": "{nope"}),
]


def _deep(depth: int) -> str:
    step = "households { edges { node { members { household { "
    return "{ " + step * depth + "id" + " } } } } }" * depth + " }"


def invalid_wires(truth: Truth) -> st.SearchStrategy[Wire]:
    literal = st.one_of(
        st.sampled_from(_BAD).map(json.dumps),
        st.sampled_from(["1.5", "true", "null", "[1]", "{a: 1}", "-5", "99999999999", "$x", "A"]),
        _JSON.map(lambda value: json.dumps(value)[:40]),
    )
    good = st.sampled_from(truth.niks[::50] + truth.region_pool + truth.household_ids[::50])
    names = ("nik", "code", "id", "first", "after", "filter", "on", "extra")
    values = st.one_of(good, _JSON, st.sampled_from(_BAD))
    variables = st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))
    nesting = st.integers(1, 3000)
    documents = st.one_of(
        st.text(max_size=200),
        st.tuples(valid_queries(truth), st.integers(0, 300)).map(lambda t: t[0][: t[1]]),
        hypothesis_graphql.queries(
            SDL,
            mode=hypothesis_graphql.Mode.NEGATIVE,
            custom_scalars=scalar_values(truth),
        ),
        st.tuples(st.sampled_from(_TEMPLATES), literal).map(lambda t: t[0] % t[1]),
        st.integers(1, 6).map(_deep),
        nesting.map(lambda n: "{" + "a{" * n + "b" + "}" * n + "}"),
        nesting.map(lambda n: "{ regions(parentCode: " + "[" * n + "]" * n + ") { code } }"),
        st.integers(1, 400).map(lambda n: "{" + " a: me { purpose }" * n + "}"),
        st.sampled_from(_ODD_DOCUMENTS),
    )
    return st.one_of(
        documents.map(Wire.of),
        documents.map(lambda doc: Wire(method="GET", params={"query": doc})),
        variables.map(lambda given: Wire.of(_VARIABLES_DOCUMENT, given)),
        _JSON.map(lambda value: Wire(json.dumps(value).encode())),
        st.binary(max_size=100).map(Wire),
        st.sampled_from(_ODD_WIRES),
    )


@settings(FUZZ, max_examples=500)
@given(data=st.data())
async def test_invalid_requests_keep_the_contract(
    app: Starlette, http: httpx.AsyncClient, truth: Truth, data: st.DataObject
) -> None:
    wire = data.draw(invalid_wires(truth), label="wire")
    await fuzz_once(app, http, truth, data.draw(grants(truth), label="grant"), wire)
