"""What the workloads ask for, read from the seeded databases: household ids in the
benchmark's region, and a disaster event that struck it."""

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from auth.regions import under
from bench.config import Config
from resolvers.logistics.tables import event_regions
from resolvers.registry.tables import households


async def household_ids(config: Config, region: str, count: int = 50) -> list[int]:
    engine = create_async_engine(f"{config.server}/simpul_registry")
    try:
        query = select(households.c.id).where(under(households.c.village_code, region))
        async with engine.connect() as conn:
            rows = (await conn.execute(query.order_by(households.c.id).limit(count * 10))).all()
        return [row.id for row in rows[::10]]
    finally:
        await engine.dispose()


async def event_in(config: Config, region: str) -> int:
    engine = create_async_engine(f"{config.server}/simpul_logistics")
    try:
        query = select(event_regions.c.event_id).where(under(event_regions.c.region_code, region))
        async with engine.connect() as conn:
            return int(
                (await conn.execute(query.order_by(event_regions.c.event_id).limit(1))).scalar_one()
            )
    finally:
        await engine.dispose()


async def postgresql_version(config: Config) -> str:
    engine = create_async_engine(f"{config.server}/postgres")
    try:
        async with engine.connect() as conn:
            return str((await conn.execute(text("SHOW server_version"))).scalar_one())
    finally:
        await engine.dispose()
