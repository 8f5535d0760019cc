"""Who is asking (``me``) and who has seen what (``auditLog``, ``accessReport``)."""

import datetime
from dataclasses import dataclass
from typing import Any

import strawberry
from sqlalchemy import Select, func, select

from auth.scopes import AUDIT_READ
from auth.tables import audit_log, clients
from resolvers.errors import BadUserInput
from resolvers.paging import Page, PageRequest
from schema.context import Info
from schema.ids import to_id
from schema.pagination import Connection
from schema.protection import Forbidden, requires
from schema.scalars import NIK


@strawberry.type(description="The caller as its token describes it.")
class Me:
    client_id: str | None
    authenticated: bool
    scopes: list[str]
    regions: list[str]
    purpose: str | None


@strawberry.type(description="One subject's personal data seen by one client in one request.")
class AuditRecord:
    id: strawberry.ID
    at: datetime.datetime
    client_id: str
    client_name: str | None
    purpose: str | None
    request_id: str
    agency: str
    subject_kind: str = strawberry.field(description="nik, household or complaint.")
    subject: str
    fields: list[str]

    @classmethod
    def of(cls, row: Any) -> "AuditRecord":
        return cls(
            id=to_id(row.id),
            at=datetime.datetime.strptime(row.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                tzinfo=datetime.UTC
            ),
            client_id=row.client_id,
            client_name=row.name,
            purpose=row.purpose,
            request_id=row.request_id,
            agency=row.agency,
            subject_kind=row.subject_kind,
            subject=row.subject,
            fields=row.fields.split(",") if row.fields else [],
        )


@strawberry.type(description="A data subject's access report under UU 27/2022 (PDP).")
class AccessReport:
    nik: NIK
    accesses: list[AuditRecord]
    clients: list[str] = strawberry.field(description="Every client that saw this person's data.")


@strawberry.input
class AuditFilterInput:
    client_id: str | None = None
    agency: str | None = None
    subject: str | None = strawberry.field(default=None, description="A NIK or household id.")
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None


@dataclass(frozen=True)
class _AuditQuery:
    where: AuditFilterInput

    def select(self) -> Select[Any]:
        query = select(audit_log, clients.c.name).outerjoin(
            clients, clients.c.client_id == audit_log.c.client_id
        )
        where = self.where
        if where.client_id is not None:
            query = query.where(audit_log.c.client_id == where.client_id)
        if where.agency is not None:
            query = query.where(audit_log.c.agency == where.agency)
        if where.subject is not None:
            query = query.where(audit_log.c.subject == where.subject)
        if where.since is not None:
            query = query.where(audit_log.c.at >= _stamp(where.since, "since"))
        if where.until is not None:
            query = query.where(audit_log.c.at <= _stamp(where.until, "until"))
        return query


def _stamp(moment: datetime.datetime, argument: str) -> str:
    if moment.tzinfo is None:
        raise BadUserInput(f"Argument '{argument}' needs a time zone", argument=argument)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _national_only(info: Info) -> None:
    # The log names subjects of every region, so only a national token may read it.
    if not info.context.principal.regions.national:
        raise Forbidden("Audit queries need a token for the whole country (regions '*')")


@strawberry.type
class AccessQuery:
    @strawberry.field(description="The caller's client id, scopes, regions and purpose.")
    def me(self, info: Info) -> Me:
        principal = info.context.principal
        return Me(
            client_id=principal.client_id,
            authenticated=principal.authenticated,
            scopes=sorted(principal.scopes),
            regions=list(principal.regions.prefixes),
            purpose=principal.purpose,
        )

    @requires(AUDIT_READ, description="Reads of personal data, oldest first.")
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditRecord] | None:
        _national_only(info)
        query = _AuditQuery(filter or AuditFilterInput()).select()
        page = PageRequest.parse("audit", first, after)
        hub = info.context.hub
        rows = await hub.rows(page.apply(query, audit_log.c.id))

        async def count() -> int:
            total = select(func.count()).select_from(query.order_by(None).subquery())
            return int(await hub.scalar(total))

        return Connection.of(Page.of(rows, page), page, AuditRecord.of, count)

    @requires(AUDIT_READ, description="Who saw this person's data, when, which fields and why.")
    async def access_report(self, info: Info, nik: NIK) -> AccessReport | None:
        _national_only(info)
        query = _AuditQuery(AuditFilterInput(subject=nik)).select().order_by(audit_log.c.id)
        records = [AuditRecord.of(row) for row in await info.context.hub.rows(query)]
        return AccessReport(
            nik=nik,
            accesses=records,
            clients=sorted({record.client_id for record in records}),
        )
