"""The audit log is hash-chained: any change, removal or reordering of rows is detected.

Each test tampers with a hub database of its own, never the session's.
"""

import asyncio
import itertools
from pathlib import Path

import pytest
from sqlalchemy import text

from auth.audit import entry_of
from gateway.cli import main
from tests.access.support import READS, OwnHub, audit_rows, execute, request_id
from tests.conftest import SourceDatabases

PERSON = "query($nik: NIK!) { person(nik: $nik) { nik name } }"
READS_BEFORE_TAMPERING = 4


async def _niks(databases: SourceDatabases, count: int) -> list[str]:
    rows = await databases.rows(
        "registry",
        "SELECT nik FROM persons GROUP BY nik HAVING count(*) = 1 ORDER BY min(id) LIMIT :n",
        n=count,
    )
    return [row.nik for row in rows]


async def _fill(hub: OwnHub, databases: SourceDatabases, count: int) -> list[int]:
    """``count`` reads of one person each, one after another; the ids of their rows."""
    client = hub.client(scopes=READS | {"registry:pii"}, subject="chain-reader")
    for nik in await _niks(databases, count):
        body = await client.post(PERSON, {"nik": nik}, headers={"X-Request-ID": request_id()})
        assert body["data"]["person"]["nik"] == nik
    rows = await audit_rows(hub.engine)
    assert len(rows) == count
    return [row.id for row in rows]


@pytest.fixture
async def chained(fresh_hub: OwnHub, databases: SourceDatabases) -> list[int]:
    return await _fill(fresh_hub, databases, READS_BEFORE_TAMPERING)


async def test_intact_chain_verifies(fresh_hub: OwnHub, chained: list[int]) -> None:
    assert await fresh_hub.audit.verify() is None


async def test_each_row_links_to_the_one_before(fresh_hub: OwnHub, chained: list[int]) -> None:
    async with fresh_hub.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT prev_hash, hash FROM audit_log ORDER BY id"))).all()
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    assert len({row.hash for row in rows}) == len(rows)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("fields", "nik"),
        ("client_id", "someone-else"),
        ("purpose", "penelitian"),
        ("subject", "3204012501900001"),
        ("at", "2020-01-01T00:00:00.000000Z"),
        ("request_id", "forged-request-id"),
        ("agency", "regional"),
        ("subject_kind", "household"),
    ],
)
async def test_changed_row_breaks_the_chain_at_that_row(
    fresh_hub: OwnHub, chained: list[int], column: str, value: str
) -> None:
    target = chained[1]
    await execute(
        fresh_hub.engine, f"UPDATE audit_log SET {column} = :v WHERE id = :k", v=value, k=target
    )
    broken = await fresh_hub.audit.verify()
    assert broken is not None and broken.row_id == target


async def test_deleted_middle_row_breaks_the_chain_at_the_next_row(
    fresh_hub: OwnHub, chained: list[int]
) -> None:
    await execute(fresh_hub.engine, "DELETE FROM audit_log WHERE id = :k", k=chained[1])
    broken = await fresh_hub.audit.verify()
    assert broken is not None and broken.row_id == chained[2]


async def test_reordered_rows_break_the_chain(fresh_hub: OwnHub, chained: list[int]) -> None:
    first, second = chained[0], chained[1]
    for old, new in ((first, -1), (second, first), (-1, second)):
        await execute(fresh_hub.engine, "UPDATE audit_log SET id = :n WHERE id = :o", n=new, o=old)
    broken = await fresh_hub.audit.verify()
    assert broken is not None and broken.row_id == first


async def test_removed_last_row_is_detected(fresh_hub: OwnHub, chained: list[int]) -> None:
    await execute(fresh_hub.engine, "DELETE FROM audit_log WHERE id = :k", k=chained[-1])
    assert await fresh_hub.audit.verify() is not None


async def test_removed_last_row_is_detected_even_without_the_chain_head(
    fresh_hub: OwnHub, chained: list[int]
) -> None:
    await execute(fresh_hub.engine, "DELETE FROM audit_log WHERE id = :k", k=chained[-1])
    await execute(fresh_hub.engine, "DELETE FROM audit_head")
    assert await fresh_hub.audit.verify() is not None


async def test_rewritten_row_with_a_fresh_hash_breaks_the_chain_at_the_next_row(
    fresh_hub: OwnHub, chained: list[int]
) -> None:
    target = chained[1]
    async with fresh_hub.engine.begin() as conn:
        row = (
            await conn.execute(text("SELECT * FROM audit_log WHERE id = :k"), {"k": target})
        ).one()
        forged = entry_of({**row._mapping, "fields": "nik"}).digest(row.prev_hash)
        await conn.execute(
            text("UPDATE audit_log SET fields = 'nik', hash = :h WHERE id = :k"),
            {"h": forged, "k": target},
        )
    broken = await fresh_hub.audit.verify()
    assert broken is not None and broken.row_id == chained[2]


# -- ``simpul audit verify`` ------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI reads the same hub database as ``fresh_hub`` (``<tmp_path>/hub.db``)."""
    for name in ("SIMPUL_HUB_URL", "SIMPUL_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    return tmp_path


async def _verify_cli() -> int:
    return await asyncio.to_thread(main, ["audit", "verify"])


async def test_cli_verify_exits_zero_on_an_intact_chain(
    fresh_hub: OwnHub, chained: list[int], cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _verify_cli() == 0
    assert "intact" in capsys.readouterr().out


async def test_cli_verify_names_the_first_broken_row_and_exits_non_zero(
    fresh_hub: OwnHub, chained: list[int], cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = chained[2]
    await execute(fresh_hub.engine, "UPDATE audit_log SET purpose = 'x' WHERE id = :k", k=target)
    assert await _verify_cli() != 0
    assert f"row {target}" in capsys.readouterr().out


async def test_cli_verify_fails_on_a_deleted_row(
    fresh_hub: OwnHub, chained: list[int], cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await execute(fresh_hub.engine, "DELETE FROM audit_log WHERE id = :k", k=chained[0])
    assert await _verify_cli() != 0
    assert f"row {chained[1]}" in capsys.readouterr().out
