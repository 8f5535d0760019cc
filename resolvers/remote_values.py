"""Expected outcomes (a write's refusals: small dataclasses and enums) as JSON, and back.

A node sends ``plain(outcome)``; the hub reads it with ``typed(kinds, found)``, accepting
only the kinds the write may refuse with and values of their declared types. Anything
else means the node does not answer as agreed (``RemoteUnusable``).
"""

import dataclasses
from enum import Enum
from typing import Any, get_type_hints

from resolvers.remote import RemoteUnusable


def plain(outcome: Any) -> dict[str, Any]:
    if isinstance(outcome, Enum):
        return {"kind": type(outcome).__name__, "value": outcome.value}
    if dataclasses.is_dataclass(outcome) and not isinstance(outcome, type):
        values = {
            field.name: _plain_value(getattr(outcome, field.name))
            for field in dataclasses.fields(outcome)
        }
        return {"kind": type(outcome).__name__, "values": values}
    raise TypeError(f"not an outcome: {type(outcome).__name__}")


def _plain_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def typed(kinds: tuple[type, ...], found: Any) -> Any:
    try:
        kind = {kind.__name__: kind for kind in kinds}[found["kind"]]
        if issubclass(kind, Enum):
            return kind(found["value"])
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"{kind.__name__} is not an outcome")
        hints = get_type_hints(kind)
        values = found["values"]
        return kind(
            **{
                field.name: _typed_value(hints[field.name], values[field.name])
                for field in dataclasses.fields(kind)
            }
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RemoteUnusable(f"malformed outcome: {error}") from error


def _typed_value(hint: Any, value: Any) -> Any:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is str and isinstance(value, str):
        return value
    raise TypeError(f"{value!r} is not a {hint}")
