"""What the agency nodes' entities share: their keys, and records built from stored rows."""

import dataclasses
from typing import Any, Self, TypeVar

import strawberry

from resolvers.paging import is_record_key

T = TypeVar("T")


def record_key(id: strawberry.ID) -> int | None:
    """The key an ``id`` names, or None when it is malformed."""
    return int(id) if is_record_key(str(id)) else None


async def referenced(loader: Any, id: strawberry.ID) -> Any:
    """The row a representation names, or None when it is absent, elsewhere or malformed."""
    key = record_key(id)
    return None if key is None else await loader.load(key)


def stored(kind: type[T], row: Any) -> T:
    """A record of ``kind`` with a row's stored values, its ids (``id``, ``…_id``) as IDs."""
    values = {}
    for field in dataclasses.fields(kind):  # type: ignore[arg-type]
        if not field.init:  # a resolved field (a link), not a stored value
            continue
        value = row._mapping[field.name]
        is_id = field.name == "id" or field.name.endswith("_id")
        values[field.name] = strawberry.ID(str(value)) if is_id and value is not None else value
    return kind(**values)


class Stored:
    """A node's record built from a row: ``Kind.of(row)``."""

    @classmethod
    def of(cls, row: Any) -> Self:
        return stored(cls, row)


class ByHouseholdId:
    """A registry household, known to a node by its id alone."""

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Self | None:
        return cls(id=id) if record_key(id) is not None else None  # type: ignore[call-arg]
