"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics import AGENCY as LOGISTICS
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.logistics.remote_loaders import RemoteLogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry import AGENCY as REGISTRY
from resolvers.registry.loaders import RegistryLoaders
from resolvers.registry.remote_loaders import RemoteRegistryLoaders
from resolvers.remote import RemoteReader
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
    # The databases read directly; an agency that runs its own node is in ``remotes``.
    sources: Mapping[str, Reader]
    registry: RegistryLoaders | RemoteRegistryLoaders
    regional: RegionalLoaders
    institutions: InstitutionLoaders
    logistics: LogisticsLoaders | RemoteLogisticsLoaders
    remotes: Mapping[str, RemoteReader]

    @classmethod
    def build(
        cls,
        principal: Principal,
        request_id: str,
        readers: Mapping[str, Reader],
        throttle: Throttle = _unthrottled,
        remotes: Mapping[str, RemoteReader] | None = None,
    ) -> "Context":
        scope = principal.regions
        remotes = remotes or {}
        return cls(
            principal=principal,
            request_id=request_id,
            audit=AuditTrail(),
            hub=readers["hub"],
            throttle=throttle,
            sources=readers,
            registry=(
                RemoteRegistryLoaders(remotes[REGISTRY], scope)
                if REGISTRY in remotes
                else RegistryLoaders(readers[REGISTRY], scope)
            ),
            regional=RegionalLoaders(readers["regional"], scope),
            institutions=InstitutionLoaders(readers["institutions"], scope),
            logistics=(
                RemoteLogisticsLoaders(remotes[LOGISTICS], scope)
                if LOGISTICS in remotes
                else LogisticsLoaders(readers[LOGISTICS], scope)
            ),
            remotes=remotes,
        )


Info = strawberry.Info[Context, None]
