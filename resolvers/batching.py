"""Helpers that turn one batched statement's rows back into per-key answers."""

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Column, Row, Select

from resolvers.rows import column

if TYPE_CHECKING:
    from resolvers.source import Reader

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def one_per_key(keys: Sequence[K], rows: Iterable[T], key_of: Callable[[T], K]) -> list[T | None]:
    found = {key_of(row): row for row in rows}
    return [found.get(key) for key in keys]


def many_per_key(keys: Sequence[K], rows: Iterable[T], key_of: Callable[[T], K]) -> list[list[T]]:
    grouped: dict[K, list[T]] = {key: [] for key in keys}
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped[key] for key in keys]


def one_loader(
    reader: "Reader", query: Select[Any], key: Column[Any]
) -> DataLoader[Any, Row[Any] | None]:
    """A loader of the row of ``query`` with each key, in one statement per batch."""

    async def load(keys: list[Any]) -> list[Row[Any] | None]:
        rows = await reader.rows(query.where(reader.keys_in(key, keys)))
        return one_per_key(keys, rows, column(key.name))

    return DataLoader(load)


def grouped_loader(
    reader: "Reader", query: Select[Any], key: Column[Any]
) -> DataLoader[Any, list[Row[Any]]]:
    """A loader of the rows of ``query`` for each key, in one statement per batch."""

    async def load(keys: list[Any]) -> list[list[Row[Any]]]:
        rows = await reader.rows(query.where(reader.keys_in(key, keys)))
        return many_per_key(keys, rows, column(key.name))

    return DataLoader(load)
