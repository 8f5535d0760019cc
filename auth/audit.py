"""The audit log of personal-data reads: append-only and hash-chained.

Every row stores the hash of the row before it, and its own hash covers its content and
that previous hash, so changing, removing or reordering a row breaks the chain from there
on. Appends are serialised through the one-row ``audit_head`` table.
"""

import asyncio
import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from auth.tables import audit_head, audit_log

GENESIS = "0" * 64
READ = "read"


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: str
    client_id: str
    purpose: str | None
    request_id: str
    agency: str
    subject_kind: str
    subject: str
    fields: tuple[str, ...]
    action: str = READ
    idempotency_key: str | None = None

    def digest(self, previous: str) -> str:
        content = [
            self.at,
            self.client_id,
            self.purpose,
            self.request_id,
            self.agency,
            self.subject_kind,
            self.subject,
            list(self.fields),
            self.action,
            self.idempotency_key,
        ]
        text = previous + json.dumps(content, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    row_id: int
    reason: str


class AuditLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()

    async def append(self, entries: Sequence[AuditEntry]) -> None:
        """Write ``entries`` in one transaction; raises if they could not be written."""
        if not entries:
            return
        async with self._lock, self.engine.begin() as conn:
            previous = await self._lock_head(conn, len(entries))
            rows = []
            for entry in entries:
                digest = entry.digest(previous)
                rows.append(
                    {
                        "at": entry.at,
                        "client_id": entry.client_id,
                        "purpose": entry.purpose,
                        "request_id": entry.request_id,
                        "agency": entry.agency,
                        "subject_kind": entry.subject_kind,
                        "subject": entry.subject,
                        "fields": ",".join(entry.fields),
                        "action": entry.action,
                        "idempotency_key": entry.idempotency_key,
                        "prev_hash": previous,
                        "hash": digest,
                    }
                )
                previous = digest
            await conn.execute(insert(audit_log), rows)
            await conn.execute(
                update(audit_head).where(audit_head.c.id == 1).values(last_hash=previous)
            )

    async def _lock_head(self, conn: AsyncConnection, count: int) -> str:
        # Writing first takes the write lock (SQLite) or the row lock (PostgreSQL) before
        # the head is read, so two appenders can never chain onto the same row.
        bumped = await conn.execute(
            update(audit_head)
            .where(audit_head.c.id == 1)
            .values(appended=audit_head.c.appended + count)
        )
        if not bumped.rowcount:
            await conn.execute(insert(audit_head).values(id=1, last_hash=GENESIS, appended=count))
        head = await conn.execute(select(audit_head.c.last_hash).where(audit_head.c.id == 1))
        return str(head.scalar_one())

    async def verify(self) -> ChainBreak | None:
        """The first row whose hash or link is wrong, or ``None`` when the chain holds."""
        previous = GENESIS
        async with self.engine.connect() as conn:
            result = await conn.stream(select(audit_log).order_by(audit_log.c.id))
            async for row in result:
                entry = entry_of(row._mapping)
                if row.prev_hash != previous:
                    return ChainBreak(row.id, "does not link to the row before it")
                if entry.digest(previous) != row.hash:
                    return ChainBreak(row.id, "content does not match its hash")
                previous = row.hash
            head = (
                await conn.execute(select(audit_head.c.last_hash).where(audit_head.c.id == 1))
            ).scalar_one_or_none()
        if head is not None and head != previous:
            return ChainBreak(0, "rows after the last one have been removed")
        if head is None and previous != GENESIS:
            return ChainBreak(0, "the chain head is missing")
        return None


def entry_of(values: "dict[str, object] | object") -> AuditEntry:
    mapping = values if isinstance(values, dict) else dict(values)  # type: ignore[call-overload]
    return AuditEntry(
        at=str(mapping["at"]),
        client_id=str(mapping["client_id"]),
        purpose=None if mapping["purpose"] is None else str(mapping["purpose"]),
        request_id=str(mapping["request_id"]),
        agency=str(mapping["agency"]),
        subject_kind=str(mapping["subject_kind"]),
        subject=str(mapping["subject"]),
        fields=tuple(str(mapping["fields"]).split(",")) if mapping["fields"] else (),
        action=str(mapping["action"]),
        idempotency_key=(
            None if mapping["idempotency_key"] is None else str(mapping["idempotency_key"])
        ),
    )


def merge(reads: Iterable[tuple[str, str, str, str]]) -> dict[tuple[str, str, str], set[str]]:
    """(agency, kind, subject, field) reads grouped to one field set per subject."""
    grouped: dict[tuple[str, str, str], set[str]] = {}
    for agency, kind, subject, field in reads:
        grouped.setdefault((agency, kind, subject), set()).add(field)
    return grouped


@dataclass(frozen=True, slots=True)
class _Write:
    agency: str
    subject: tuple[str, str]
    action: str
    idempotency_key: str | None


class AuditTrail:
    """What one request read unmasked and what it changed, to be logged before replying."""

    def __init__(self) -> None:
        self._reads: set[tuple[str, str, str, str]] = set()
        self._writes: list[_Write] = []

    def note(self, agency: str, subject: tuple[str, str], field: str) -> None:
        self._reads.add((agency, subject[0], subject[1], field))

    def note_write(
        self, agency: str, subject: tuple[str, str], action: str, idempotency_key: str | None
    ) -> None:
        self._writes.append(_Write(agency, subject, action, idempotency_key))

    def __bool__(self) -> bool:
        return bool(self._reads or self._writes)

    def entries(
        self, client_id: str, purpose: str | None, request_id: str, at: datetime.datetime
    ) -> list[AuditEntry]:
        stamp = utc_stamp(at)
        return [
            AuditEntry(
                stamp, client_id, purpose, request_id, agency, kind, subject, tuple(sorted(fields))
            )
            for (agency, kind, subject), fields in sorted(merge(self._reads).items())
        ] + [
            AuditEntry(
                stamp,
                client_id,
                purpose,
                request_id,
                write.agency,
                write.subject[0],
                write.subject[1],
                (),
                write.action,
                write.idempotency_key,
            )
            for write in self._writes
        ]
