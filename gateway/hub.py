"""What the application holds for its lifetime: settings, sources and the security layer."""

from dataclasses import dataclass

from gateway.ratelimit import BucketStore, RedisBuckets, bucket_store
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
        sources = Sources.open(settings)
        if telemetry is not None:
            telemetry.watch_breakers({agency: source.breaker for agency, source in sources.items()})
        return cls(
            settings,
            sources,
            Security(settings, hub_engine),
            bucket_store(settings.redis_url),
            telemetry,
        )

    async def close(self) -> None:
        await self.sources.close()
        await self.security.hub_engine.dispose()
        if isinstance(self.buckets, RedisBuckets):
            await self.buckets.close()
        if self.telemetry is not None:
            self.telemetry.shutdown()
