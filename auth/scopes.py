"""The scopes a token can carry, and what each agency's scopes are called."""

from collections.abc import Iterable

AGENCY_KEYS = ("registry", "regional", "institutions", "logistics")
AUDIT_READ = "audit:read"
OVERSIGHT_READ = "oversight:read"

SCOPES: frozenset[str] = frozenset(
    {f"{agency}:{kind}" for agency in AGENCY_KEYS for kind in ("read", "write", "pii")}
    | {AUDIT_READ, OVERSIGHT_READ}
)


def read(agency: str) -> str:
    return f"{agency}:read"


def write(agency: str) -> str:
    return f"{agency}:write"


def pii(agency: str) -> str:
    return f"{agency}:pii"


class UnknownScope(ValueError):
    pass


def parse_scopes(text: str | Iterable[str]) -> frozenset[str]:
    """Scopes from a space-separated string or a list; an unknown scope is refused."""
    names = text.split() if isinstance(text, str) else list(text)
    unknown = sorted(set(names) - SCOPES)
    if unknown:
        raise UnknownScope(f"unknown scope(s): {', '.join(unknown)}")
    return frozenset(names)
