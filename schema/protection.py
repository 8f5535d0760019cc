"""Field protection, declared once per field and enforced by one mechanism.

``requires(...)`` refuses a field to callers without its scopes (``UNAUTHENTICATED``
without a token, ``FORBIDDEN`` with one). ``personal(...)`` masks a personal field unless
the caller holds the agency's PII scope, and notes every unmasked read for the audit log.
``sensitive(...)`` is specific personal data: refused without the PII scope, audited with it.
Each prints its directive in the SDL, so a partner can read what to ask for.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.schema_directive import Location

from auth.masking import mask_name, mask_number
from auth.principal import Principal
from auth.scopes import pii
from resolvers.errors import CodedError


class Unauthenticated(CodedError):
    code = "UNAUTHENTICATED"


class Forbidden(CodedError):
    code = "FORBIDDEN"


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="The caller's token must carry all of these scopes.",
)
class RequiresScopes:
    scopes: list[str]


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Personal data: masked unless the caller's token carries this scope.",
)
class MaskedWithout:
    scope: str


def refusal(principal: Principal, scopes: tuple[str, ...]) -> CodedError | None:
    missing = [scope for scope in scopes if not principal.has(scope)]
    if not missing:
        return None
    if not principal.authenticated:
        return Unauthenticated("A token is required for this field")
    return Forbidden(f"This field needs the scope {' and '.join(missing)}", scopes=missing)


def _subject(source: Any) -> tuple[str, str]:
    subject: tuple[str, str] = source.audit_subject
    return subject


class _Guard(FieldExtension):
    def __init__(self, scopes: tuple[str, ...], audit_agency: str | None) -> None:
        super().__init__()
        self.scopes = scopes
        self.audit_agency = audit_agency

    def _admit(self, source: Any, info: Any) -> None:
        context = info.context
        refused = refusal(context.principal, self.scopes)
        if refused is not None:
            raise refused
        if self.audit_agency is not None:
            context.audit.note(self.audit_agency, _subject(source), info.field_name)

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        self._admit(source, info)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        self._admit(source, info)
        return await next_(source, info, **kwargs)


class Mask(FieldExtension):
    def __init__(self, agency: str, mask: Callable[[Any, Any], Any]) -> None:
        super().__init__()
        self.agency = agency
        self.scope = pii(agency)
        self.mask = mask

    def shown(self, context: Any, source: Any, field_name: str, value: Any) -> Any:
        """What the caller sees of ``value``: masked without the scope, noted for audit with it."""
        return self.shown_all(context, [source], field_name, [value])[0]

    def shown_all(
        self,
        context: Any,
        sources: Sequence[Any],
        field_name: str,
        values: list[Any],
        subject: Callable[[Any], tuple[str, str]] | None = None,
    ) -> list[Any]:
        """What the caller sees of each source's value, deciding on the scope once: masked
        without it, each unmasked read noted for the audit with it, as ``subject(source)``
        (by default the source's own ``audit_subject``)."""
        if not context.principal.has(self.scope):
            mask = self.mask
            if mask is withheld:
                return [None] * len(values)
            return [
                None if value is None else mask(value, source)
                for value, source in zip(values, sources, strict=True)
            ]
        note, agency, subject = context.audit.note, self.agency, subject or _subject
        for value, source in zip(values, sources, strict=True):
            if value is not None:
                note(agency, subject(source), field_name)
        return values

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        return self.shown(info.context, source, info.field_name, next_(source, info, **kwargs))


def masked_number(value: str, _source: Any) -> str:
    return mask_number(value)


def masked_name(value: str, _source: Any) -> str:
    return mask_name(value)


def withheld(_value: Any, _source: Any) -> None:
    return None


def scopes_required(extensions: Sequence[Any]) -> tuple[str, ...] | None:
    """The scopes a field with these extensions asks of the caller (none without any), or
    None when it has any other extension (masking, audit noting) than ``requires(...)``."""
    if not extensions:
        return ()
    (guard,) = extensions if len(extensions) == 1 else (None,)
    if not isinstance(guard, _Guard) or guard.audit_agency is not None:
        return None
    return guard.scopes


def requires(*scopes: str, **field: Any) -> Any:
    """A field refused to callers without all ``scopes``."""
    return strawberry.field(
        extensions=[_Guard(scopes, None)],
        directives=[RequiresScopes(scopes=list(scopes))],
        **field,
    )


def sensitive(agency: str, *scopes: str, **field: Any) -> Any:
    """Specific personal data of ``agency``: refused without its PII scope, audited with it."""
    needed = (*scopes, pii(agency))
    return strawberry.field(
        extensions=[_Guard(needed, agency)],
        directives=[RequiresScopes(scopes=list(needed))],
        **field,
    )


def personal(agency: str, mask: Callable[[Any, Any], Any], **field: Any) -> Any:
    """A personal field of ``agency``, shown as ``mask(value, source)`` without its PII scope."""
    return strawberry.field(
        extensions=[Mask(agency, mask)],
        directives=[MaskedWithout(scope=pii(agency))],
        **field,
    )
