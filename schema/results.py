"""Expected outcomes of mutations as types: each mutation returns a union of its success
type and the errors it can meet, so a client handles them without parsing messages.
Unexpected failures still become ``INTERNAL`` errors."""

import strawberry


@strawberry.interface(description="An expected failure of a mutation.")
class MutationError:
    code: str = strawberry.field(description="A stable, machine-readable name of the failure.")
    message: str


@strawberry.type(description="The record does not exist or lies outside your regions.")
class NotFound(MutationError):
    pass


@strawberry.type(description="The input breaks a rule that the schema cannot express.")
class InvalidInput(MutationError):
    field: str | None = None


@strawberry.type(description="The idempotency key was used before with other input.")
class IdempotencyKeyReused(MutationError):
    pass


@strawberry.type(description="The record is not in a state that allows this change.")
class IllegalTransition(MutationError):
    state: str = strawberry.field(description="The record's current state.")


def not_found(what: str) -> NotFound:
    return NotFound(code="NOT_FOUND", message=f"No {what} with that id in your regions")


def invalid(message: str, field: str | None = None) -> InvalidInput:
    return InvalidInput(code="INVALID_INPUT", message=message, field=field)


def key_reused() -> IdempotencyKeyReused:
    return IdempotencyKeyReused(
        code="IDEMPOTENCY_KEY_REUSED",
        message="This idempotency key was already used with other input",
    )


def illegal(state: str, action: str) -> IllegalTransition:
    return IllegalTransition(
        code="ILLEGAL_TRANSITION", message=f"Cannot {action} from state {state}", state=state
    )
