"""What a GraphQL document would cost, measured before it runs.

Depth, aliases and an estimated cost are computed over the operation with its fragments
expanded (a fragment already on the current path is not expanded again, so cycles end).
A field's cost is 1; a field that takes ``first`` multiplies everything below it by that
number (from the literal or the variable, or the default page size), and any other list
field by ``LIST_FANOUT`` (a connection's ``edges`` excepted), so nested lists multiply.
The federation router's ``_entities`` multiplies by the number of representations sent, so
a long list of them costs what it would cost to fetch as many records; its ``_service``
(the schema's SDL) counts as introspection.
"""

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    is_input_type,
    type_from_ast,
    value_from_ast,
)

from resolvers.paging import DEFAULT_PAGE_SIZE

LIST_FANOUT = 10
INTROSPECTION_FIELDS = frozenset({"__schema", "__type", "_service"})
ENTITIES_FIELD = "_entities"


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int
    aliases: int
    cost: int
    introspection: bool


class _Variables(dict[str, Any]):
    """The variables the walker sees; notes whether it looked at any of them."""

    looked = False

    def get(self, key: str, default: Any = None) -> Any:
        self.looked = True
        return super().get(key, default)


# Measures that do not depend on the variables, by document (kept alive with its measure
# so that its id is not reused) and operation name. The parse cache hands out the same
# document object for the same text, so a known document is measured once.
_CONSTANT: OrderedDict[tuple[int, int, str | None], tuple[DocumentNode, Measure]] = OrderedDict()
CONSTANT_SIZE = 512


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> Measure:
    key = (id(schema), id(document), operation_name)
    found = _CONSTANT.get(key)
    if found is not None and found[0] is document:
        _CONSTANT.move_to_end(key)
        return found[1]
    measured, looked = _measure(schema, document, operation_name, variables)
    if not looked:
        _CONSTANT[key] = (document, measured)
        if len(_CONSTANT) > CONSTANT_SIZE:
            _CONSTANT.popitem(last=False)
    return measured


def _measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> tuple[Measure, bool]:
    """The measure, and whether it looked at any variable's value."""
    looked = False
    fragments = {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    walker = _Walker(schema, fragments, variables or {})
    for node in document.definitions:
        if isinstance(node, OperationDefinitionNode) and (
            operation_name is None or (node.name and node.name.value == operation_name)
        ):
            seen = _Variables(_with_defaults(schema, node, variables or {}))
            walker.variables = seen
            root = schema.get_root_type(node.operation)
            walker.cost += walker.selections(node.selection_set, root, 1, frozenset(), 1)
            looked = looked or seen.looked
    measured = Measure(walker.max_depth, walker.aliases, walker.cost, walker.introspection)
    return measured, looked


def _with_defaults(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> Mapping[str, Any]:
    """The supplied variables, and the operation's defaults for those not supplied."""
    merged = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in merged and definition.default_value is not None:
            kind = type_from_ast(schema, definition.type)
            if is_input_type(kind):
                merged[name] = value_from_ast(definition.default_value, kind)
    return merged


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_depth = 0
        self.aliases = 0
        self.cost = 0
        self.introspection = False

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: Any,
        depth: int,
        path: frozenset[str],
        multiplier: int,
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, depth, path, multiplier)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, target, depth, path, multiplier)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in path:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                total += self.selections(
                    fragment.selection_set, target, depth, path | {name}, multiplier
                )
        return total

    def field(
        self, node: FieldNode, parent: Any, depth: int, path: frozenset[str], multiplier: int
    ) -> int:
        name = node.name.value
        if node.alias is not None:
            self.aliases += 1
        if name in INTROSPECTION_FIELDS:
            self.introspection = True
        self.max_depth = max(self.max_depth, depth)
        definition: GraphQLField | None
        if name == "__schema":
            definition = SchemaMetaFieldDef
        elif name == "__type":
            definition = TypeMetaFieldDef
        else:
            definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
        if definition is None:
            return multiplier
        fanout = 1 if _is_connection_edges(parent, name) else self._fanout(node, definition)
        below = multiplier * fanout
        child = get_named_type(definition.type)
        # A type reference's ofType chain is as long as its wrappers, never recursive.
        below_depth = depth if name == "ofType" else depth + 1
        return multiplier + self.selections(node.selection_set, child, below_depth, path, below)

    def _fanout(self, node: FieldNode, definition: Any) -> int:
        if node.name.value == ENTITIES_FIELD:
            return self._representations(node)
        for argument in node.arguments or ():
            if argument.name.value == "first":
                return max(1, self._int(argument.value, DEFAULT_PAGE_SIZE))
        if "first" in definition.args:
            return DEFAULT_PAGE_SIZE
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        return LIST_FANOUT if isinstance(field_type, GraphQLList) else 1

    def _representations(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            value = argument.value
            if isinstance(value, ListValueNode):
                return max(1, len(value.values))
            if isinstance(value, VariableNode):
                supplied = self.variables.get(value.name.value)
                # A single value is coerced to a list of one.
                return max(1, len(supplied)) if isinstance(supplied, list) else 1
        return 1

    def _int(self, value: Any, default: int) -> int:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            supplied = self.variables.get(value.name.value)
            if isinstance(supplied, int) and not isinstance(supplied, bool):
                return supplied
        return default


def _is_connection_edges(parent: GraphQLObjectType, name: str) -> bool:
    """A connection's ``edges`` hold the ``first`` items already counted on the connection."""
    return name == "edges" and parent.name.endswith("Connection")
