"""Objects answered straight from their database rows.

A type declared as a ``RowType`` names, for each plain leaf field, the column it is read
from and the conversion its object's attribute gets (``Household.of`` and ``Person.all_of``
make the same conversions), and for each list of related rows the batch function that
fetches them for many parents by the parents' key. A selection made only of such fields (and
``__typename``) compiles to an ``ObjectPlan``; answering it reads each selected column of all
rows at once and passes it through the field's own ``LeafShortcut`` (the same masking, audit
noting and scalar coercion as the level-wise path), without building the type's objects.

Whatever the general path would answer differently (a null where the type forbids it, a
value the scalar refuses, a failing fetch) raises ``Unanswered``; the caller then lets the
general path answer the whole operation.
"""

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from graphql import GraphQLList, GraphQLObjectType
from graphql.execution.collect_fields import FieldDetailsList

from schema.levels import Unanswered
from schema.shortcuts import UNANSWERED, LeafShortcut, shortcuts_of, unwrapped

TYPENAME = "__typename"
Row = Any
Subject = Callable[[Row], tuple[str, str]]


@dataclass(frozen=True, slots=True)
class RowList:
    """A list field of rows fetched for the parent rows' ``key`` column in one batch."""

    # (context, parent keys, the columns the answer reads) -> each parent's rows
    fetch: Callable[[Any, list[Any], tuple[str, ...]], Awaitable[Sequence[Sequence[Row]]]]
    key: str
    item: "RowType"


@dataclass(frozen=True, slots=True)
class RowType:
    name: str  # the GraphQL type
    # GraphQL field name -> (column, conversion to the object's attribute value, or None)
    leaves: Mapping[str, tuple[str, Callable[[Any], Any] | None]]
    subject: Subject  # the audit subject of a row, as the object's ``audit_subject``
    # Columns every answer reads: those of the subject and of masks that look at the row.
    always: tuple[str, ...]
    lists: Mapping[str, RowList] = dataclasses.field(default_factory=dict)

    def reader(self, field: str) -> Callable[[Sequence[Row]], list[Any]]:
        """The field's values of many rows of one result, as the objects' attributes would
        hold them (read by position: a row's attribute access looks the name up each time)."""
        column, convert = self.leaves[field]

        def read(rows: Sequence[Row]) -> list[Any]:
            if not rows:
                return []
            values = map(itemgetter(rows[0]._fields.index(column)), rows)
            return list(values if convert is None else map(convert, values))

        return read


@dataclass(frozen=True, slots=True)
class RowLeaf:
    """A leaf field read off rows: its values, then the field's own masking and coercion."""

    shortcut: LeafShortcut
    read: Callable[[Sequence[Row]], list[Any]]

    def column(self, context: Any, rows: Sequence[Row]) -> Any:
        try:
            values = self.read(rows)
        except Exception:
            return UNANSWERED
        return self.shortcut.shown(context, rows, values)


@dataclass(frozen=True, slots=True)
class ListPlan:
    rows: RowList
    item: "ObjectPlan"
    # What is read of the related rows: the item's columns and those of every other
    # selection of the same list on the same object, so the rows are fetched once for all.
    columns: tuple[str, ...] = ()


Part = str | RowLeaf | ListPlan  # TYPENAME, a leaf column, or a list of related rows


@dataclass(frozen=True, slots=True)
class ObjectPlan:
    type_name: str
    names: tuple[str, ...]  # response names, in the order of the selection
    parts: tuple[Part, ...]
    columns: tuple[str, ...]  # what the parts read of each row


def object_plan(
    collect: Callable[[GraphQLObjectType, FieldDetailsList], Any],
    object_type: GraphQLObjectType,
    fields: FieldDetailsList,
    row_type: RowType,
) -> ObjectPlan | None:
    """The plan of this selection on ``object_type``, or None if it selects anything else."""
    if object_type.name != row_type.name or object_type.is_type_of is not None:
        return None
    grouped, defer_usages, _ = collect(object_type, fields)
    if defer_usages:
        return None
    shortcuts = shortcuts_of(object_type)
    names: list[str] = []
    parts: list[Part] = []
    columns = set(row_type.always)
    for response_name, selected in grouped.items():
        name = selected[0].node.name.value
        part: Part | None = None
        if name == TYPENAME:
            part = TYPENAME
        elif name in row_type.leaves and name in shortcuts:
            shortcut = dataclasses.replace(shortcuts[name], subject=row_type.subject)
            part = RowLeaf(shortcut, row_type.reader(name))
            columns.add(row_type.leaves[name][0])
        elif name in row_type.lists:
            related = row_type.lists[name]
            part = _list_plan(collect, object_type.fields[name].type, selected, related)
            columns.add(related.key)
        if part is None:
            return None
        names.append(response_name)
        parts.append(part)
    return ObjectPlan(object_type.name, tuple(names), _sharing(parts), tuple(sorted(columns)))


def _sharing(parts: list[Part]) -> tuple[Part, ...]:
    """The parts, each list reading the columns all selections of the same list need."""
    needed: dict[int, set[str]] = {}
    for part in parts:
        if isinstance(part, ListPlan):
            needed.setdefault(id(part.rows), set()).update(part.item.columns)
    return tuple(
        dataclasses.replace(part, columns=tuple(sorted(needed[id(part.rows)])))
        if isinstance(part, ListPlan)
        else part
        for part in parts
    )


def _list_plan(
    collect: Callable[[GraphQLObjectType, FieldDetailsList], Any],
    field_type: Any,
    fields: FieldDetailsList,
    rows: RowList,
) -> ListPlan | None:
    _, inner = unwrapped(field_type)
    if not isinstance(inner, GraphQLList):
        return None
    _, item_type = unwrapped(inner.of_type)
    if not isinstance(item_type, GraphQLObjectType):
        return None
    item = object_plan(collect, item_type, fields, rows.item)
    return None if item is None else ListPlan(rows, item)


class Fetches:
    """The list fetches of one compiled answer: the same list of the same rows, read for the
    same columns, is fetched once."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self._done: dict[tuple[int, tuple[Any, ...], tuple[str, ...]], Sequence[Any]] = {}

    def prime(
        self, rows: RowList, keys: list[Any], columns: tuple[str, ...], found: Sequence[Any]
    ) -> None:
        """Take ``found`` as the fetch of ``rows`` for ``keys`` (read along with the parents)."""
        self._done[(id(rows), tuple(keys), columns)] = found

    async def of(
        self, rows: RowList, keys: list[Any], columns: tuple[str, ...]
    ) -> Sequence[Sequence[Row]]:
        memo = (id(rows), tuple(keys), columns)
        found = self._done.get(memo)
        if found is None:
            found = self._done[memo] = await rows.fetch(self.context, keys, columns)
        return found


async def answer(plan: ObjectPlan, fetches: Fetches, rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The answer for each row, in order."""
    if not rows:
        return []
    columns: list[Sequence[Any]] = []
    for part in plan.parts:
        if isinstance(part, RowLeaf):
            column = part.column(fetches.context, rows)
            if column is UNANSWERED:
                raise Unanswered(part.shortcut.field_name)
            columns.append(column)
        elif isinstance(part, ListPlan):
            columns.append(await _lists(part, fetches, rows))
        else:
            columns.append([plan.type_name] * len(rows))
    names = plan.names
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


async def _lists(plan: ListPlan, fetches: Fetches, rows: Sequence[Row]) -> list[list[Any]]:
    key = attrgetter(plan.rows.key)
    try:
        fetched = await fetches.of(plan.rows, [key(row) for row in rows], plan.columns)
    except Exception as error:
        raise Unanswered(plan.rows.key) from error
    items = [item for found in fetched for item in found]
    answered = iter(await answer(plan.item, fetches, items))
    return [[next(answered) for _ in found] for found in fetched]
