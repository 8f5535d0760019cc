"""Fast reading of many rows of one result: named columns by position, enums by value.

A ``Row``'s attribute access looks each name up (about a third of a microsecond each), and
an ``Enum(value)`` call goes through the enum machinery; over thousands of rows per answer
both add up, so hot constructors read columns through ``columns`` and enums through
``by_value``.
"""

from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Row

E = TypeVar("E", bound=Enum)


class _Columns:
    # Rows of one result share their metadata object (``Row._parent``); reading ``_fields``
    # builds a key view each time, so the getter is kept for the last metadata seen.
    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.metadata: object = None
        self.getter: Callable[[Row[Any]], tuple[Any, ...]] = tuple

    def __call__(self, rows: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        if not rows:
            return iter(())
        metadata = getattr(rows[0], "_parent", rows)
        if metadata is not self.metadata:
            fields = rows[0]._fields
            self.getter = itemgetter(*(fields.index(name) for name in self.names))
            self.metadata = metadata
        return map(self.getter, rows)


class _Column:
    """One column of rows, by position, found once per result (as ``_Columns`` does)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.metadata: object = None
        self.position = 0

    def __call__(self, row: Row[Any]) -> Any:
        metadata = getattr(row, "_parent", None)
        if metadata is None or metadata is not self.metadata:
            self.position = row._fields.index(self.name)
            self.metadata = metadata
        return row[self.position]


def column(name: str) -> Callable[[Row[Any]], Any]:
    """A reader of the ``name`` column of a row, much cheaper than ``row._mapping[name]``."""
    return _Column(name)


def columns(*names: str) -> Callable[[Sequence[Any]], Iterator[tuple[Any, ...]]]:
    """A reader of the ``names`` columns of rows that share one result's columns (database
    rows, or a node's records: anything with ``_fields`` and positions)."""
    return _Columns(names)


def by_value(enum: type[E]) -> Callable[[Any], E]:
    """``enum(value)``, by one dictionary lookup for the enum's own values."""
    members = {member.value: member for member in enum}

    def lookup(value: Any) -> E:
        found = members.get(value)
        return enum(value) if found is None else found

    return lookup


def optional(convert: Callable[[Any], E]) -> Callable[[Any], E | None]:
    return lambda value: None if value is None else convert(value)
