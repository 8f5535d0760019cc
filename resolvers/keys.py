"""A batch's keys in one condition.

``column IN (…)`` renders one bind parameter per key: a batch of 500 households is a
statement of 500 parameters, rendered anew for every batch size, and a new prepared
statement for PostgreSQL each time. On PostgreSQL the keys go as one array instead,
``column = ANY($1)``: one parameter, one statement text whatever the batch's size.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

# The name of the parameter ``keys_param`` leaves to be bound when the statement runs.
KEYS = "keys"


def keys_in(column: ColumnElement[Any], keys: Sequence[Any], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(keys), type_=ARRAY(column.type)))
    return column.in_(keys)


def keys_param(column: ColumnElement[Any], dialect: str) -> ColumnElement[bool]:
    """``keys_in`` with the keys bound at execution as ``KEYS``: the statement can be built
    once and kept (building one and deriving its cache key cost more than running it)."""
    if dialect == "postgresql":
        return column == any_(bindparam(KEYS, type_=ARRAY(column.type)))
    return column.in_(bindparam(KEYS, expanding=True))
