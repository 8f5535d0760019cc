"""What every agency's subgraph shares: tallies, keys of representations, page requests."""

from typing import Any

import strawberry

from resolvers.errors import BadUserInput
from resolvers.paging import MAX_PAGE_SIZE, PageRequest, is_record_key

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
    """A filter's stored enum value, or ``BadUserInput`` for one the agency does not know."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise BadUserInput(f"Unknown {kind.__name__} value") from None
