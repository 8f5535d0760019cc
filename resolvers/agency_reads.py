"""Reads that run as SQL inside one agency's database and return rows: the oversight
checks' candidates, programme coverage, the public Cek Bansos lookup, a complaint's
household check.

Each is an ``AgencyRead``: its SQL (``run``, given the agency's database, a region scope
and its arguments) and the shape of its rows. The hub runs it in the agency's database,
or asks the agency's node to run it (root field ``agencyRows``) and reads the rows back
through the shape, keeping only the rows whose region column lies in the scope — a node
cannot widen a check beyond the regions the hub asked for. Both ways give the same rows.
"""

import datetime
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from auth.regions import NATIONAL, RegionScope
from auth.scopes import OVERSIGHT_READ
from resolvers.remote_batch import RootField
from resolvers.remote_records import Parse, Record, Shape, camel

Rows = Sequence[Record]
Run = Callable[..., Awaitable[Sequence[Any]]]
Decode = Callable[[dict[str, Any]], dict[str, Any]]

# Any region: for reads the hub gives no region scope (aggregates, checks of one record).
EVERYWHERE = RegionScope.of([NATIONAL])

# The node's one root field for every read of the agency.
AGENCY_ROWS = RootField(
    "agencyRows", (("read", "String!"), ("regions", "[String!]!"), ("arguments", "JSON!")), "rows"
)


@dataclass(frozen=True)
class AgencyRead:
    agency: str
    name: str
    # ``run(reader, scope, **arguments)``: the rows, as SQL in the agency's database.
    run: Run
    shape: Shape
    # The column that lies in the scope (checked by the hub on a node's rows), or None for
    # a read whose rows are not records of a region (aggregates, a yes or no).
    region: str | None = "village_code"
    # The region column names a region that may also lie above the scope (an event's area).
    overlapping: bool = False
    # The node confines the read to the caller's regions. A read that must see beyond
    # them (coverage's national totals, the public lookup) is given its scope by the hub.
    confined: bool = True
    # The arguments back from JSON on the node (dates, tuples); JSON values as they are.
    decode: Decode = dict
    # The scope a caller needs for the node to run it; None for the public's reads.
    needs: str | None = OVERSIGHT_READ

    def keeps(self, record: Record, scope: RegionScope) -> bool:
        if self.region is None:
            return True
        code = getattr(record, self.region)
        return scope.overlaps(code) if self.overlapping else scope.allows(code)

    def wired(self, rows: Iterable[Any]) -> list[dict[str, Any]]:
        """Rows as the node sends them: the shape's columns, dates in ISO form."""
        return [
            {camel(column): _wired(row._mapping[column]) for column in self.shape.columns}
            for row in rows
        ]


def read_of(agency: str, run: Run, columns: Mapping[str, Parse], **options: Any) -> AgencyRead:
    """The read of ``run`` (named after it), its rows of ``columns``."""
    return AgencyRead(agency, run.__name__, run, Shape(columns), **options)


class Ask(Protocol):
    """Runs a read where its agency keeps its data: its database or its node."""

    async def __call__(self, read: AgencyRead, scope: RegionScope, **arguments: Any) -> Rows: ...


def jsonable(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Arguments as they travel: enums by value, dates in ISO form, tuples and sets as
    lists."""
    return {name: _wired(value) for name, value in arguments.items()}


def _wired(value: Any) -> Any:
    if isinstance(value, Enum):
        return _wired(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Sums of amounts, from PostgreSQL: whole rupiah.
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, set | frozenset):
        return [_wired(item) for item in sorted(value)]
    if isinstance(value, tuple | list):
        return [_wired(item) for item in value]
    if isinstance(value, Mapping):
        return {_wired(name): _wired(item) for name, item in value.items()}
    return value
