"""Regional enums as GraphQL sees them, and the filter inputs of the regional lists."""

import datetime

import strawberry

from resolvers.errors import BadUserInput
from resolvers.regional import enums
from resolvers.regional.filters import (
    CaseFilter,
    ComplaintFilter,
    KubeGroupFilter,
    OfficeFilter,
    VisitFilter,
)
from schema.scalars import RegionCode

# strawberry.enum registers each class in place, so fields are annotated with the enum
# classes themselves, which type checkers understand.
for _enum in (
    enums.VisitOutcome,
    enums.RehabilitationCluster,
    enums.CaseStatus,
    enums.ComplaintKind,
    enums.ComplaintStatus,
    enums.ComplaintChannel,
):
    strawberry.enum(_enum)

_IN_REGION = "Only records in this region or below it."


@strawberry.input
class SocialOfficeFilterInput:
    region_code: RegionCode | None = strawberry.field(
        default=None,
        description="Only offices serving this region: its own, those below it and above it.",
    )

    def to_filter(self) -> OfficeFilter:
        return OfficeFilter(region_code=self.region_code)


@strawberry.input
class VerificationVisitFilterInput:
    region_code: RegionCode | None = strawberry.field(default=None, description=_IN_REGION)
    outcome: enums.VisitOutcome | None = None
    visited_from: datetime.date | None = strawberry.field(
        default=None, description="Visits on or after this day."
    )
    visited_to: datetime.date | None = strawberry.field(
        default=None, description="Visits on or before this day."
    )

    def to_filter(self) -> VisitFilter:
        if self.visited_from and self.visited_to and self.visited_from > self.visited_to:
            raise BadUserInput(
                "Argument 'visitedFrom' must not be after 'visitedTo'", argument="visitedFrom"
            )
        return VisitFilter(
            region_code=self.region_code,
            outcome=self.outcome,
            visited_from=self.visited_from,
            visited_to=self.visited_to,
        )


@strawberry.input
class RehabilitationCaseFilterInput:
    region_code: RegionCode | None = strawberry.field(default=None, description=_IN_REGION)
    cluster: enums.RehabilitationCluster | None = None
    status: enums.CaseStatus | None = None

    def to_filter(self) -> CaseFilter:
        return CaseFilter(region_code=self.region_code, cluster=self.cluster, status=self.status)


@strawberry.input
class ComplaintFilterInput:
    region_code: RegionCode | None = strawberry.field(default=None, description=_IN_REGION)
    kind: enums.ComplaintKind | None = None
    status: enums.ComplaintStatus | None = None
    overdue: bool | None = strawberry.field(
        default=None, description="True: only open complaints past their due date; false: others."
    )

    def to_filter(self) -> ComplaintFilter:
        return ComplaintFilter(
            region_code=self.region_code, kind=self.kind, status=self.status, overdue=self.overdue
        )


@strawberry.input
class KubeGroupFilterInput:
    region_code: RegionCode | None = strawberry.field(default=None, description=_IN_REGION)

    def to_filter(self) -> KubeGroupFilter:
        return KubeGroupFilter(region_code=self.region_code)
