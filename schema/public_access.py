"""Fields open to the public: a caller without a token may use them, a caller with one
must hold the field's scopes (an office acting for the public needs the right to)."""

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.schema_directive import Location

from schema.protection import refusal


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Open without a token; a caller with a token must hold all of these scopes.",
)
class PublicOrScopes:
    scopes: list[str]


class _PublicGuard(FieldExtension):
    def __init__(self, scopes: tuple[str, ...]) -> None:
        super().__init__()
        self.scopes = scopes

    def _admit(self, info: Any) -> None:
        principal = info.context.principal
        refused = refusal(principal, self.scopes) if principal.authenticated else None
        if refused is not None:
            raise refused

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        self._admit(info)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        self._admit(info)
        return await next_(source, info, **kwargs)


def public_or(*scopes: str, **field: Any) -> Any:
    """A field anyone may use without a token, and token holders only with all ``scopes``."""
    return strawberry.field(
        extensions=[_PublicGuard(scopes)],
        directives=[PublicOrScopes(scopes=list(scopes))],
        **field,
    )
