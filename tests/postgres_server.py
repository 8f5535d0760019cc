"""A PostgreSQL server for the tests that need one whatever the run's own databases are:
the run's server (``SIMPUL_TEST_POSTGRES_URL``), else a throwaway one started here with
``scripts/postgres-for-tests.sh`` and stopped at the end of the session."""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A server URL without a database (``postgresql+asyncpg://…@127.0.0.1:PORT``)."""
    if server := os.environ.get("SIMPUL_TEST_POSTGRES_URL"):
        yield server
        return
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.fail(
            "PostgreSQL (Debian's postgresql package) is not installed; these tests need it"
        )
    folder = tempfile.mkdtemp(prefix="simpul-pg-")
    script = ROOT / "scripts" / "postgres-for-tests.sh"
    started = subprocess.run(  # noqa: S603 - the project's own script
        ["/bin/bash", str(script), folder, str(_free_port())], capture_output=True, text=True
    )
    if started.returncode != 0:
        pytest.fail(f"could not start PostgreSQL: {started.stderr}")
    try:
        yield started.stdout.strip()
    finally:
        pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
        subprocess.run(  # noqa: S603 - the server the script started
            ["/bin/su", "postgres", "-c", f"{pg_ctl} -D '{folder}' -m immediate stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


async def new_database(server: str) -> str:
    """A new, empty database on ``server``; its SQLAlchemy URL."""
    name = f"simpul_t_{uuid.uuid4().hex[:12]}"
    dsn = server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"{server}/{name}"
