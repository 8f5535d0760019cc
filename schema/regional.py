"""Regional (Dinas Sosial) types: offices, verification visits, rehabilitation cases."""

import datetime
from typing import Any

import strawberry
from sqlalchemy import Row

from resolvers.regional import enums
from schema.ids import to_id
from schema.regions import Region, region_of
from schema.scalars import NIK, RegionCode

VisitOutcome = strawberry.enum(enums.VisitOutcome)
RehabilitationCluster = strawberry.enum(enums.RehabilitationCluster)
CaseStatus = strawberry.enum(enums.CaseStatus)


@strawberry.type(description="A provincial or regency Dinas Sosial office.")
class SocialOffice:
    id: strawberry.ID
    name: str
    address: str
    phone: str
    region_code: RegionCode

    @classmethod
    def of(cls, row: Row[Any]) -> "SocialOffice":
        return cls(
            id=to_id(row.id),
            name=row.name,
            address=row.address,
            phone=row.phone,
            region_code=RegionCode(row.region_code),
        )

    @strawberry.field
    def region(self) -> Region:
        return region_of(self.region_code)


@strawberry.type(description="A verification visit (verval) to a household.")
class VerificationVisit:
    id: strawberry.ID
    visited_on: datetime.date
    outcome: VisitOutcome
    subject_nik: NIK | None = strawberry.field(
        description="The member the outcome concerns (e.g. who died), if any."
    )
    officer: str
    notes: str
    village_code: RegionCode

    @classmethod
    def of(cls, row: Row[Any]) -> "VerificationVisit":
        return cls(
            id=to_id(row.id),
            visited_on=row.visited_on,
            outcome=enums.VisitOutcome(row.outcome),
            subject_nik=None if row.subject_nik is None else NIK(row.subject_nik),
            officer=row.officer,
            notes=row.notes,
            village_code=RegionCode(row.village_code),
        )


@strawberry.type(description="An ATENSI rehabilitation case.")
class RehabilitationCase:
    id: strawberry.ID
    client_nik: NIK
    cluster: RehabilitationCluster
    status: CaseStatus
    opened_on: datetime.date
    closed_on: datetime.date | None
    services: str
    village_code: RegionCode

    @classmethod
    def of(cls, row: Row[Any]) -> "RehabilitationCase":
        return cls(
            id=to_id(row.id),
            client_nik=NIK(row.client_nik),
            cluster=enums.RehabilitationCluster(row.cluster),
            status=enums.CaseStatus(row.status),
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            services=row.services,
            village_code=RegionCode(row.village_code),
        )


@strawberry.type
class RegionalQuery:
    pass
