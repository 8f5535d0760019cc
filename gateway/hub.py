"""What the application holds for its lifetime: settings and the sources' engines."""

from dataclasses import dataclass

from gateway.settings import Settings
from gateway.sources import Sources


@dataclass
class Hub:
    settings: Settings
    sources: Sources

    @classmethod
    def open(cls, settings: Settings) -> "Hub":
        return cls(settings, Sources.open(settings))

    async def close(self) -> None:
        await self.sources.close()
