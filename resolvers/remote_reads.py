"""What every agency's remote loaders share: the request's one batch to the node, and the
checks that take nothing it returns on trust.

A record outside the caller's regions is dropped and logged, and one that does not answer
a list's filter is dropped; a count is a sum of tallies per region, of only the regions in
the caller's scope; an answer out of shape (a negative count among them) makes the source
unavailable, like no answer at all. The logistics, institutions and regional loaders all
build on ``RemoteLoaders``.
"""

import asyncio
import datetime
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from auth.regions import RegionScope
from resolvers.agency_reads import AGENCY_ROWS, AgencyRead, jsonable
from resolvers.errors import SourceUnavailable
from resolvers.paging import Page, PageRequest
from resolvers.remote import RemoteReader, RemoteUnusable
from resolvers.remote_batch import RemoteBatch, RootField
from resolvers.remote_records import INTEGER, TEXT, RemoteRecord, camel, field_of, list_of

logger = logging.getLogger("simpul.remote")

K = TypeVar("K")
V = TypeVar("V")
Visible = Callable[[str], bool]
Keeps = Callable[[RemoteRecord], bool]
# A filter field that bounds a record's value rather than naming it (a date range).
Bound = Callable[[Any, dict[str, Any]], bool]


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

    def __init__(
        self, agency: str, fetch: Callable[[K], Awaitable[V]], forget: Callable[[], None]
    ) -> None:
        self._agency = agency
        self._fetch = fetch
        self._forget = forget

    def load(self, key: K) -> "asyncio.Task[V]":
        """A task, as a DataLoader's future is: it joins the level's batch at once, and its
        failure can be read without awaiting it (a batch form gathers a level's loads)."""
        return asyncio.ensure_future(self._load(key))

    async def _load(self, key: K) -> V:
        with in_shape(self._agency):
            return await self._fetch(key)

    def clear(self, key: K) -> "Lookup[K, V]":
        """Forget what the request's batch was told of the agency, as a DataLoader forgets
        a key after a write: the next load asks the node again."""
        self._forget()
        return self


class RemoteLoaders:
    """The base of an agency's remote loaders: its batch and its checks."""

    # The filter fields that bound a value (``visited_from``) rather than name it.
    _bounds: ClassVar[dict[str, Bound]] = {}

    def __init__(
        self,
        agency: str,
        reader: RemoteReader,
        scope: RegionScope,
        batch: RemoteBatch | None = None,
    ) -> None:
        self._agency = agency
        self._reader = reader
        # Loaders of one agency in one request share its batch: one call per level.
        self._batch = batch or RemoteBatch(reader)
        self._scope = scope

    async def answer(
        self, read: AgencyRead, scope: RegionScope, arguments: dict[str, Any]
    ) -> list[RemoteRecord]:
        """The rows of ``read`` as the node runs it in ``scope``; a row outside the scope is
        dropped and logged."""
        found = await self._batch.root(
            AGENCY_ROWS, read=read.name, regions=list(scope.prefixes), arguments=jsonable(arguments)
        )
        with in_shape(self._agency):
            records = [read.shape.record(entry) for entry in list_of(found, "rows")]
        return self._kept(records, read.name, lambda record: read.keeps(record, scope))

    def _lookup(self, fetch: Callable[[K], Awaitable[V]]) -> Lookup[K, V]:
        return Lookup(self._agency, fetch, self._batch.forget)

    async def _page_of(
        self,
        fetch: RootField,
        where: Any,
        page: PageRequest,
        record: Callable[[Any], RemoteRecord],
        keeps: Keeps,
        what: str,
    ) -> Page[RemoteRecord]:
        """A page of a list the node filtered, filtered again here."""
        found = await self._batch.root(fetch, filter=asked(where), **paged(page))
        with in_shape(self._agency):
            records = [record(entry) for entry in self._listed(found)]
        kept = [entry for entry in self._kept(records, what, keeps) if self._matches(where, entry)]
        return page_of_kept(kept, len(records), page)

    def _matches(self, where: Any, record: RemoteRecord) -> bool:
        """The record answers every field of the filter (its region is checked apart)."""
        values = record._mapping
        for field in fields(where):
            wanted = getattr(where, field.name)
            if wanted is None or field.name == "region_code":
                continue
            bound = self._bounds.get(field.name)
            answers = bound(wanted, values) if bound else values[field.name] == _stored(wanted)
            if not answers:
                return False
        return True

    async def _count_of(
        self, fetch: RootField, where: Any, visible: Callable[[list[str]], bool]
    ) -> int:
        found = await self._batch.root(fetch, filter=asked(where))
        with in_shape(self._agency):
            return self._tallied(found, visible)

    def _visible_holder(self, found: Any, region: str, visible: Visible, what: str) -> bool:
        """A record that holds others (stock, residents) is in the caller's regions."""
        if visible(field_of(found, region, TEXT)):
            return True
        self._dropped(1, what)
        return False

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
            count = self._counted(tally, "count")
            if codes and visible(codes):
                total += count
            else:
                dropped += count
        if dropped:
            self._dropped(dropped, "counted record")
        return total

    def _counted(self, found: Any, name: str) -> int:
        """A count the node gives for one record; a negative one is out of shape."""
        count = field_of(found, name, INTEGER)
        if count < 0:
            raise RemoteUnusable(f"negative {name}")
        return int(count)

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

    def _narrowed(self, region_code: str | None) -> RegionScope:
        return self._scope.narrowed(region_code) if region_code else self._scope


def belongs(records: Sequence[RemoteRecord], column: str, key: object) -> None:
    """Each record is of the key asked for (its id, household, enrolment, NIK…): a node
    that answers with another record does not answer as agreed."""
    if any(record._mapping[column] != key for record in records):
        raise RemoteUnusable(f"a record of another {column} than asked for")


def entries(found: Any, name: str) -> list[Any]:
    """The records a holder lists under ``name``; none when the holder is absent."""
    return [] if found is None else list_of(found, name)


def at(visible: Visible, column: str) -> Keeps:
    return lambda record: visible(record._mapping[column])


def region_codes(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise TypeError("not a list of region codes")
    return list(value)


def asked(where: Any) -> dict[str, Any]:
    """A list's filter as the node takes it: enums by their stored values, dates in ISO."""
    return {camel(field.name): _stored(getattr(where, field.name)) for field in fields(where)}


def _stored(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def paged(page: PageRequest) -> dict[str, int | None]:
    return {"first": page.first, "after": page.after}


def page_of_kept(kept: list[RemoteRecord], returned: int, page: PageRequest) -> Page[RemoteRecord]:
    """A page of the records kept, out of the ``first + 1`` the node returned after the
    cursor; a shortened page still says whether the node had more. A record the node
    sent twice is listed once."""
    after = page.after
    unique = {record.id: record for record in kept if after is None or record.id > after}
    ordered = sorted(unique.values(), key=lambda record: record.id)
    return Page(ordered[: page.first], returned > page.first, after is not None)
