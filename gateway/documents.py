"""Trusted documents: operations registered ahead of time and addressed by their SHA-256.

Operators register trusted ones from files (``simpul documents add``); registered clients
may also store documents by the Automatic Persisted Queries protocol, which saves sending
the text but does not make a document trusted. A client set to trusted-documents-only may
run trusted documents and nothing else.
"""

import datetime
import hashlib
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.tables import trusted_documents

CACHE_SIZE = 4096


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredDocument:
    text: str
    trusted: bool


class TrustedDocuments:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._known: dict[str, StoredDocument] = {}

    async def get(self, sha256: str) -> StoredDocument | None:
        if sha256 in self._known:
            return self._known[sha256]
        columns = (trusted_documents.c.document, trusted_documents.c.trusted)
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(select(*columns).where(trusted_documents.c.sha256 == sha256))
            ).first()
        if row is None:
            return None
        stored = StoredDocument(row.document, bool(row.trusted))
        # Trust is only ever granted, by another process too; an untrusted entry is re-read.
        return self._remember(sha256, stored) if stored.trusted else stored

    async def add(
        self, document: str, added_by: str, name: str | None = None, *, trusted: bool
    ) -> str:
        """Store ``document``; an operator's ``trusted`` addition also trusts a cached one."""
        sha256 = document_hash(document)
        row = {
            "sha256": sha256,
            "document": document,
            "trusted": trusted,
            "name": name,
            "added_at": datetime.datetime.now(datetime.UTC),
            "added_by": added_by,
        }
        async with self.engine.begin() as conn:
            try:
                async with conn.begin_nested():
                    await conn.execute(insert(trusted_documents).values(row))
            except IntegrityError:
                if trusted:
                    await conn.execute(
                        update(trusted_documents)
                        .where(trusted_documents.c.sha256 == sha256)
                        .values(trusted=True, name=name, added_by=added_by)
                    )
        self._known.pop(sha256, None)
        return sha256

    def _remember(self, sha256: str, stored: StoredDocument) -> StoredDocument:
        if len(self._known) >= CACHE_SIZE:
            self._known.pop(next(iter(self._known)))
        self._known[sha256] = stored
        return stored
