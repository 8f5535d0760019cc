"""Access administration from the shell: ``simpul client``, ``simpul token``, ``simpul keys``."""

import asyncio
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from auth.clients import secret_matches
from auth.keys import KeyRing
from auth.tokens import AUDIENCE, MAX_TTL
from gateway.cli import main
from gateway.settings import Settings
from resolvers.population import Population
from tests.postgres_server import new_database
from tests.security.support import (
    ask_me,
    assert_unauthenticated,
    count_calls,
    isolated_settings,
    me_of,
    request_token,
    running_hub,
    started_hub,
)

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data directory the ``simpul`` command works in, and nothing else configured."""
    for name in ("SIMPUL_CONFIG", "SIMPUL_HUB_URL", "SIMPUL_ISSUER", "SIMPUL_TOKEN_TTL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIMPUL_DATA_DIR", str(tmp_path))
    return tmp_path


def simpul(capsys: Capture, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def add_client(capsys: Capture, name: str = "Dinsos Bandung") -> tuple[str, str]:
    out = simpul(
        capsys,
        *("client", "add", name, "--scopes", "registry:read regional:read"),
        *("--regions", "32.04", "--purpose", "verification"),
    )
    client_id = re.search(r"client_id:\s+(\S+)", out)
    secret = re.search(r"client_secret:\s+(\S+)", out)
    assert client_id and secret, out
    return client_id.group(1), secret.group(1)


def client_rows(home: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(home / "hub.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM clients").fetchall()


def usage_error(*argv: str) -> int | str | None:
    with pytest.raises(SystemExit) as refused:
        main(list(argv))
    return refused.value.code


def test_client_add_prints_the_client_id_and_secret(home: Path, capsys: Capture) -> None:
    client_id, secret = add_client(capsys)
    assert client_id.startswith("simpul-")
    assert len(secret) >= 32


def test_client_add_stores_only_a_hash_of_the_secret(home: Path, capsys: Capture) -> None:
    client_id, secret = add_client(capsys)
    [row] = client_rows(home)
    assert row["client_id"] == client_id
    assert all(secret not in str(value) for value in tuple(row))
    assert row["secret_hash"].startswith("scrypt$")
    assert secret_matches(secret, row["secret_hash"])
    for stored in home.glob("hub.db*"):
        assert secret.encode() not in stored.read_bytes()


def test_client_secret_is_not_shown_again_by_client_list(home: Path, capsys: Capture) -> None:
    _, secret = add_client(capsys)
    assert secret not in simpul(capsys, "client", "list")


@pytest.mark.parametrize(
    ("scopes", "regions"),
    [
        ("registry:read root:admin", "32.04"),
        ("registry:read", "32.04 99.99"),
        ("registry:read", ""),
    ],
    ids=["unknown-scope", "unknown-region", "no-region"],
)
def test_client_add_with_an_unknown_scope_or_region_is_a_usage_error(
    home: Path, scopes: str, regions: str
) -> None:
    code = usage_error("client", "add", "Bad", "--scopes", scopes, "--regions", regions)
    assert code == 2
    assert not (home / "hub.db").exists() or not client_rows(home)


def test_client_list_shows_the_registered_client(home: Path, capsys: Capture) -> None:
    client_id, _ = add_client(capsys, "Dinsos Bandung")
    [line] = [line for line in simpul(capsys, "client", "list").splitlines() if client_id in line]
    assert "Dinsos Bandung" in line
    assert "[active]" in line
    assert "scopes=regional:read registry:read" in line
    assert "regions=32.04" in line
    assert "purpose=verification" in line


def test_client_disable_marks_the_client_disabled(home: Path, capsys: Capture) -> None:
    client_id, _ = add_client(capsys)
    simpul(capsys, "client", "disable", client_id)
    [row] = client_rows(home)
    assert row["disabled_at"] is not None
    [line] = [line for line in simpul(capsys, "client", "list").splitlines() if client_id in line]
    assert "[disabled" in line


def test_client_disable_of_an_unknown_client_fails(home: Path, capsys: Capture) -> None:
    assert main(["client", "disable", "simpul-0000000000000000"]) == 1


async def test_client_disabled_from_the_shell_is_refused_by_a_running_hub_at_once(
    home: Path, settings: Settings, population: Population
) -> None:
    async with running_hub(isolated_settings(settings, home)) as hub:
        created = await hub.security.clients.add(
            "Live partner", frozenset({"registry:read"}), ("32",), None
        )
        response = await request_token(hub.http, created.client.client_id, created.secret)
        token = response.json()["access_token"]
        await me_of(hub.http, token)
        code = await asyncio.to_thread(main, ["client", "disable", created.client.client_id])
        assert code == 0
        assert_unauthenticated(await ask_me(hub.http, token))


async def test_a_hub_on_postgresql_remembers_its_clients_and_refuses_one_disabled_from_the_shell(
    home: Path,
    settings: Settings,
    population: Population,
    postgres_server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hub_url = await new_database(postgres_server)
    monkeypatch.setenv("SIMPUL_HUB_URL", hub_url)  # for the shell's `simpul client disable`
    async with started_hub(replace(isolated_settings(settings, home), hub_url=hub_url)) as hub:
        known = hub.app.state.hub.security.known_clients
        assert known.listening
        created = await hub.security.clients.add(
            "Live partner", frozenset({"registry:read"}), ("32",), None
        )
        response = await request_token(hub.http, created.client.client_id, created.secret)
        token = response.json()["access_token"]
        await me_of(hub.http, token)
        reads = count_calls(monkeypatch, hub.security.clients, "get")
        await me_of(hub.http, token)
        assert reads == [], "the client's row was read again although nothing changed"
        code = await asyncio.to_thread(main, ["client", "disable", created.client.client_id])
        assert code == 0
        deadline = asyncio.get_running_loop().time() + 5
        while (answer := await ask_me(hub.http, token)).status_code == 200:
            assert asyncio.get_running_loop().time() < deadline, "still accepted after 5 s"
            await asyncio.sleep(0.01)
        assert_unauthenticated(answer)


def test_token_command_prints_a_jwt_with_the_requested_claims(home: Path, capsys: Capture) -> None:
    token = simpul(
        capsys,
        *("token", "--scopes", "registry:read audit:read", "--regions", "32.04 35"),
        *("--purpose", "audit", "--ttl", "60"),
    ).strip()
    keys = KeySet([ECKey.import_key(key) for key in KeyRing(home / "keys").jwks()["keys"]])
    claims = jwt.decode(token, keys, algorithms=["ES256"]).claims
    assert claims["iss"] == Settings.load().issuer
    assert claims["aud"] == AUDIENCE
    assert claims["sub"] == "simpul-operator"
    assert claims["scope"] == "audit:read registry:read"
    assert claims["regions"] == ["32.04", "35"]
    assert claims["purpose"] == "audit"
    assert claims["exp"] - claims["iat"] == 60


@pytest.mark.parametrize("ttl", ["0", "-5", str(MAX_TTL + 1)])
def test_token_command_refuses_a_lifetime_outside_the_limits(home: Path, ttl: str) -> None:
    code = usage_error("token", "--scopes", "registry:read", "--regions", "*", "--ttl", ttl)
    assert code == 2


@pytest.mark.parametrize(("scopes", "regions"), [("root:admin", "*"), ("registry:read", "99.99")])
def test_token_command_refuses_unknown_scopes_and_regions(
    home: Path, scopes: str, regions: str
) -> None:
    assert usage_error("token", "--scopes", scopes, "--regions", regions) == 2


def test_keys_rotate_adds_a_signing_key(home: Path, capsys: Capture) -> None:
    first = KeyRing(home / "keys").current()
    out = simpul(capsys, "keys", "rotate")
    retained = KeyRing(home / "keys").keys()
    kids = [key.kid for key in retained]
    assert len(kids) == 2
    assert kids[1] == first.kid
    assert kids[0] != first.kid and kids[0] in out
