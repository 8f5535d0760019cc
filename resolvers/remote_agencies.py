"""The agencies whose reads the hub can also make of the agency's own node, and what each
needs of that node's schema."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auth.regions import RegionScope
from resolvers.agency_reads import AGENCY_ROWS
from resolvers.institutions import AGENCY as INSTITUTIONS
from resolvers.institutions.remote_loaders import RemoteInstitutionLoaders
from resolvers.institutions.remote_shapes import REQUIRED as INSTITUTIONS_REQUIRED
from resolvers.logistics import AGENCY as LOGISTICS
from resolvers.logistics.remote_loaders import RemoteLogisticsLoaders
from resolvers.logistics.remote_shapes import REQUIRED as LOGISTICS_REQUIRED
from resolvers.regional import AGENCY as REGIONAL
from resolvers.regional.remote_loaders import RemoteRegionalLoaders
from resolvers.regional.remote_shapes import REQUIRED as REGIONAL_REQUIRED
from resolvers.registry import AGENCY as REGISTRY
from resolvers.registry.remote_loaders import RemoteRegistryLoaders
from resolvers.registry.remote_shapes import REQUIRED as REGISTRY_REQUIRED
from resolvers.remote import RemoteReader
from resolvers.remote_batch import Fetch
from resolvers.remote_writes import KEY_FREE, WRITE


@dataclass(frozen=True, slots=True)
class RemoteAgency:
    loaders: Callable[[RemoteReader, RegionScope], Any]
    # The node's fields the hub reads; besides, the agency's reads and writes.
    reads: tuple[Fetch, ...]

    @property
    def required(self) -> tuple[Fetch | str, ...]:
        return (*self.reads, AGENCY_ROWS, WRITE, KEY_FREE)


REMOTE_AGENCIES: dict[str, RemoteAgency] = {
    LOGISTICS: RemoteAgency(RemoteLogisticsLoaders, LOGISTICS_REQUIRED),
    INSTITUTIONS: RemoteAgency(RemoteInstitutionLoaders, INSTITUTIONS_REQUIRED),
    REGIONAL: RemoteAgency(RemoteRegionalLoaders, REGIONAL_REQUIRED),
    REGISTRY: RemoteAgency(RemoteRegistryLoaders, REGISTRY_REQUIRED),
}
