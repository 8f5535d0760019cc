"""Entity resolution for the federation router: ``_entities(representations: ...)``.

Each representation is answered exactly as the root field that fetches the same record:
the same scopes (checked with the same rule, so the same ``UNAUTHENTICATED`` or
``FORBIDDEN``), the same region-scoped loader (a record outside the caller's regions is
``null``, like an absent one), and the same types, so masking and the audit trail apply
unchanged. A representation that is not well formed is a ``BAD_USER_INPUT`` error at its
own index; the others still answer. All representations are loaded concurrently, so the
DataLoaders batch them into one statement per type.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from auth.scopes import read
from resolvers.errors import BadUserInput
from resolvers.paging import is_record_key
from schema.context import Context
from schema.institutions import Institution
from schema.logistics import DisasterEvent
from schema.protection import refusal
from schema.regions import Region, region_or_none
from schema.registry import Household, Person
from schema.scalars import InvalidScalar, parse_region_code

ARGUMENT = "representations"


class InvalidRepresentation(BadUserInput):
    def __init__(self, index: int, problem: str) -> None:
        # The offending value is never repeated: it may be personal data.
        super().__init__(f"Representation {index} {problem}", argument=f"{ARGUMENT}[{index}]")


async def _region(_context: Context, code: str) -> Region | None:
    return region_or_none(code)


@dataclass(frozen=True, slots=True)
class Entity:
    """How one entity type is found from its key: the key field, the scopes its root field
    requires, the check of the key's form, and the region-scoped fetch."""

    key: str
    scopes: tuple[str, ...]
    parse: Callable[[object], Any]
    fetch: Callable[[Context, Any], Awaitable[object | None]]


def _record_id(value: object) -> int:
    if not isinstance(value, str | int) or isinstance(value, bool) or not is_record_key(str(value)):
        raise ValueError("not a record id")
    return int(value)


def _region_code(value: object) -> str:
    try:
        return parse_region_code(value)
    except InvalidScalar as error:
        raise ValueError(str(error)) from error


ENTITIES: Mapping[str, Entity] = {
    "Household": Entity("id", (read("registry"),), _record_id, Household.fetch),
    "Person": Entity("id", (read("registry"),), _record_id, Person.fetch),
    "Institution": Entity("id", (read("institutions"),), _record_id, Institution.fetch),
    "DisasterEvent": Entity("id", (read("logistics"),), _record_id, DisasterEvent.fetch),
    # The region tree is public, as the root field `region(code)` is.
    "Region": Entity("code", (), _region_code, _region),
}


@dataclass(frozen=True, slots=True)
class _Lookup:
    entity: Entity
    key: Any


def _lookup(context: Context, index: int, representation: object) -> _Lookup | GraphQLError:
    if not isinstance(representation, dict):
        return InvalidRepresentation(index, "is not an object")
    typename = representation.get("__typename")
    entity = ENTITIES.get(typename) if isinstance(typename, str) else None
    if entity is None:
        return InvalidRepresentation(index, "does not name an entity type of this subgraph")
    refused = refusal(context.principal, entity.scopes)
    if refused is not None:
        return refused
    if entity.key not in representation:
        return InvalidRepresentation(index, f"lacks its key field '{entity.key}'")
    try:
        key = entity.parse(representation[entity.key])
    except ValueError:
        return InvalidRepresentation(index, f"has an invalid '{entity.key}'")
    return _Lookup(entity, key)


async def _answer(context: Context, lookup: _Lookup | GraphQLError) -> object:
    if isinstance(lookup, GraphQLError):
        return lookup
    try:
        return await lookup.entity.fetch(context, lookup.key)
    except Exception as error:
        # Reported at this entry's index only: a source that is down fails its own entries.
        return error


async def resolve_entities(context: Context, representations: list[object]) -> list[object]:
    """One answer per representation, in order: the record, ``None``, or the error to
    report at that index (graphql-core raises an exception found in a list there)."""
    lookups = [_lookup(context, i, item) for i, item in enumerate(representations)]
    return list(await asyncio.gather(*(_answer(context, lookup) for lookup in lookups)))
