"""What every agency's remote loaders share: the loader face over a request's batch, and
the checks that keep a node's answer inside the caller's regions.

Nothing a node returns is taken on trust: each record is checked against the caller's
scope with the rule the agency's SQL applies, and one outside it is dropped and logged.
Counts come as tallies per region, so only what lies in the caller's scope is added up.
"""

import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from resolvers.errors import SourceUnavailable
from resolvers.paging import Page, PageRequest
from resolvers.remote import RemoteReader, RemoteUnusable
from resolvers.remote_records import INTEGER, RemoteRecord, field_of

logger = logging.getLogger("simpul.remote")

K = TypeVar("K")
V = TypeVar("V")
Keeps = Callable[[RemoteRecord], bool]
Visible = Callable[[str], bool]


@contextmanager
def in_shape(agency: str) -> Iterator[None]:
    """An answer the hub cannot read makes the source unavailable, like no answer at all."""
    try:
        yield
    except RemoteUnusable as error:
        logger.warning("%s source answered out of shape: %s", agency, error)
        raise SourceUnavailable(agency) from error


class Lookup(Generic[K, V]):
    """A loader's face (``await lookup.load(key)``) over the request's one remote batch."""

    def __init__(self, agency: str, fetch: Callable[[K], Awaitable[V]]) -> None:
        self._agency = agency
        self._fetch = fetch

    async def load(self, key: K) -> V:
        with in_shape(self._agency):
            return await self._fetch(key)


class RemoteChecks:
    """The region checks of one agency's remote reads in one request."""

    def __init__(self, agency: str, reader: RemoteReader) -> None:
        self._agency = agency
        self._reader = reader

    def _lookup(self, fetch: Callable[[K], Awaitable[V]]) -> Lookup[K, V]:
        return Lookup(self._agency, fetch)

    def _kept(self, records: Sequence[RemoteRecord], what: str, keeps: Keeps) -> list[RemoteRecord]:
        kept = [record for record in records if keeps(record)]
        dropped = [record for record in records if not keeps(record)]
        if dropped:
            self._dropped(len(dropped), what)
        return kept

    def _one(self, record: RemoteRecord, what: str, keeps: Keeps) -> RemoteRecord | None:
        kept = self._kept([record], what, keeps)
        return kept[0] if kept else None

    def _tallied(self, found: Any, visible: Callable[[list[str]], bool]) -> int:
        total, dropped = 0, 0
        for tally in self._listed(found):
            codes = field_of(tally, "regionCodes", region_codes)
            count = field_of(tally, "count", INTEGER)
            if count < 0:
                raise RemoteUnusable("negative count")
            if codes and visible(codes):
                total += count
            else:
                dropped += count
        if dropped:
            self._dropped(dropped, "counted record")
        return total

    def _dropped(self, count: int, what: str) -> None:
        logger.warning(
            "%s source returned %d %s record(s) outside the caller's regions; dropped (request %s)",
            self._agency,
            count,
            what,
            self._reader.request_id,
        )

    def _listed(self, found: Any) -> list[Any]:
        if not isinstance(found, list):
            raise RemoteUnusable("expected a list")
        return found


def region_codes(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise TypeError("not a list of region codes")
    return list(value)


def at(visible: Visible, column: str) -> Keeps:
    return lambda record: visible(record._mapping[column])


def paged(page: PageRequest) -> dict[str, int | None]:
    return {"first": page.first, "after": page.after}


def page_of(kept: list[RemoteRecord], returned: int, page: PageRequest) -> Page[RemoteRecord]:
    """A page of the records kept, out of the ``first + 1`` the node returned after the
    cursor; a shortened page still says whether the node had more."""
    after = page.after
    ordered = sorted(
        (record for record in kept if after is None or record.id > after),
        key=lambda record: record.id,
    )
    return Page(ordered[: page.first], returned > page.first, after is not None)
