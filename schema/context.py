"""The typed context every resolver receives; the gateway builds one per request."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import strawberry

from auth.audit import AuditTrail
from auth.principal import Principal
from auth.regions import RegionScope
from resolvers.agency_reads import AgencyRead, Rows, jsonable
from resolvers.agency_writes import AgencyWrite, Author, key_free, write_in
from resolvers.idempotency import fingerprint
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
from resolvers.remote_reads import RemoteLoaders
from resolvers.remote_writes import key_free_at_node, write_at_node
from resolvers.source import Reader, database_of

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
    # Which path answered the operation: "direct" (gateway/direct.py), "compiled"
    # (schema/compiled) or "general".
    execution: str = "general"

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

    async def ask(self, read: AgencyRead, scope: RegionScope, **arguments: Any) -> Rows:
        """``read``'s rows, from its agency's node when it runs one, else as SQL in the
        agency's database (``SOURCE_UNAVAILABLE`` when it is neither)."""
        loaders = self._agencies()[read.agency]
        if isinstance(loaders, RemoteLoaders):
            return await loaders.answer(read, scope, arguments)
        return await read.run(database_of(self.sources, read.agency), scope, **arguments)

    async def write(
        self,
        write: AgencyWrite,
        key: str | None,
        arguments: Mapping[str, Any],
        identity: Any = None,
    ) -> tuple[dict[str, Any], bool]:
        """``write``'s result and whether it replays an earlier one: in its agency's node
        when it runs one, else in its database. The key is the caller's; the input's
        fingerprint is taken of ``identity`` (the arguments when None)."""
        fingerprinted = fingerprint(arguments if identity is None else identity)
        sent = jsonable(arguments)
        if write.agency in self.remotes:
            return await write_at_node(self.remotes[write.agency], write, key, fingerprinted, sent)
        reader = database_of(self.sources, write.agency)
        author = Author(self.principal.client_id, self.principal.regions)
        work = write.work(author, sent)
        return await write_in(reader, write, author, key, fingerprinted, work)

    async def key_free(self, write: AgencyWrite, key: str, identity: Any) -> bool:
        """Whether the caller's ``key`` is unused in ``write``'s agency, or used for this
        very write and input."""
        fingerprinted = fingerprint(identity)
        if write.agency in self.remotes:
            return await key_free_at_node(self.remotes[write.agency], write, key, fingerprinted)
        client_id = self.principal.client_id
        if client_id is None:
            raise ValueError("an idempotency key needs an authenticated client")
        reader = database_of(self.sources, write.agency)
        return await key_free(reader, write, client_id, key, fingerprinted)

    def _agencies(self) -> dict[str, object]:
        return {
            REGISTRY: self.registry,
            REGIONAL: self.regional,
            INSTITUTIONS: self.institutions,
            LOGISTICS: self.logistics,
        }


Info = strawberry.Info[Context, None]
