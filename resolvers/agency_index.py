"""Every agency's reads and writes beyond its records, by agency and name: what a node runs
for the hub (``agencyRows``, ``agencyWrite``), and the scopes of other kinds than the
agency's own that its caller-context tokens must name for them."""

from resolvers.agency_reads import AgencyRead
from resolvers.agency_writes import AgencyWrite
from resolvers.logistics import anomalies as logistics_checks
from resolvers.logistics.writes import WRITES as LOGISTICS_WRITES
from resolvers.regional import anomalies as regional_checks
from resolvers.regional.complaints_write import FILE_COMPLAINT, RESOLVE_COMPLAINT
from resolvers.regional.visits import RECORD_VISIT
from resolvers.registry import anomalies as registry_checks
from resolvers.registry.complaint_subject import HOUSEHOLD_CHECK
from resolvers.registry.coverage import COVERAGE
from resolvers.registry.proposals import DECIDE_PROPOSAL, FILE_PROPOSAL
from resolvers.registry.public_lookup import PEOPLE, STANDINGS

_READS: tuple[AgencyRead, ...] = (
    *logistics_checks.READS,
    *regional_checks.READS,
    *registry_checks.READS,
    COVERAGE,
    PEOPLE,
    STANDINGS,
    HOUSEHOLD_CHECK,
)
_WRITES: tuple[AgencyWrite, ...] = (
    *LOGISTICS_WRITES,
    FILE_COMPLAINT,
    RESOLVE_COMPLAINT,
    RECORD_VISIT,
    FILE_PROPOSAL,
    DECIDE_PROPOSAL,
)

AGENCY_READS: dict[tuple[str, str], AgencyRead] = {(r.agency, r.name): r for r in _READS}
AGENCY_WRITES: dict[tuple[str, str], AgencyWrite] = {(w.agency, w.operation): w for w in _WRITES}


def scopes_needed(agency: str) -> frozenset[str]:
    """The scopes the agency's reads and writes ask of a caller."""
    needs = [read.needs for read in _READS if read.agency == agency]
    needs += [write.needs for write in _WRITES if write.agency == agency]
    return frozenset(scope for scope in needs if scope is not None)
