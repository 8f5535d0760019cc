import strawberry

from resolvers.errors import BadUserInput


def to_id(key: int) -> strawberry.ID:
    return strawberry.ID(str(key))


def parse_id(value: strawberry.ID, argument: str = "id") -> int:
    """A record id from the client: digits only, or a ``BAD_USER_INPUT`` naming the argument."""
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise BadUserInput(f"Argument '{argument}' is not a valid id", argument=argument)
    return int(text)
