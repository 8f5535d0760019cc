import datetime
from dataclasses import dataclass

from resolvers.regional.enums import (
    CaseStatus,
    ComplaintKind,
    ComplaintStatus,
    RehabilitationCluster,
    VisitOutcome,
)


@dataclass(frozen=True, slots=True)
class OfficeFilter:
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class VisitFilter:
    region_code: str | None = None
    outcome: VisitOutcome | None = None
    visited_from: datetime.date | None = None
    visited_to: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class CaseFilter:
    region_code: str | None = None
    cluster: RehabilitationCluster | None = None
    status: CaseStatus | None = None


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    region_code: str | None = None
    kind: ComplaintKind | None = None
    status: ComplaintStatus | None = None
    overdue: bool | None = None


@dataclass(frozen=True, slots=True)
class KubeGroupFilter:
    region_code: str | None = None
