"""What the application holds for its lifetime: settings, sources and the security layer."""

from dataclasses import dataclass

from gateway.ratelimit import BucketStore, RedisBuckets, bucket_store
from gateway.security import Security
from gateway.settings import Settings
from gateway.sources import Sources, engine_for


@dataclass
class Hub:
    settings: Settings
    sources: Sources
    security: Security
    buckets: BucketStore

    @classmethod
    def open(cls, settings: Settings) -> "Hub":
        hub_engine = engine_for(settings.hub_url, create=True)
        return cls(
            settings,
            Sources.open(settings),
            Security(settings, hub_engine),
            bucket_store(settings.redis_url),
        )

    async def close(self) -> None:
        await self.sources.close()
        await self.security.hub_engine.dispose()
        if isinstance(self.buckets, RedisBuckets):
            await self.buckets.close()
