"""What the idempotent mutations share: the form of a key."""

import re
from typing import Any

import strawberry

from schema.results import InvalidInput, invalid

_KEY_FORM = re.compile(r"[A-Za-z0-9._:-]{8,128}")
KEY_DESCRIPTION = (
    "8 to 128 characters of A-Z a-z 0-9 . _ : -, chosen by the client; a retry with the same"
    " key and input returns the first result and changes nothing."
)


def idempotency_key_field() -> Any:
    """The ``idempotencyKey`` input field every idempotent mutation takes."""
    return strawberry.field(description=KEY_DESCRIPTION)


def key_problem(key: str) -> InvalidInput | None:
    if _KEY_FORM.fullmatch(key):
        return None
    return invalid(
        "An idempotency key has 8 to 128 characters: letters, digits, '.', '_', ':' or '-'",
        "idempotencyKey",
    )
