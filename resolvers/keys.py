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


def keys_in(column: ColumnElement[Any], keys: Sequence[Any], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(keys), type_=ARRAY(column.type)))
    return column.in_(keys)
