"""Trusted documents: operations registered ahead of time and addressed by their SHA-256.

They are registered from files (``simpul documents add``) or, for registered clients, by
the Automatic Persisted Queries protocol. A client set to trusted-documents-only may run
nothing else.
"""

import datetime
import hashlib

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.tables import trusted_documents

CACHE_SIZE = 4096


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


class TrustedDocuments:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._known: dict[str, str] = {}

    async def get(self, sha256: str) -> str | None:
        if sha256 in self._known:
            return self._known[sha256]
        async with self.engine.connect() as conn:
            found = (
                await conn.execute(
                    select(trusted_documents.c.document).where(trusted_documents.c.sha256 == sha256)
                )
            ).scalar_one_or_none()
        if found is not None:
            self._remember(sha256, found)
        return found

    async def add(self, document: str, added_by: str, name: str | None = None) -> str:
        sha256 = document_hash(document)
        row = {
            "sha256": sha256,
            "document": document,
            "name": name,
            "added_at": datetime.datetime.now(datetime.UTC),
            "added_by": added_by,
        }
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(trusted_documents).values(row))
        except IntegrityError:
            pass  # already registered: the same text has the same hash
        self._remember(sha256, document)
        return sha256

    def _remember(self, sha256: str, document: str) -> None:
        if len(self._known) >= CACHE_SIZE:
            self._known.pop(next(iter(self._known)))
        self._known[sha256] = document
