"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Mapping
from dataclasses import dataclass

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader


@dataclass
class Context:
    principal: Principal
    request_id: str
    audit: AuditTrail
    hub: Reader
    registry: RegistryLoaders
    regional: RegionalLoaders
    institutions: InstitutionLoaders
    logistics: LogisticsLoaders

    @classmethod
    def build(
        cls, principal: Principal, request_id: str, readers: Mapping[str, Reader]
    ) -> "Context":
        scope = principal.regions
        return cls(
            principal=principal,
            request_id=request_id,
            audit=AuditTrail(),
            hub=readers["hub"],
            registry=RegistryLoaders(readers["registry"], scope),
            regional=RegionalLoaders(readers["regional"], scope),
            institutions=InstitutionLoaders(readers["institutions"], scope),
            logistics=LogisticsLoaders(readers["logistics"], scope),
        )


Info = strawberry.Info[Context, None]
