"""Level-wise completion: an answer built one level of the query at a time.

graphql-core completes a list of objects item by item, and every field with a resolver
becomes a coroutine, a task and a resolve-info object per item: for 500 households with
their members that is thousands of tasks for what is one batched statement. When every
field selected under an object is a plain leaf (``schema/execution.py``), ``__typename``,
an attribute holding further objects, or a field with a batch form (``schema/batched.py``),
the whole selection is answered level by level instead: each level's leaves in one loop and
each batch field fetched once for all objects of the level.

The result is the one the general path gives. Whatever this path is not sure to answer the
same way (a null where the type forbids it, a value a scalar refuses, a fetch failing under
a non-null field, a conversion error) raises ``Unanswered`` and the caller hands the object
or list to the general path, which then produces the answer and its errors. A batch fetch
that fails under a nullable field nulls the field for each object with the error located
at each object's path, as the general path does; those errors are reported only once the
whole level-wise answer has succeeded.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.types.field import StrawberryField

from schema.batched import BatchForm, batch_form_of
from schema.shortcuts import DEFINITION, UNANSWERED, field_table, shortcuts_of, unwrapped

Where = Callable[[int], Path | None]


class Unanswered(Exception):
    """The level-wise path cannot be sure to answer as the general path would."""


@dataclass(frozen=True, slots=True)
class Nested:
    """A non-leaf field read off the object, or a field with a batch form."""

    attribute: str | None
    form: BatchForm | None
    return_type: GraphQLOutputType

    @property
    def nullable(self) -> bool:
        return not isinstance(self.return_type, GraphQLNonNull)

    def innermost(self) -> GraphQLNamedType | None:
        """The named type of the field, or None for shapes this path leaves alone."""
        _, inner = unwrapped(self.return_type)
        if isinstance(inner, GraphQLList):
            _, inner = unwrapped(inner.of_type)
        return inner if isinstance(inner, GraphQLNamedType) else None


def nested_field(field: GraphQLField) -> Nested | None:
    definition = field.extensions.get(DEFINITION)
    if not isinstance(definition, StrawberryField) or field.args or definition.extensions:
        return None
    if definition.base_resolver is None:
        if definition.default_resolver is not getattr:
            return None
        return Nested(definition.python_name, None, field.type)
    form = batch_form_of(definition)
    return None if form is None else Nested(None, form, field.type)


nested_of = field_table(lambda _name, field: nested_field(field))


@dataclass(frozen=True, slots=True)
class _FieldError:
    error: Exception
    field: Nested
    fields: FieldDetailsList
    path: Path


class Levels:
    """The level-wise path of one execution (``executor`` is its graphql-core executor)."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[bool, bool]] = {}

    # -- planning --------------------------------------------------------------------------

    def plan(self, object_type: GraphQLObjectType, fields: FieldDetailsList) -> tuple[bool, bool]:
        """(answerable level-wise, has a nested field) for this selection on ``object_type``."""
        key = (object_type, id(fields))
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = self._planned(object_type, fields)
        return found

    def _planned(
        self, object_type: GraphQLObjectType, fields: FieldDetailsList
    ) -> tuple[bool, bool]:
        if object_type.is_type_of is not None:
            return False, False
        grouped, defer_usages, _ = self.executor.collect_subfields(object_type, fields)
        if defer_usages:
            return False, False
        leaves, nested = shortcuts_of(object_type), nested_of(object_type)
        has_nested = False
        for selected in grouped.values():
            name = selected[0].node.name.value
            if name == "__typename" or name in leaves:
                continue
            field = nested.get(name)
            inner = None if field is None else field.innermost()
            if inner is None:
                return False, False
            has_nested = True
            if is_leaf_type(inner):
                continue
            if not isinstance(inner, GraphQLObjectType) or not self.plan(inner, selected)[0]:
                return False, False
        return True, has_nested

    # -- answering -------------------------------------------------------------------------

    async def answer(
        self,
        object_type: GraphQLObjectType,
        fields: FieldDetailsList,
        objects: list[Any],
        where: Where,
    ) -> list[dict[str, Any]]:
        """The answers for ``objects``; field errors are reported only if all of it succeeds."""
        errors: list[_FieldError] = []
        answers = await self._objects(object_type, fields, objects, where, errors)
        for found in errors:
            self.executor.handle_field_error(
                found.error, found.field.return_type, found.fields, found.path
            )
        return answers

    def leaves_only(
        self, object_type: GraphQLObjectType, fields: FieldDetailsList, objects: list[Any]
    ) -> list[dict[str, Any]]:
        """The answers for ``objects`` when every selected field is a leaf or ``__typename``."""
        grouped = self.executor.collect_subfields(object_type, fields)[0]
        names, columns, _later = self._leaves(object_type, grouped, objects)
        return _rows(names, columns)

    def _leaves(
        self,
        object_type: GraphQLObjectType,
        grouped: Mapping[str, FieldDetailsList],
        objects: list[Any],
    ) -> tuple[list[str], list[Any], list[tuple[int, Nested, FieldDetailsList]]]:
        """Each selected field's column of values, the leaves filled in, the rest to come."""
        leaves, nested = shortcuts_of(object_type), nested_of(object_type)
        context = self.executor.context_value
        names = list(grouped)
        columns: list[Any] = []
        later = []
        for position, (response_name, selected) in enumerate(grouped.items()):
            name = selected[0].node.name.value
            if name == "__typename":
                columns.append([object_type.name] * len(objects))
                continue
            shortcut = leaves.get(name)
            if shortcut is None:
                columns.append(None)
                later.append((position, nested[name], selected))
                continue
            column = shortcut.column(context, objects)
            if column is UNANSWERED:
                raise Unanswered(response_name)
            columns.append(column)
        return names, columns, later

    async def _objects(
        self,
        object_type: GraphQLObjectType,
        fields: FieldDetailsList,
        objects: list[Any],
        where: Where,
        errors: list[_FieldError],
    ) -> list[dict[str, Any]]:
        if not objects:
            return []
        grouped = self.executor.collect_subfields(object_type, fields)[0]
        names, columns, later = self._leaves(object_type, grouped, objects)
        if later:

            def field_where(position: int) -> Where:
                response_name = names[position]
                return lambda index: Path(where(index), response_name, object_type.name)

            fetched = await _together(
                *(
                    self._fetch(field, selected, objects, field_where(position), errors)
                    for position, field, selected in later
                )
            )
            completed = await _together(
                *(
                    self._complete(
                        field.return_type, selected, values, field_where(position), errors
                    )
                    for (position, field, selected), values in zip(later, fetched, strict=True)
                )
            )
            for (position, _field, _selected), values in zip(later, completed, strict=True):
                columns[position] = values
        return _rows(names, columns)

    async def _fetch(
        self,
        field: Nested,
        fields: FieldDetailsList,
        objects: list[Any],
        where: Where,
        errors: list[_FieldError],
    ) -> Sequence[Any]:
        if field.attribute is not None:
            try:
                return [getattr(source, field.attribute) for source in objects]
            except AttributeError as missing:
                raise Unanswered from missing
        assert field.form is not None
        try:
            fetched = await field.form.fetch(self.executor.context_value, objects)
        except Exception as error:
            if not field.nullable:
                raise Unanswered from error
            errors.extend(_FieldError(error, field, fields, where(i)) for i in range(len(objects)))  # type: ignore[arg-type]
            return [None] * len(objects)
        try:
            return [field.form.convert(found) for found in fetched]
        except Exception as error:
            raise Unanswered from error

    async def _complete(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        values: Sequence[Any],
        where: Where,
        errors: list[_FieldError],
    ) -> list[Any]:
        nullable, inner = unwrapped(type_)
        if not isinstance(inner, GraphQLList):
            return await self._single(nullable, inner, fields, values, where, errors)
        items: list[Any] = []
        owner: list[int] = []
        position: list[int] = []
        for index, value in enumerate(values):
            if value is None:
                if not nullable:
                    raise Unanswered
                continue
            if not isinstance(value, list | tuple):
                raise Unanswered
            items.extend(value)
            owner.extend([index] * len(value))
            position.extend(range(len(value)))
        item_nullable, item_type = unwrapped(inner.of_type)
        done = await self._single(
            item_nullable,
            item_type,
            fields,
            items,
            lambda i: where(owner[i]).add_key(position[i], None),  # type: ignore[union-attr]
            errors,
        )
        lists: list[Any] = [None if value is None else [] for value in values]
        for index, item in zip(owner, done, strict=True):
            lists[index].append(item)
        return lists

    async def _single(
        self,
        nullable: bool,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        values: Sequence[Any],
        where: Where,
        errors: list[_FieldError],
    ) -> list[Any]:
        if any(value is None for value in values) and not nullable:
            raise Unanswered
        if is_leaf_type(type_):
            return [None if value is None else _coerced(type_, value) for value in values]
        if not isinstance(type_, GraphQLObjectType):
            raise Unanswered
        present = [index for index, value in enumerate(values) if value is not None]
        answered = await self._objects(
            type_, fields, [values[i] for i in present], lambda i: where(present[i]), errors
        )
        completed: list[Any] = [None] * len(values)
        for index, answer in zip(present, answered, strict=True):
            completed[index] = answer
        return completed


async def _together(*awaitables: Awaitable[Any]) -> list[Any]:
    if len(awaitables) == 1:
        return [await awaitables[0]]
    return list(await asyncio.gather(*awaitables))


def _rows(names: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _coerced(type_: Any, value: Any) -> Any:
    try:
        coerced = type_.coerce_output_value(value)
    except Exception as refused:
        raise Unanswered from refused
    if coerced is None or coerced is Undefined:
        raise Unanswered
    return coerced
