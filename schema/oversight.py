"""Oversight: anomalies across agencies, listed and counted per region for drill-down."""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime

import strawberry

from auth.masking import mask_number
from auth.regions import RegionScope
from auth.scopes import OVERSIGHT_READ, pii
from resolvers.errors import BadUserInput
from resolvers.paging import Page, PageRequest
from resolvers.wilayah import gazetteer
from schema.context import Info
from schema.oversight_detect import Criteria, detect
from schema.oversight_findings import AnomalyType, Evidence, Finding
from schema.pagination import Connection, Edge, PageInfo
from schema.protection import masked_number, personal, requires
from schema.regions import Region, region_of
from schema.scalars import NIK, RegionCode

strawberry.enum(AnomalyType, name="AnomalyType")
_CURSOR_KIND = "anomaly"


@strawberry.type(description="One record an anomaly rests on, in the agency that holds it.")
class AnomalyEvidence:
    agency: str
    kind: str
    record_id: strawberry.ID
    evidence: strawberry.Private[Evidence]

    @strawberry.field(description="Personal data in it is masked without the agency's PII scope.")
    def detail(self, info: Info) -> str | None:
        template, nik = self.evidence.detail, self.evidence.nik
        if template is None or nik is None:
            return template
        context = info.context
        if not context.principal.has(pii(self.agency)):
            return template.format(nik=mask_number(nik))
        context.audit.note(self.agency, ("nik", nik), "detail")
        return template.format(nik=nik)


@strawberry.type(description="Something in the agencies' data that needs a closer look.")
class Anomaly:
    id: strawberry.ID
    type: AnomalyType
    region_code: RegionCode = strawberry.field(description="The household's village.")
    observed_on: date | None = strawberry.field(description="The date of the evidence.")
    detected_at: datetime
    household_id: strawberry.ID | None
    subject_nik: NIK | None = personal("registry", masked_number)
    evidence: list[AnomalyEvidence]

    @property
    def audit_subject(self) -> tuple[str, str]:
        return ("nik", self.subject_nik or "")

    @strawberry.field
    def village(self) -> Region:
        return region_of(self.region_code)

    @classmethod
    def of(cls, finding: Finding, detected_at: datetime) -> "Anomaly":
        household = finding.household_id
        return cls(
            id=strawberry.ID(f"{finding.type.name}:{finding.subject}"),
            type=finding.type,
            region_code=RegionCode(finding.region_code),
            observed_on=finding.observed_on,
            detected_at=detected_at,
            household_id=None if household is None else strawberry.ID(str(household)),
            subject_nik=None if finding.nik is None else NIK(finding.nik),
            evidence=[
                AnomalyEvidence(
                    agency=e.agency, kind=e.kind, record_id=strawberry.ID(e.record_id), evidence=e
                )
                for e in finding.evidence
            ],
        )


@strawberry.input
class AnomalyFilterInput:
    types: list[AnomalyType] | None = None
    region_code: RegionCode | None = strawberry.field(
        default=None, description="Only anomalies in this region or below it."
    )
    observed_from: date | None = None
    observed_to: date | None = None


@strawberry.type
class AnomalyCount:
    type: AnomalyType
    count: int


@strawberry.type
class AnomalyRegionCount:
    region: Region
    total: int
    counts: list[AnomalyCount]


@strawberry.type
class AnomalySummary:
    region: Region
    total: int
    counts: list[AnomalyCount]
    children: list[AnomalyRegionCount]


def _scope(info: Info, region_code: str | None) -> RegionScope:
    scope = info.context.principal.regions
    return scope if region_code is None else scope.narrowed(region_code)


def _counts(findings: list[Finding]) -> list[AnomalyCount]:
    tally = Counter(finding.type for finding in findings)
    return [AnomalyCount(type=kind, count=tally[kind]) for kind in AnomalyType]


def _page(findings: list[Finding], request: PageRequest) -> Page[tuple[int, Finding]]:
    start = 0 if request.after is None else request.after + 1
    window = list(enumerate(findings))[start : start + request.first + 1]
    return Page.of(window, request)


@strawberry.type
class OversightQuery:
    @requires(OVERSIGHT_READ, description="Anomalies in the caller's regions, oldest type first.")
    async def anomalies(
        self,
        info: Info,
        filter: AnomalyFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Anomaly] | None:
        request = PageRequest.parse(_CURSOR_KIND, first, after)
        chosen = filter or AnomalyFilterInput()
        since, until = chosen.observed_from, chosen.observed_to
        if since is not None and until is not None and since > until:
            raise BadUserInput("observedFrom is after observedTo", argument="filter")
        criteria = Criteria(
            frozenset(chosen.types or AnomalyType), chosen.observed_from, chosen.observed_to
        )
        findings = await detect(info.context, _scope(info, chosen.region_code), criteria)
        page = _page(findings, request)
        detected_at = datetime.now(UTC)
        edges = [
            Edge(cursor=request.cursor(index), node=Anomaly.of(finding, detected_at))
            for index, finding in page.items
        ]
        total = len(findings)

        async def count() -> int:
            return total

        info_ = PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=info_, count=count)

    @requires(OVERSIGHT_READ, description="Anomaly counts of a region and of each region below.")
    async def anomaly_summary(self, info: Info, region_code: RegionCode) -> AnomalySummary | None:
        findings = await detect(
            info.context, _scope(info, region_code), Criteria(frozenset(AnomalyType))
        )
        depth = region_code.count(".") + 2
        by_child: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            by_child[".".join(finding.region_code.split(".")[:depth])].append(finding)
        children = [
            AnomalyRegionCount(
                region=Region.of(child),
                total=len(by_child[child.code]),
                counts=_counts(by_child[child.code]),
            )
            for child in gazetteer().children(region_code)
        ]
        return AnomalySummary(
            region=region_of(region_code),
            total=len(findings),
            counts=_counts(findings),
            children=children,
        )
