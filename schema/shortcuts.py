"""Leaf fields answered in one step: read an attribute, mask it, coerce it.

graphql-core resolves every field through a resolver, a resolve-info object and value
completion, a few microseconds each time; most of a large answer is leaf fields read
straight off an object (ids, names, dates), many of them masked. A field that only reads an
attribute (with no resolver and no extension but ``Mask``, the one ``personal`` fields use)
and has a scalar or enum type gets a ``LeafShortcut``. Its ``value`` is what the general path
would produce, or ``UNANSWERED`` when the value is unusual (null where the type forbids it,
a value the scalar refuses, a missing attribute): the general path then answers the field
and reports its error.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

from graphql import (
    GraphQLField,
    GraphQLID,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
    is_leaf_type,
)
from strawberry.types.field import StrawberryField

from schema.protection import Mask

T = TypeVar("T")
# Scalars whose output of a ``str`` is that very string.
_KEEPS_TEXT = frozenset({str, GraphQLString.coerce_output_value, GraphQLID.coerce_output_value})
_TEXT = frozenset({str})
_TEXT_OR_NULL = frozenset({str, type(None)})
UNANSWERED: Any = object()
DEFINITION = "strawberry-definition"  # where strawberry keeps a GraphQL field's definition


def unwrapped(type_: Any) -> tuple[bool, Any]:
    """(nullable, the type inside a non-null wrapper)."""
    if isinstance(type_, GraphQLNonNull):
        return False, type_.of_type
    return True, type_


@dataclass(frozen=True, slots=True)
class LeafShortcut:
    field_name: str
    coerce: Callable[[Any], Any]
    nullable: bool
    mask: Mask | None
    read: Callable[[Any], Any]
    # The audit subject of a source; None for the source's own ``audit_subject``.
    subject: Callable[[Any], tuple[str, str]] | None = None

    def value(self, context: Any, source: Any) -> Any:
        """What the general path would answer for ``source``, or ``UNANSWERED``."""
        column = self.column(context, [source])
        return column if column is UNANSWERED else column[0]

    def column(self, context: Any, sources: Sequence[Any]) -> Any:
        """``value`` for many sources at once: a list, or ``UNANSWERED`` if any is unusual."""
        try:
            values = list(map(self.read, sources))
        except Exception:
            return UNANSWERED
        return self.shown(context, sources, values)

    def shown(self, context: Any, sources: Sequence[Any], values: list[Any]) -> Any:
        """``column`` for these sources' ``values``, already read."""
        try:
            if self.mask is not None:
                values = self.mask.shown_all(
                    context, sources, self.field_name, values, self.subject
                )
            coerce = self.coerce
            if coerce in _KEEPS_TEXT:
                kinds = set(map(type, values))
                if kinds == _TEXT or (self.nullable and kinds <= _TEXT_OR_NULL):
                    return values  # text these scalars give back unchanged
            if None not in values:
                column = list(map(coerce, values))
                # Undefined compares equal to None: this finds both.
                return UNANSWERED if None in column else column
            if not self.nullable:
                return UNANSWERED
            column = [None if value is None else coerce(value) for value in values]
            refused = any(
                found is None or found is Undefined
                for found, value in zip(column, values, strict=True)
                if value is not None
            )
        except Exception:
            return UNANSWERED
        return UNANSWERED if refused else column


def leaf_shortcut(name: str, field: GraphQLField) -> LeafShortcut | None:
    definition = field.extensions.get(DEFINITION)
    if not isinstance(definition, StrawberryField) or field.args:
        return None
    if definition.base_resolver is not None or definition.default_resolver is not getattr:
        return None
    extensions = definition.extensions
    mask = extensions[0] if len(extensions) == 1 and isinstance(extensions[0], Mask) else None
    if extensions and mask is None:
        return None
    nullable, named = unwrapped(field.type)
    if not is_leaf_type(named):
        return None
    read = attrgetter(definition.python_name)
    return LeafShortcut(name, named.coerce_output_value, nullable, mask, read)


def field_table(
    classify: Callable[[str, GraphQLField], T | None],
) -> Callable[[GraphQLObjectType], Mapping[str, T]]:
    """``classify`` applied once to every field of a type, kept per type; None is left out."""
    tables: dict[GraphQLObjectType, Mapping[str, T]] = {}

    def of(object_type: GraphQLObjectType) -> Mapping[str, T]:
        found = tables.get(object_type)
        if found is None:
            found = tables[object_type] = {
                name: kind
                for name, field in object_type.fields.items()
                if (kind := classify(name, field)) is not None
            }
        return found

    return of


shortcuts_of = field_table(leaf_shortcut)
