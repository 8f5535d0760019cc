"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from auth.regions import RegionScope
from resolvers.institutions import AGENCY as INSTITUTIONS
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.institutions.remote_loaders import RemoteInstitutionLoaders
from resolvers.logistics import AGENCY as LOGISTICS
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.logistics.remote_loaders import RemoteLogisticsLoaders
from resolvers.regional import AGENCY as REGIONAL
from resolvers.regional.loaders import RegionalLoaders
from resolvers.regional.remote_loaders import RemoteRegionalLoaders
from resolvers.registry import AGENCY as REGISTRY
from resolvers.registry.loaders import RegistryLoaders
from resolvers.registry.remote_loaders import RemoteRegistryLoaders
from resolvers.remote import RemoteReader
from resolvers.source import Reader

N = TypeVar("N")
D = TypeVar("D")


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

        def either(
            agency: str,
            node: Callable[[RemoteReader, RegionScope], N],
            database: Callable[[Reader, RegionScope], D],
        ) -> N | D:
            """The agency's loaders: of its node when it runs one, else of its database."""
            if agency in remotes:
                return node(remotes[agency], scope)
            return database(readers[agency], scope)

        return cls(
            principal=principal,
            request_id=request_id,
            audit=AuditTrail(),
            hub=readers["hub"],
            throttle=throttle,
            sources=readers,
            registry=either(REGISTRY, RemoteRegistryLoaders, RegistryLoaders),
            regional=either(REGIONAL, RemoteRegionalLoaders, RegionalLoaders),
            institutions=either(INSTITUTIONS, RemoteInstitutionLoaders, InstitutionLoaders),
            logistics=either(LOGISTICS, RemoteLogisticsLoaders, LogisticsLoaders),
            remotes=remotes,
        )


Info = strawberry.Info[Context, None]
