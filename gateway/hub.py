"""What the application holds for its lifetime: settings, sources and the security layer."""

from dataclasses import dataclass

from gateway.ratelimit import BucketStore, RedisBuckets, bucket_store
from gateway.remote_sources import Signer
from gateway.security import Security
from gateway.settings import Settings
from gateway.sources import Sources, engine_for
from gateway.telemetry import Telemetry


@dataclass
class Hub:
    settings: Settings
    sources: Sources
    security: Security
    buckets: BucketStore
    telemetry: Telemetry | None = None

    @classmethod
    def open(cls, settings: Settings, telemetry: Telemetry | None = None) -> "Hub":
        hub_engine = engine_for(settings.hub_url, create=True)
        security = Security(settings, hub_engine)
        sources = Sources.open(settings, signer=Signer(security.keyring, settings.issuer))
        if telemetry is not None:
            telemetry.watch_breakers({agency: source.breaker for agency, source in sources.items()})
        return cls(
            settings,
            sources,
            security,
            bucket_store(settings.redis_url),
            telemetry,
        )

    async def check_remote_sources(self) -> None:
        """Check each agency node's schema once at start-up (``/readyz`` checks again)."""
        await self.sources.check_remotes()

    async def close(self) -> None:
        await self.sources.close()
        await self.security.known_clients.close()
        await self.security.hub_engine.dispose()
        if isinstance(self.buckets, RedisBuckets):
            await self.buckets.close()
        if self.telemetry is not None:
            self.telemetry.shutdown()
