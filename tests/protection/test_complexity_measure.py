"""``schema.complexity.measure`` on small documents, to the exact number."""

from typing import Any

from graphql import get_introspection_query, parse

from auth.policy import Limits
from resolvers.paging import DEFAULT_PAGE_SIZE
from schema import complexity
from schema.build import schema
from schema.complexity import LIST_FANOUT, Measure, measure

ONE_OBJECT = "{ me { clientId } }"
PAGE_OF_FIVE = "{ households(first: 5) { totalCount edges { node { id } } } }"
LIST_IN_LIST = "{ regions { name children { name } } }"
PAGE_WITHOUT_FIRST = "{ households { edges { node { id } } } }"
PAGE_BY_VARIABLE = "query Page($n: Int) { households(first: $n) { edges { node { id } } } }"
PAGE_BY_DEFAULT = "query Page($n: Int = 7) { households(first: $n) { edges { node { id } } } }"
ALIASES = "{ a: me { b: clientId } c: me { clientId } }"
SPREAD_TWICE = """
{ region(code: "32") { ...Kids ...Kids } }
fragment Kids on Region { k: children { name } }
"""
INLINE_FRAGMENT = '{ region(code: "32") { ... on Region { children { name } } } }'
CYCLE = """
{ region(code: "32") { ...Up } }
fragment Up on Region { parent { ...Down } }
fragment Down on Region { children { ...Up } }
"""
TWO_OPERATIONS = "query A { me { clientId } } query B { regions { name } }"
SCHEMA_TYPES = "{ __schema { types { name } } }"
SCHEMA_ALIASES = (
    "{ __schema { " + " ".join(f"q{n}: queryType {{ name }}" for n in range(3)) + " } }"
)


def _measure(
    document: str, variables: dict[str, Any] | None = None, operation: str | None = None
) -> Measure:
    return measure(schema._schema, parse(document), operation, variables)


def test_a_field_costs_one_and_its_object_adds_a_level() -> None:
    assert _measure(ONE_OBJECT) == Measure(depth=2, aliases=0, cost=2, introspection=False)


def test_first_multiplies_everything_below_and_edges_do_not_multiply_again() -> None:
    # households 1; totalCount, edges, node and id 5 each
    assert _measure(PAGE_OF_FIVE) == Measure(depth=4, aliases=0, cost=21, introspection=False)


def test_list_fields_multiply_by_the_fanout_and_nested_lists_multiply_again() -> None:
    # regions 1; name 10; children 10; children's name 100
    expected = 1 + LIST_FANOUT + LIST_FANOUT + LIST_FANOUT**2
    assert _measure(LIST_IN_LIST) == Measure(3, 0, expected, False)


def test_a_connection_without_first_is_measured_at_the_default_page_size() -> None:
    assert _measure(PAGE_WITHOUT_FIRST).cost == 1 + 3 * DEFAULT_PAGE_SIZE


def test_first_from_a_variable_is_measured() -> None:
    assert _measure(PAGE_BY_VARIABLE, {"n": 7}).cost == 1 + 3 * 7


def test_first_from_an_absent_variable_is_measured_at_the_default_page_size() -> None:
    assert _measure(PAGE_BY_VARIABLE, {}).cost == 1 + 3 * DEFAULT_PAGE_SIZE


def test_first_from_a_variable_default_is_measured() -> None:
    assert _measure(PAGE_BY_DEFAULT, {}).cost == 1 + 3 * 7


def test_every_alias_is_counted() -> None:
    assert _measure(ALIASES).aliases == 3


def test_a_fragment_spread_twice_counts_twice() -> None:
    # region 1; twice: children 1 and name 10
    assert _measure(SPREAD_TWICE) == Measure(3, 2, 1 + 2 * (1 + LIST_FANOUT), False)


def test_an_inline_fragment_is_measured_like_its_fields() -> None:
    assert _measure(INLINE_FRAGMENT) == Measure(3, 0, 1 + 1 + LIST_FANOUT, False)


def test_a_fragment_cycle_ends_instead_of_recursing() -> None:
    # region, parent, children, then Up is already on the path
    assert _measure(CYCLE) == Measure(3, 0, 1 + 1 + 1, False)


def test_only_the_named_operation_is_measured() -> None:
    assert _measure(TWO_OPERATIONS, operation="B") == Measure(2, 0, 1 + LIST_FANOUT, False)
    assert _measure(TWO_OPERATIONS, operation="A") == Measure(2, 0, 2, False)


def test_introspection_is_flagged() -> None:
    assert _measure(SCHEMA_TYPES).introspection
    assert not _measure(ONE_OBJECT).introspection


def test_fields_under_introspection_are_measured() -> None:
    # __schema 1; types 1; name 10
    assert _measure(SCHEMA_TYPES) == Measure(3, 0, 1 + 1 + LIST_FANOUT, True)


def test_aliases_under_introspection_are_counted() -> None:
    assert _measure(SCHEMA_ALIASES).aliases == 3


def test_the_standard_introspection_query_fits_the_default_limits() -> None:
    measured = _measure(get_introspection_query(descriptions=True))
    limits = Limits()
    assert measured.introspection
    assert measured.depth <= limits.depth
    assert measured.aliases <= limits.aliases
    assert measured.cost <= limits.cost


def test_one_parsed_document_is_measured_again_for_variables_that_change_its_cost() -> None:
    document = parse(PAGE_BY_VARIABLE)
    costs = [measure(schema._schema, document, None, {"n": n}).cost for n in (1, 40, 1, 40)]
    assert costs[0] == costs[2] < costs[1] == costs[3]
    defaulted = parse(PAGE_BY_DEFAULT)
    assert (
        measure(schema._schema, defaulted, None, {}).cost
        < measure(schema._schema, defaulted, None, {"n": 300}).cost
    )


def test_a_document_whose_cost_ignores_its_variables_is_measured_once(
    monkeypatch: Any,
) -> None:
    document = parse("query ($id: ID!) { household(id: $id) { id members { nik } } }")
    first = measure(schema._schema, document, None, {"id": "1"})
    walked: list[int] = []

    def walk(*_arguments: Any) -> int:
        walked.append(1)
        return 0

    monkeypatch.setattr(complexity._Walker, "selections", walk)
    assert measure(schema._schema, document, None, {"id": "2"}) is first
    assert walked == []
    # Another operation of the same text parsed anew is measured on its own.
    assert measure(schema._schema, parse(PAGE_OF_FIVE), None, None).cost == 0
    assert walked
