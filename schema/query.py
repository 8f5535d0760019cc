"""The root Query, composed from one class per domain."""

import strawberry

from schema.access import AccessQuery
from schema.cek_bansos import CekBansosQuery
from schema.institutions import InstitutionQuery
from schema.logistics import LogisticsQuery
from schema.oversight import OversightQuery
from schema.programme_summary import ProgrammeSummaryQuery
from schema.proposals import ProposalQuery
from schema.regional import RegionalQuery
from schema.regions import RegionQuery
from schema.registry_queries import RegistryQuery


@strawberry.type
class Query(
    OversightQuery,
    AccessQuery,
    RegionQuery,
    RegistryQuery,
    ProposalQuery,
    RegionalQuery,
    InstitutionQuery,
    LogisticsQuery,
    CekBansosQuery,
    ProgrammeSummaryQuery,
):
    pass
