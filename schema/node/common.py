"""What every agency node's schema shares: tallies, pages, references by key, and records
built from stored rows."""

import dataclasses
import datetime
from typing import Any, Self, TypeVar

import strawberry

from auth.principal import Principal
from resolvers.errors import BadUserInput
from resolvers.paging import MAX_PAGE_SIZE, PageRequest, is_record_key
from schema.protection import refusal

T = TypeVar("T")
TallyRow = tuple[tuple[str, ...], int]


@strawberry.type(description="How many records lie in a region (or a set of regions).")
class Tally:
    region_codes: list[str]
    count: int

    @classmethod
    def of(cls, tally: TallyRow) -> "Tally":
        codes, count = tally
        return cls(region_codes=list(codes), count=count)


def record_key(id: strawberry.ID) -> int | None:
    """The key an ``id`` names, or None when it is malformed."""
    return int(id) if is_record_key(str(id)) else None


async def referenced(loader: Any, id: strawberry.ID) -> Any:
    """The row a representation names, or None when it is absent, elsewhere or malformed."""
    key = record_key(id)
    return None if key is None else await loader.load(key)


def page_request(first: int, after: int | None, kind: str) -> PageRequest:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"Argument 'first' must be between 0 and {MAX_PAGE_SIZE}")
    # One more than asked: the caller learns from it whether more follow.
    return PageRequest(kind, first + 1, after)


def choice(kind: Any, value: str | None) -> Any:
    """A filter's stored value as the agency's enum; an unknown one is refused."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise BadUserInput(f"Unknown {kind.__name__} value") from None


def stored(kind: type[T], row: Any) -> T:
    """A record of ``kind`` with a row's stored values: its ids (``id``, ``…_id``) as IDs,
    amounts held in text fields as decimal strings (they may pass 32 bits), times in UTC
    (SQLite hands them back without their zone)."""
    annotations = getattr(kind, "__annotations__", {})
    values = {}
    for field in dataclasses.fields(kind):  # type: ignore[arg-type]
        if not field.init:  # a resolved field (a link), not a stored value
            continue
        values[field.name] = _stored_value(
            field.name, annotations.get(field.name), row._mapping[field.name]
        )
    return kind(**values)


def _stored_value(name: str, annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    if name == "id" or name.endswith("_id"):
        return strawberry.ID(str(value))
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    if annotation is str and isinstance(value, int):
        return str(value)
    return value


class Stored:
    """A node's record built from a row: ``Kind.of(row)``, or by its key through a loader
    of the caller's regions (``Kind.by_key``: None when absent, elsewhere or malformed)."""

    @classmethod
    def of(cls, row: Any) -> Self:
        return stored(cls, row)

    @classmethod
    async def by_key(cls, loader: Any, id: strawberry.ID) -> Self | None:
        row = await referenced(loader, id)
        return None if row is None else cls.of(row)


class ByHouseholdId:
    """A registry household, known to a node by its id alone."""

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Self | None:
        return cls(id=id) if record_key(id) is not None else None  # type: ignore[call-arg]


def admit(principal: Principal, needs: str | None) -> None:
    """Raises the refusal of a caller lacking the scope ``needs`` (None: anyone may)."""
    refused = refusal(principal, () if needs is None else (needs,))
    if refused is not None:
        raise refused
