"""Programme coverage for oversight, with small counts suppressed."""

import strawberry

from auth.scopes import OVERSIGHT_READ, pii
from resolvers.errors import BadUserInput
from resolvers.registry import coverage
from resolvers.registry.enums import Programme
from schema.context import Info
from schema.protection import requires
from schema.regions import Region, region_of
from schema.scalars import Money, RegionCode

_SUPPRESSION = (
    "Without registry:pii, a count below 5 is suppressed (value null, suppressed true), "
    "and an amount paid to fewer than 5 households likewise. Whenever a child region is "
    "suppressed, the smallest other children are suppressed too until at least two are "
    "and their combined count is 5 or more, so the total minus the visible children never "
    "gives one child's count nor a small one. A region is suppressed in its own summary "
    "exactly when it is suppressed among its siblings, and a suppressed total always has a "
    "suppressed child."
)


@strawberry.type(
    description="A count, or null with suppressed true when it is too small to publish."
)
class SuppressedInt:
    value: int | None
    suppressed: bool


@strawberry.type(description="An amount, or null with suppressed true when too few were paid.")
class SuppressedMoney:
    value: Money | None
    suppressed: bool


@strawberry.type(description=f"One programme in one region. {_SUPPRESSION}")
class CoverageFigures:
    region: Region
    recipients: SuppressedInt = strawberry.field(
        description="Households with an active enrolment in the programme."
    )
    eligible: SuppressedInt = strawberry.field(
        description="Active households whose welfare decile is within the programme's ceiling."
    )
    amount_disbursed: SuppressedMoney = strawberry.field(
        description="Sum of paid disbursements whose period falls in the requested period."
    )
    coverage: float | None = strawberry.field(
        description="recipients / eligible; null when either is suppressed or eligible is 0."
    )


@strawberry.type
class ProgrammeCoverage:
    programme: Programme
    total: CoverageFigures = strawberry.field(description="The requested region itself.")
    children: list[CoverageFigures] = strawberry.field(
        description="Each region directly below the requested one."
    )


@strawberry.type
class ProgrammeSummary:
    region: Region
    period: str
    programmes: list[ProgrammeCoverage]


def _count(value: int, hidden: bool) -> SuppressedInt:
    return SuppressedInt(value=None if hidden else value, suppressed=hidden)


def _figures(code: str, f: coverage.Figures, hidden: dict[str, bool]) -> CoverageFigures:
    shown = not (hidden["recipients"] or hidden["eligible"]) and f.eligible > 0
    return CoverageFigures(
        region=region_of(code),
        recipients=_count(f.recipients, hidden["recipients"]),
        eligible=_count(f.eligible, hidden["eligible"]),
        amount_disbursed=SuppressedMoney(
            value=None if hidden["payers"] else Money(f.amount), suppressed=hidden["payers"]
        ),
        coverage=f.recipients / f.eligible if shown else None,
    )


def _programme(
    groups: coverage.Groups, code: str, programme: Programme, exact: bool
) -> ProgrammeCoverage:
    cells = coverage.cells(groups, code, programme)
    never = dict.fromkeys(coverage.MEASURES, False)

    def hidden_child(child: str) -> dict[str, bool]:
        return never if exact else {m: child in cells.hidden_children[m] for m in coverage.MEASURES}

    return ProgrammeCoverage(
        programme=programme,
        total=_figures(code, cells.total, never if exact else cells.hidden_total),
        children=[_figures(c, f, hidden_child(c)) for c, f in cells.children.items()],
    )


@strawberry.type
class ProgrammeSummaryQuery:
    @requires(
        OVERSIGHT_READ,
        description=(
            "Coverage of each programme in a region and in each region below it for a period: "
            "a year (2026), a quarter (2026-Q2) or a month (2026-05; quarterly payments count "
            "in quarters and years only). Null when the region is outside your regions. "
            + _SUPPRESSION
        ),
    )
    async def program_summary(
        self, info: Info, region_code: RegionCode, period: str
    ) -> ProgrammeSummary | None:
        periods = coverage.periods_within(period)
        if periods is None:
            raise BadUserInput(
                "Argument 'period' must be a year (YYYY), a quarter (YYYY-Qn) or a month (YYYY-MM)",
                argument="period",
            )
        principal = info.context.principal
        if not principal.regions.allows(region_code):
            return None
        groups = await coverage.coverage_groups(info.context.ask, region_code, periods)
        exact = principal.has(pii("registry"))
        return ProgrammeSummary(
            region=region_of(region_code),
            period=period,
            programmes=[_programme(groups, region_code, p, exact) for p in Programme],
        )
