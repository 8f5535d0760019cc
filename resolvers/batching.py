"""Helpers that turn one batched statement's rows back into per-key answers."""

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Row

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


def column(name: str) -> Callable[[Row[Any]], Any]:
    return lambda row: row._mapping[name]
