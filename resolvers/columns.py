"""Column types every agency shares."""

from sqlalchemy import String
from sqlalchemy.types import TypeEngine

REGION_CODE_LENGTH = 13


def region_code() -> TypeEngine[str]:
    """A dotted Kemendagri code. Region filters are byte-wise ranges (``>= '32.04.'`` and
    ``< '32.04/'``), so PostgreSQL must compare these columns with the C collation: a
    language collation orders punctuation differently and would break the ranges."""
    return String(REGION_CODE_LENGTH).with_variant(
        String(REGION_CODE_LENGTH, collation="C"), "postgresql"
    )
