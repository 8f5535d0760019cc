"""Programme coverage per region: recipients, eligible households and paid amounts.

One statement counts every group a summary needs: the children of the requested region
and the children of each of its ancestors (down from the provinces). The ancestors'
groups are needed so that small-count suppression decides every cell the same way in
whichever summary it appears (see ``suppress_path``).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    Subquery,
    and_,
    case,
    func,
    literal,
    select,
    union_all,
)

from auth.regions import RegionScope, under
from resolvers.agency_reads import EVERYWHERE, Ask, read_of
from resolvers.registry import AGENCY
from resolvers.registry.enums import DisbursementStatus, EnrolmentStatus, HouseholdStatus, Programme
from resolvers.registry.programmes import (
    PBI_JK_CEILING,
    PKH_CEILING,
    RTLH_CEILING,
    SEMBAKO_CEILING,
)
from resolvers.registry.tables import disbursements, enrolments, households
from resolvers.remote_records import INTEGER, TEXT, optional
from resolvers.source import Reader
from resolvers.wilayah import gazetteer

# Counts below this are never published to callers without the registry's PII scope.
THRESHOLD = 5

CEILINGS = {
    Programme.PKH: PKH_CEILING,
    Programme.SEMBAKO: SEMBAKO_CEILING,
    Programme.PBI_JK: PBI_JK_CEILING,
    Programme.RTLH: RTLH_CEILING,
}

_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")
# Length of a code at each level: 32, 32.04, 32.04.05, 32.04.05.2001.
_CODE_LENGTHS = (2, 5, 8, 13)


def periods_within(period: str) -> tuple[str, ...] | None:
    """Disbursement periods (``YYYY-MM``, ``YYYY-Qn``) that fall in ``period``, or None
    when ``period`` is not a year, a quarter or a month."""
    match = _PERIOD.fullmatch(period)
    if match is None:
        return None
    year = match["year"]
    if match["month"]:
        return (period,)
    quarters = [int(match["quarter"])] if match["quarter"] else [1, 2, 3, 4]
    months = [3 * (q - 1) + m for q in quarters for m in (1, 2, 3)]
    return (
        *(f"{year}-Q{q}" for q in quarters),
        *(f"{year}-{m:02d}" for m in months),
    )


@dataclass(frozen=True, slots=True)
class Figures:
    recipients: int = 0
    eligible: int = 0
    payers: int = 0
    amount: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.recipients + other.recipients,
            self.eligible + other.eligible,
            self.payers + other.payers,
            self.amount + other.amount,
        )


# (group parent code, or None for the provinces' group) -> (child code, programme) -> figures
Groups = dict[str | None, dict[tuple[str, Programme], Figures]]


def path_of(code: str) -> list[str | None]:
    """Parents of the groups a summary of ``code`` needs: None (the country), ancestors, code."""
    parts = code.split(".")
    return [None, *(".".join(parts[:n]) for n in range(1, len(parts) + 1))]


def _programmes() -> Subquery:
    # Literal rows rather than VALUES, which SQLite cannot alias with column names.
    rows = [
        select(literal(p.value, String).label("programme"), literal(c, Integer).label("ceiling"))
        for p, c in CEILINGS.items()
    ]
    return union_all(*rows).subquery("p")


def statement(
    code: str, periods: Sequence[str]
) -> Select[tuple[str, str, str, int, int, int, int]]:
    """Every group on the path to ``code`` in one statement, grouped by child code and
    programme; independent of how many children each region has."""
    programmes = _programmes()
    active = (
        select(enrolments.c.household_id, enrolments.c.programme)
        .where(enrolments.c.status == EnrolmentStatus.AKTIF.value)
        .distinct()
        .subquery("active")
    )
    paid = (
        select(
            disbursements.c.household_id,
            enrolments.c.programme,
            func.sum(disbursements.c.amount).label("amount"),
        )
        .join(enrolments, enrolments.c.id == disbursements.c.enrolment_id)
        .where(
            disbursements.c.status == DisbursementStatus.TERSALUR.value,
            disbursements.c.period.in_(periods),
        )
        .group_by(disbursements.c.household_id, enrolments.c.programme)
        .subquery("paid")
    )
    eligible: ColumnElement[int] = case(
        (
            and_(
                households.c.status == HouseholdStatus.AKTIF.value,
                households.c.decile <= programmes.c.ceiling,
            ),
            1,
        ),
        else_=0,
    )
    selects = []
    for parent in path_of(code)[: len(_CODE_LENGTHS)]:
        depth = 0 if parent is None else parent.count(".") + 1
        child = func.substr(households.c.village_code, 1, _CODE_LENGTHS[depth])
        query = (
            select(
                literal(parent or "", String).label("parent"),
                child.label("child"),
                programmes.c.programme,
                func.count(active.c.household_id).label("recipients"),
                func.sum(eligible).label("eligible"),
                func.count(paid.c.household_id).label("payers"),
                func.coalesce(func.sum(paid.c.amount), 0).label("amount"),
            )
            .select_from(households)
            .join(programmes, literal(True))
            .outerjoin(
                active,
                and_(
                    active.c.household_id == households.c.id,
                    active.c.programme == programmes.c.programme,
                ),
            )
            .outerjoin(
                paid,
                and_(
                    paid.c.household_id == households.c.id,
                    paid.c.programme == programmes.c.programme,
                ),
            )
            .group_by(child, programmes.c.programme)
        )
        if parent is not None:
            query = query.where(under(households.c.village_code, parent))
        selects.append(query)
    return union_all(*selects)  # type: ignore[return-value]


async def coverage_rows(
    reader: Reader, scope: RegionScope, code: str, periods: Sequence[str]
) -> Sequence[Row[Any]]:
    """The counts of every group on the path to ``code``: beyond any caller's regions, as
    suppression needs them, and only counts."""
    return await reader.rows(statement(code, periods))


COVERAGE = read_of(
    AGENCY,
    coverage_rows,
    {
        "parent": TEXT,
        "child": TEXT,
        "programme": TEXT,
        "recipients": INTEGER,
        "eligible": optional(INTEGER),
        "payers": INTEGER,
        "amount": INTEGER,
    },
    region=None,
    confined=False,
)


async def coverage_groups(ask: Ask, code: str, periods: Sequence[str]) -> Groups:
    groups: Groups = {}
    for row in await ask(COVERAGE, EVERYWHERE, code=code, periods=periods):
        parent, child, programme, recipients, eligible, payers, amount = tuple(row)
        cells = groups.setdefault(parent or None, {})
        cells[(child, Programme(programme))] = Figures(
            int(recipients), int(eligible or 0), int(payers), int(amount)
        )
    return groups


def suppress(parent_hidden: bool, values: Mapping[str, int]) -> set[str]:
    """Children of one group to hide, given their values and whether the parent is hidden.

    Every value below ``THRESHOLD`` is hidden. Whenever anything is hidden (or the parent
    is), the smallest visible siblings are hidden too until at least two children are
    hidden and their combined value reaches ``THRESHOLD``, so that the parent minus the
    visible children never gives one child's value nor a small sum. A hidden parent
    always has a hidden child, so its children never add up to it.
    """
    hidden = {code for code, value in values.items() if value < THRESHOLD}
    if not hidden and not parent_hidden:
        return hidden
    visible = sorted((v, code) for code, v in values.items() if code not in hidden)
    while visible and (len(hidden) < 2 or sum(values[c] for c in hidden) < THRESHOLD):
        hidden.add(visible.pop(0)[1])
    return hidden


@dataclass(frozen=True, slots=True)
class Cells:
    """One programme's figures for a region and its children, and which of them are hidden
    per measure (``recipients``, ``eligible``, ``payers``)."""

    total: Figures
    children: dict[str, Figures]
    hidden_total: dict[str, bool]
    hidden_children: dict[str, set[str]]


MEASURES = ("recipients", "eligible", "payers")


def cells(groups: Groups, code: str, programme: Programme) -> Cells:
    """Decides each cell top-down along the path from the country to ``code``, so a region
    is hidden in its own summary exactly when it is hidden among its siblings."""
    path = path_of(code)
    by_parent = {parent: _children(groups, parent, programme) for parent in path}
    national = sum(by_parent[None].values(), Figures())
    hidden_total: dict[str, bool] = {}
    hidden_children: dict[str, set[str]] = {}
    for measure in MEASURES:
        parent_hidden = getattr(national, measure) < THRESHOLD
        for parent, below in zip(path, [*path[1:], None], strict=True):
            figures = by_parent[parent]
            hidden = suppress(parent_hidden, {c: getattr(f, measure) for c, f in figures.items()})
            if below is None:
                hidden_total[measure] = parent_hidden
                hidden_children[measure] = hidden
            else:
                parent_hidden = below in hidden
    total = by_parent[path[-2]].get(code, Figures())
    return Cells(total, by_parent[code], hidden_total, hidden_children)


def _children(groups: Groups, parent: str | None, programme: Programme) -> dict[str, Figures]:
    found = {child: f for (child, p), f in groups.get(parent, {}).items() if p is programme}
    listed = {region.code: Figures() for region in gazetteer().children(parent)}
    return dict(sorted((listed | found).items()))
