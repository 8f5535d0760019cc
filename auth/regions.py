"""Region policy: which region codes a caller may see, as SQL and in memory.

A record is visible when its code equals an allowed prefix or continues it past a
dot: ``32.04`` covers ``32.04`` and ``32.04.05.2001`` but never ``32.40``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.sql.elements import KeyedColumnElement

NATIONAL = "*"
# '/' is the character right after '.', so [p + '.', p + '/') is exactly "p.anything".
_AFTER_DOT = "/"


def covers(prefix: str, code: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def under(column: KeyedColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """``column`` is ``prefix`` or below it; a range, so an index on the column serves it."""
    return or_(column == prefix, and_(column >= prefix + ".", column < prefix + _AFTER_DOT))


@dataclass(frozen=True, slots=True)
class RegionScope:
    """The region prefixes a caller may see; ``*`` is the whole country."""

    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, prefixes: Iterable[str]) -> "RegionScope":
        unique = sorted(set(prefixes))
        if NATIONAL in unique:
            return cls((NATIONAL,))
        # A prefix covered by another adds nothing.
        kept = tuple(p for p in unique if not any(q != p and covers(q, p) for q in unique))
        return cls(kept)

    @property
    def national(self) -> bool:
        return self.prefixes == (NATIONAL,)

    def allows(self, code: str) -> bool:
        return self.national or any(covers(prefix, code) for prefix in self.prefixes)

    def overlaps(self, code: str) -> bool:
        """``code`` is visible or lies above a visible region (an event over a province)."""
        return self.allows(code) or any(covers(code, prefix) for prefix in self.prefixes)

    def clause(self, column: KeyedColumnElement[str]) -> ColumnElement[bool]:
        """SQL condition: the row's region code is visible."""
        if self.national:
            return true()
        if not self.prefixes:
            return false()
        return or_(*(under(column, prefix) for prefix in self.prefixes))

    def overlap_clause(self, column: KeyedColumnElement[str]) -> ColumnElement[bool]:
        """SQL condition: the row's region is visible or contains a visible region."""
        if self.national:
            return true()
        above = {a for prefix in self.prefixes for a in _ancestors(prefix)}
        clause = self.clause(column)
        return or_(clause, column.in_(sorted(above))) if above else clause

    def meet(self, other: "RegionScope") -> "RegionScope":
        """The regions both scopes allow."""
        if self.national:
            return other
        if other.national:
            return self
        inside = [p for p in self.prefixes if other.allows(p)]
        return RegionScope.of(inside + [q for q in other.prefixes if self.allows(q)])

    def narrowed(self, prefix: str) -> "RegionScope":
        """The part of this scope that lies under ``prefix`` (a caller's own filter)."""
        if self.allows(prefix):
            return RegionScope((prefix,))
        return RegionScope(tuple(p for p in self.prefixes if covers(prefix, p)))


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]
