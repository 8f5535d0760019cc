"""Records from a remote agency node, read like database rows, and the shapes they take.

A ``Shape`` lists the columns the hub reads of a record and how each is parsed from the
node's JSON; it also writes the selection that asks the node for them. A value that does
not parse means the node is not answering as agreed: ``RemoteUnusable``.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Row

from resolvers.remote import RemoteUnusable

Parse = Callable[[Any], Any]


class RemoteRecord:
    """Read as a database row is: by attribute (``record.village_code``), by name
    (``record._mapping``) and by position (``record[0]``, names in ``record._fields``)."""

    __slots__ = ("_fields", "_mapping", "_values")

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._mapping = dict(values)
        self._fields = tuple(self._mapping)
        self._values = tuple(self._mapping.values())

    def __getitem__(self, position: int) -> Any:
        return self._values[position]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"RemoteRecord({self._mapping!r})"


# What agency code reads a record from: a database row or a node's record.
Record = Row[Any] | RemoteRecord


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("not an integer")
    return int(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def _date(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(_text(value))


def _moment(value: Any) -> datetime.datetime:
    return datetime.datetime.fromisoformat(_text(value))


def one_of(kind: type[Enum]) -> Parse:
    """A stored value of ``kind``; any other is a malformed record, not a value to show."""
    known = frozenset(member.value for member in kind)

    def parse(value: Any) -> str:
        text = _text(value)
        if text not in known:
            raise ValueError(f"not a {kind.__name__} value")
        return text

    return parse


def optional(parse: Parse) -> Parse:
    return lambda value: None if value is None else parse(value)


INTEGER: Parse = _integer
TEXT: Parse = _text
BOOLEAN: Parse = _boolean
DATE: Parse = _date
MOMENT: Parse = _moment


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class Shape:
    columns: Mapping[str, Parse]

    @property
    def selection(self) -> str:
        return " ".join(camel(column) for column in self.columns)

    def record(self, found: Any) -> RemoteRecord:
        return RemoteRecord(self.values(found))

    def values(self, found: Any) -> dict[str, Any]:
        try:
            return {column: parse(found[camel(column)]) for column, parse in self.columns.items()}
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteUnusable(f"malformed record: {error}") from error


def field_of(found: Any, name: str, parse: Parse) -> Any:
    try:
        return parse(found[name])
    except (KeyError, TypeError, ValueError) as error:
        raise RemoteUnusable(f"malformed field {name}: {error}") from error


def list_of(found: Any, name: str) -> list[Any]:
    values = found.get(name) if isinstance(found, dict) else None
    if not isinstance(values, list):
        raise RemoteUnusable(f"malformed list {name}")
    return values
