"""Statements built once and run many times, handed to PostgreSQL's driver directly.

A batch lookup by keys (``resolvers/keys.py``) is built once per caller scope and run for
every batch. Through SQLAlchemy's connection, each run costs far more Python than the
lookup itself costs PostgreSQL: checking out and wrapping a connection, switching it to
autocommit and back, building a result. A ``Prebuilt`` statement is compiled once per
dialect into its SQL text, the order of its parameters and a row class, and runs as one
``fetch`` on the driver's connection (``Reader.rows``).

Its rows read as SQLAlchemy's do: by attribute, by position, ``_fields``, ``_mapping``, and
one ``_parent`` shared by all rows of the statement (``resolvers/rows.py`` relies on it).
Values go through the same bind and result processors SQLAlchemy would apply.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Dialect, Select

Processor = Callable[[Any], Any]


class DriverRow(tuple[Any, ...]):
    """A row of a prebuilt statement; each statement has its own subclass."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    @property
    def _parent(self) -> type:
        return type(self)

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def _asdict(self) -> dict[str, Any]:
        return self._mapping


@lru_cache(maxsize=1024)
def row_class(names: tuple[str, ...]) -> type[DriverRow]:
    """The row class of rows with these columns: one class per column list, so rows of
    the same columns share their ``_parent`` wherever they were read."""
    attributes: dict[str, Any] = {"__slots__": (), "_fields": tuple(names)}
    for position, name in enumerate(names):
        if name.isidentifier() and not name.startswith("_"):
            attributes[name] = property(itemgetter(position))
    return type("DriverRow", (DriverRow,), attributes)


@dataclass(frozen=True, slots=True)
class DriverForm:
    """What the driver needs to run the statement, and how to read its rows."""

    sql: str
    names: tuple[str, ...]  # the parameters, in the order of $1, $2, …
    fixed: Mapping[str, Any]  # the values bound when the statement was built
    binds: Mapping[str, Processor]
    results: tuple[Processor | None, ...] | None  # None when no column needs one
    row: type[DriverRow]

    def arguments(self, parameters: Mapping[str, Any] | None) -> list[Any]:
        given = parameters or {}
        values = []
        for name in self.names:
            value = given[name] if name in given else self.fixed[name]
            process = self.binds.get(name)
            values.append(value if process is None else process(value))
        return values

    def rows(self, records: Sequence[Any]) -> list[DriverRow]:
        make = self.row
        if self.results is None:
            return [make(record) for record in records]
        processors = self.results
        return [
            make(
                value if process is None else process(value)
                for process, value in zip(processors, record, strict=True)
            )
            for record in records
        ]


@dataclass(eq=False)
class Prebuilt:
    """A statement built once, run by ``Reader.rows`` with only its parameters changing."""

    statement: Select[Any]
    _forms: dict[str, DriverForm | None] = field(default_factory=dict, repr=False)

    def driver_form(self, dialect: Dialect) -> DriverForm | None:
        """The statement compiled for the driver of ``dialect``; None where it must go
        through SQLAlchemy (a statement SQLAlchemy would render anew on every run)."""
        name = dialect.name
        if name not in self._forms:
            self._forms[name] = _compiled(self.statement, dialect)
        return self._forms[name]


def _compiled(statement: Select[Any], dialect: Dialect) -> DriverForm | None:
    compiled = statement.compile(dialect=dialect)
    order = compiled.positiontup
    if order is None or compiled.literal_execute_params or compiled.post_compile_params:
        return None
    columns = compiled._result_columns
    names = tuple(column.keyname for column in columns)
    if len(set(names)) != len(names):
        return None
    results = tuple(column.type.result_processor(dialect, None) for column in columns)
    binds: dict[str, Processor] = {}
    for name, process in compiled._bind_processors.items():
        if not callable(process):  # a tuple's processors, one per element: not a key lookup
            return None
        binds[name] = process
    return DriverForm(
        sql=str(compiled),
        names=tuple(order),
        fixed=dict(compiled.params),
        binds=binds,
        results=results if any(results) else None,
        row=row_class(names),
    )
