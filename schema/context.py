"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from resolvers.institutions import AGENCY as INSTITUTIONS
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.institutions.remote_loaders import RemoteInstitutionLoaders
from resolvers.logistics import AGENCY as LOGISTICS
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.logistics.remote_loaders import RemoteLogisticsLoaders
from resolvers.regional import AGENCY as REGIONAL
from resolvers.regional.loaders import RegionalLoaders
from resolvers.regional.remote_loaders import RemoteRegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
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
    registry: RegistryLoaders
    regional: RegionalLoaders | RemoteRegionalLoaders
    institutions: InstitutionLoaders | RemoteInstitutionLoaders
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
            registry=RegistryLoaders(readers["registry"], scope),
            regional=(
                RemoteRegionalLoaders(remotes[REGIONAL], scope)
                if REGIONAL in remotes
                else RegionalLoaders(readers[REGIONAL], scope)
            ),
            institutions=(
                RemoteInstitutionLoaders(remotes[INSTITUTIONS], scope)
                if INSTITUTIONS in remotes
                else InstitutionLoaders(readers[INSTITUTIONS], scope)
            ),
            logistics=(
                RemoteLogisticsLoaders(remotes[LOGISTICS], scope)
                if LOGISTICS in remotes
                else LogisticsLoaders(readers[LOGISTICS], scope)
            ),
            remotes=remotes,
        )


Info = strawberry.Info[Context, None]
