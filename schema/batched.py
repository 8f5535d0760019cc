"""Batch forms of resolved fields: one call fetches a field for every object of a level.

A field with a batch form is resolved for one object by its own resolver, which calls the
batch form with that one object, and for a whole list of objects at once by the level-wise
executor (``schema/execution.py``). Both go through the same ``fetch`` and ``convert``, so the
two give the same value. ``fetch`` reads the source (its errors are the source's, such as
``SOURCE_UNAVAILABLE``); ``convert`` turns what was fetched for one object into the value.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.types.field import StrawberryField


@dataclass(frozen=True, slots=True)
class BatchForm:
    fetch: Callable[[Any, Sequence[Any]], Awaitable[Sequence[Any]]]
    convert: Callable[[Any], Any]

    async def one(self, context: Any, source: Any) -> Any:
        """The field's value for one object."""
        return self.convert((await self.fetch(context, [source]))[0])


_forms: dict[tuple[type, str], BatchForm] = {}


def batch_form(
    owner: type,
    field: str,
    fetch: Callable[[Any, Sequence[Any]], Awaitable[Sequence[Any]]],
    convert: Callable[[Any], Any],
) -> BatchForm:
    """Declare how ``owner.field`` is fetched for many objects at once."""
    form = BatchForm(fetch, convert)
    _forms[(owner, field)] = form
    return form


def batch_form_of(definition: StrawberryField) -> BatchForm | None:
    origin = definition.origin
    if not isinstance(origin, type):
        return None
    return _forms.get((origin, definition.python_name))


def each(convert: Callable[[Any], Any]) -> Callable[[Sequence[Any]], list[Any]]:
    """A conversion of every row fetched for one object."""
    return lambda rows: [convert(row) for row in rows]


def loaded(
    owner: type,
    field: str,
    loader: Callable[[Any], Any],
    key: Callable[[Any], Any],
    convert: Callable[[Any], Any],
) -> BatchForm:
    """A batch form that loads each object's ``key`` through ``loader(context)``, a DataLoader."""

    async def fetch(context: Any, sources: Sequence[Any]) -> Sequence[Any]:
        return await _each(loader(context), [key(source) for source in sources])

    return batch_form(owner, field, fetch, convert)


async def _each(loader: Any, keys: list[Any]) -> list[Any]:
    """``loader.load_many(keys)`` without ``gather``: one batch answers every future, so after
    the first is awaited the others are done, and awaiting a done future costs nothing."""
    futures = [loader.load(key) for key in keys]
    try:
        return [await future for future in futures]
    except BaseException:
        for future in futures:  # retrieve the others' errors so none is reported as lost
            if future.done() and not future.cancelled():
                future.exception()
        raise
