"""Schema migrations: one Alembic history per agency database and one for the hub's own.

Each history lives in ``gateway/alembic/<name>/`` with its own version table, so histories
never collide even when two of them share a database.
"""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.tables import metadata as hub_metadata
from resolvers.agencies import AGENCIES

HUB = "hub"
HISTORIES: dict[str, MetaData] = {agency.key: agency.metadata for agency in AGENCIES} | {
    HUB: hub_metadata
}
_FOLDER = Path(__file__).resolve().parent / "alembic"


def version_table(history: str) -> str:
    return f"alembic_version_{history}"


def config(history: str, connection: Connection | None = None) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(_FOLDER / history))
    settings.set_main_option("history", history)
    settings.attributes["connection"] = connection
    return settings


def run_environment(context: Any) -> None:
    """The body of every history's ``env.py``: migrate the connection handed over.
    ``context`` is ``alembic.context``, a module standing in for an EnvironmentContext."""
    environment: EnvironmentContext = context
    history = environment.config.get_main_option("history") or ""
    connection: Connection = environment.config.attributes["connection"]
    environment.configure(
        connection=connection,
        target_metadata=HISTORIES[history],
        version_table=version_table(history),
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with environment.begin_transaction():
        environment.run_migrations()


async def upgrade(engine: AsyncEngine, history: str, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, command.upgrade, history, revision)


async def downgrade(engine: AsyncEngine, history: str, revision: str = "base") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, command.downgrade, history, revision)


def _run(connection: Connection, action: Any, history: str, revision: str) -> None:
    action(config(history, connection), revision)
