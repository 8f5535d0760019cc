import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from resolvers.errors import BadUserInput
from resolvers.paging import is_record_key


def to_id(key: int) -> strawberry.ID:
    return strawberry.ID(str(key))


def parse_id(value: strawberry.ID, argument: str = "id") -> int:
    """A record id from the client: digits only, or a ``BAD_USER_INPUT`` naming the argument."""
    text = str(value)
    if not is_record_key(text):
        raise BadUserInput(f"Argument '{argument}' is not a valid id", argument=argument)
    return int(text)


def keyed_by(field: str) -> Key:
    """The federation ``@key`` of an entity type resolvable by ``field`` (see schema.entities)."""
    return Key(fields=FieldSet(field))
