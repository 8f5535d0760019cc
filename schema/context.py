"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader


class Throttle(Protocol):
    async def __call__(self, bucket: str, per_minute: int) -> float | None:
        """Take one request from the caller's ``bucket``; seconds to wait if it is empty."""


async def _unthrottled(bucket: str, per_minute: int) -> float | None:
    return None


@dataclass
class Context:
    principal: Principal
    request_id: str
    audit: AuditTrail
    hub: Reader
    throttle: Throttle
    sources: Mapping[str, Reader]
    registry: RegistryLoaders
    regional: RegionalLoaders
    institutions: InstitutionLoaders
    logistics: LogisticsLoaders

    @classmethod
    def build(
        cls,
        principal: Principal,
        request_id: str,
        readers: Mapping[str, Reader],
        throttle: Throttle = _unthrottled,
    ) -> "Context":
        scope = principal.regions
        return cls(
            principal=principal,
            request_id=request_id,
            audit=AuditTrail(),
            hub=readers["hub"],
            throttle=throttle,
            sources=readers,
            registry=RegistryLoaders(readers["registry"], scope),
            regional=RegionalLoaders(readers["regional"], scope),
            institutions=InstitutionLoaders(readers["institutions"], scope),
            logistics=LogisticsLoaders(readers["logistics"], scope),
        )


Info = strawberry.Info[Context, None]
