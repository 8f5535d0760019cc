"""Whole queries answered from rows: the compiled path.

The hub's executor (``schema/execution.py``) hands every query's root fields here first. When
each root field is one this path knows (``ROOTS``) and everything selected under it can be
read straight off rows (``schema/compiled/rows.py``), the query is answered by the same
loaders and SQL as the general path, the same masking, audit noting and scalar coercion, but
without graphql-core resolving each field and without building the types' objects.

Anything else raises ``Unanswered`` before the answer is returned: a caller without the
field's scopes, invalid arguments, an agency served by a node, a failing source, a value the
schema would refuse. The executor then answers the whole operation the general way, which
also produces the errors; the loaders' caches make the rows already read cost nothing.
"""

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, OperationDefinitionNode
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from resolvers.paging import Page, PageRequest, is_record_key
from resolvers.registry.loaders import RegistryLoaders
from resolvers.rows import column
from schema.compiled.connections import Collect, connection_plan
from schema.compiled.rows import Fetches, ListPlan, ObjectPlan, RowType, answer, object_plan
from schema.levels import Unanswered
from schema.protection import scopes_required
from schema.registry import HOUSEHOLD_ROWS, PERSON_ROWS
from schema.registry_queries import HouseholdFilterInput, PersonFilterInput
from schema.shortcuts import DEFINITION, unwrapped

Run = Callable[[Fetches, dict[str, Any]], Awaitable[Any]]


Plan = Callable[[Collect, GraphQLField, FieldDetailsList], Run | None]


Find = Callable[[Any, dict[str, Any]], Awaitable[Any]]
# (context, arguments, the list's columns) -> the row, or None, and its list's rows
FindWith = Callable[[Any, dict[str, Any], tuple[str, ...]], Awaitable[tuple[Any, Sequence[Any]]]]


def _one(row_type: RowType, find: Find, with_list: tuple[str, FindWith] | None = None) -> Plan:
    """A root field answering the one row ``find`` finds for its arguments, or null. With
    ``with_list``, a selection of that list has the row and the list read in one go."""

    def plan(collect: Collect, field: GraphQLField, fields: FieldDetailsList) -> Run | None:
        _, object_type = unwrapped(field.type)
        if not isinstance(object_type, GraphQLObjectType):
            return None
        compiled = object_plan(collect, object_type, fields, row_type)
        if compiled is None:
            return None
        together = _list_read_along(compiled, row_type, with_list)

        async def run(fetches: Fetches, arguments: dict[str, Any]) -> Any:
            if together is None:
                row = await find(fetches.context, arguments)
            else:
                related, read = together
                row, rows = await read(fetches.context, arguments, related.columns)
                if row is not None:
                    key = getattr(row, related.rows.key)
                    fetches.prime(related.rows, [key], related.columns, [rows])
            return None if row is None else (await answer(compiled, fetches, [row]))[0]

        return run

    return plan


def _list_read_along(
    compiled: ObjectPlan, row_type: RowType, with_list: tuple[str, FindWith] | None
) -> tuple[ListPlan, FindWith] | None:
    """The selection's plan of the list ``with_list`` names, and how to read it along."""
    if with_list is None:
        return None
    name, read = with_list
    wanted = row_type.lists[name]
    for part in compiled.parts:
        if isinstance(part, ListPlan) and part.rows is wanted:
            return part, read
    return None


def _record_key(arguments: dict[str, Any]) -> int:
    text = str(arguments["id"])
    if not is_record_key(text):
        raise Unanswered("id")
    return int(text)


async def _household_by_id(context: Any, arguments: dict[str, Any]) -> Any:
    return await context.registry.household.load(_record_key(arguments))


async def _household_and_members(
    context: Any, arguments: dict[str, Any], columns: tuple[str, ...]
) -> tuple[Any, Sequence[Any]]:
    loaders: RegistryLoaders = context.registry
    return await loaders.household_and_members(_record_key(arguments), columns)


async def _person_by_nik(context: Any, arguments: dict[str, Any]) -> Any:
    rows = await context.registry.persons_by_nik.load(arguments["nik"])
    return rows[0] if rows else None


def _connection(
    row_type: RowType,
    kind: str,
    no_filter: Callable[[], Any],
    page: Callable[[RegistryLoaders, Any, PageRequest], Awaitable[Page[Any]]],
    count: Callable[[RegistryLoaders, Any], Awaitable[int]],
) -> Plan:
    key = column("id")

    def plan(collect: Collect, field: GraphQLField, fields: FieldDetailsList) -> Run | None:
        compiled = connection_plan(collect, field.type, fields, row_type)
        if compiled is None:
            return None

        async def run(fetches: Fetches, arguments: dict[str, Any]) -> Any:
            where = (arguments.get("filter") or no_filter()).to_filter()
            request = PageRequest.parse(kind, arguments.get("first"), arguments.get("after"))
            loaders = fetches.context.registry
            rows = await page(loaders, where, request)
            return await compiled.answer(fetches, rows, request, key, lambda: count(loaders, where))

        return run

    return plan


# Page and count are looked up on the request's loaders at each call, as the resolvers do.
ROOTS: dict[str, Plan] = {
    "household": _one(HOUSEHOLD_ROWS, _household_by_id, ("members", _household_and_members)),
    "person": _one(PERSON_ROWS, _person_by_nik),
    "households": _connection(
        HOUSEHOLD_ROWS,
        "household",
        HouseholdFilterInput,
        lambda loaders, where, request: loaders.households_page(where, request),
        lambda loaders, where: loaders.households_count(where),
    ),
    "persons": _connection(
        PERSON_ROWS,
        "person",
        PersonFilterInput,
        lambda loaders, where, request: loaders.persons_page(where, request),
        lambda loaders, where: loaders.persons_count(where),
    ),
}


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query of one root field, compiled: its response name, field, selection and run."""

    response_name: str
    scopes: tuple[str, ...]  # those the field's ``requires(...)`` asks
    field: GraphQLField
    selected: FieldDetailsList
    answer: Run

    async def run(self, executor: Any) -> dict[str, Any]:
        context = executor.context_value
        if not isinstance(context.registry, RegistryLoaders):
            raise Unanswered("registry node")
        if not all(context.principal.has(scope) for scope in self.scopes):
            raise Unanswered(self.response_name)
        fetches = Fetches(context)
        try:
            arguments = _arguments(executor, self.field, self.selected)
            data = {self.response_name: await self.answer(fetches, arguments)}
        except Unanswered:
            raise
        except Exception as error:
            raise Unanswered(self.response_name) from error
        context.execution = "compiled"
        return data


def compile_query(
    executor: Any, root_type: GraphQLObjectType, grouped: GroupedFieldSet
) -> Compiled | None:
    """The compiled form of a query of one root field this path knows, else None.

    Queries of several root fields are left to the general path, whose loaders batch the
    fields' reads together (each field compiled alone would read apart).
    """
    if len(grouped) != 1:
        return None
    ((response_name, selected),) = grouped.items()
    name = selected[0].node.name.value
    plan = ROOTS.get(name)
    field = root_type.fields.get(name)
    if plan is None or field is None:
        return None
    scopes = scopes_required(field.extensions[DEFINITION].extensions)
    if scopes is None:
        return None

    def collect(object_type: GraphQLObjectType, fields: FieldDetailsList) -> Any:
        return executor.collect_subfields(object_type, fields)

    run = plan(collect, field, selected)
    return None if run is None else Compiled(response_name, scopes, field, selected, run)


# Compiled queries by their operation node, which the parse cache hands out again for the
# same document; the node is kept with its plan so that its id is not reused meanwhile.
_KNOWN: OrderedDict[int, tuple[OperationDefinitionNode, Compiled | None]] = OrderedDict()
KNOWN_SIZE = 512


def compiled_query(
    executor: Any, root_type: GraphQLObjectType, grouped: GroupedFieldSet
) -> Compiled | None:
    """``compile_query``, remembered per parsed document. A document that may use
    ``@include``/``@skip`` (any ``@`` in its text) is compiled anew each time: what it
    selects depends on its variables."""
    operation: OperationDefinitionNode = executor.operation
    body = operation.loc.source.body if operation.loc is not None else "@"
    if "@" in body:
        return compile_query(executor, root_type, grouped)
    found = _KNOWN.get(id(operation))
    if found is not None and found[0] is operation:
        _KNOWN.move_to_end(id(operation))
        return found[1]
    compiled = compile_query(executor, root_type, grouped)
    _KNOWN[id(operation)] = (operation, compiled)
    if len(_KNOWN) > KNOWN_SIZE:
        _KNOWN.popitem(last=False)
    return compiled


def known(operation: OperationDefinitionNode) -> Compiled | None:
    """The compiled form of ``operation`` if the executor has compiled it already, which it
    does only for a document that was validated and ran; None otherwise."""
    found = _KNOWN.get(id(operation))
    return found[1] if found is not None and found[0] is operation else None


def _arguments(executor: Any, field: GraphQLField, selected: FieldDetailsList) -> dict[str, Any]:
    """The field's arguments as its resolver receives them (strawberry's input objects)."""
    values = get_argument_values(field, selected[0].node, executor.variable_values)
    definition = field.extensions[DEFINITION]
    assert isinstance(definition, StrawberryField)
    strawberry_schema = executor.schema._strawberry_schema
    return convert_arguments(
        values,
        definition.arguments,
        scalar_registry=strawberry_schema.schema_converter.scalar_registry,
        config=strawberry_schema.config,
    )
