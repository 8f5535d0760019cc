"""Signing-key rotation: old keys verify until retired, new keys are honoured at once."""

import json
import os
import stat
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from auth.keys import KeyRing, SigningKey
from auth.tokens import MAX_TTL
from gateway.settings import Settings
from resolvers.population import Population
from tests.conftest import mint
from tests.security.support import (
    HubUnderTest,
    ask_me,
    assert_unauthenticated,
    calls_of,
    claims,
    header_of,
    isolated_settings,
    me_of,
    new_ec_key,
    running_hub,
    sign,
)

DAY = 24 * 3600
CLI_RETIREMENT = MAX_TTL + 300


def backdate(folder: Path, key: SigningKey, seconds_ago: float) -> SigningKey:
    """Pretend ``key`` was created ``seconds_ago``, as its file records it."""
    path = folder / f"{key.kid}.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["created_at"] = time.time() - seconds_ago
    path.write_text(json.dumps(stored), encoding="utf-8")
    return SigningKey(key.kid, stored["created_at"], key.key)


@pytest.fixture
async def fresh(
    settings: Settings, population: Population, tmp_path: Path
) -> AsyncIterator[HubUnderTest]:
    """A running hub with one signing key, its keys its own."""
    KeyRing(tmp_path / "keys").rotate()
    async with running_hub(isolated_settings(settings, tmp_path)) as running:
        yield running


@pytest.fixture
def aged_keys(tmp_path: Path) -> tuple[SigningKey, SigningKey]:
    """Key ``first`` made ten days ago, replaced by ``second`` nine days ago."""
    folder = tmp_path / "keys"
    ring = KeyRing(folder)
    first = backdate(folder, ring.rotate(), 10 * DAY)
    second = backdate(folder, ring.rotate(), 9 * DAY)
    return first, second


@pytest.fixture
async def aged(
    settings: Settings,
    population: Population,
    tmp_path: Path,
    aged_keys: tuple[SigningKey, SigningKey],
) -> AsyncIterator[HubUnderTest]:
    async with running_hub(isolated_settings(settings, tmp_path)) as running:
        yield running


def signed_with(hub: HubUnderTest, key: SigningKey) -> str:
    return sign(key.key, claims(hub.settings.issuer), kid=key.kid)


def kids_on_disk(hub: HubUnderTest) -> set[str]:
    return {path.stem for path in hub.keys_dir.glob("*.json")}


async def test_token_signed_before_rotation_still_verifies_after_it(
    fresh: HubUnderTest,
) -> None:
    before = mint(fresh.app, subject="before-rotation")
    fresh.security.keyring.rotate()
    assert (await me_of(fresh.http, before))["clientId"] == "before-rotation"


async def test_tokens_signed_after_rotation_carry_the_new_kid(fresh: HubUnderTest) -> None:
    old_kid = header_of(mint(fresh.app))["kid"]
    rotated = fresh.security.keyring.rotate()
    new_kid = header_of(mint(fresh.app))["kid"]
    assert new_kid == rotated.kid
    assert new_kid != old_kid


async def test_running_hub_honours_the_new_key_on_its_first_token(fresh: HubUnderTest) -> None:
    fresh.security.keyring.rotate()
    after = mint(fresh.app, subject="after-rotation")
    assert (await me_of(fresh.http, after))["clientId"] == "after-rotation"


async def test_old_key_still_verifies_once_the_hub_has_loaded_the_new_one(
    fresh: HubUnderTest,
) -> None:
    before = mint(fresh.app, subject="before-rotation")
    fresh.security.keyring.rotate()
    await me_of(fresh.http, mint(fresh.app, subject="after-rotation"))
    assert (await me_of(fresh.http, before))["clientId"] == "before-rotation"


async def test_jwks_publishes_old_and_new_keys_after_rotation(fresh: HubUnderTest) -> None:
    old = fresh.security.keyring.current()
    new = fresh.security.keyring.rotate()
    published = (await fresh.http.get("/.well-known/jwks.json")).json()["keys"]
    assert {key["kid"] for key in published} == {old.kid, new.kid}


async def test_new_key_is_honoured_even_right_after_an_unknown_kid_probe(
    fresh: HubUnderTest,
) -> None:
    """A stranger's token with a made-up kid must not make the hub ignore its own new key."""
    probe = sign(new_ec_key("made-up"), claims(fresh.settings.issuer), kid="made-up")
    assert_unauthenticated(await ask_me(fresh.http, probe))
    fresh.security.keyring.rotate()
    after = mint(fresh.app, subject="after-rotation")
    assert (await me_of(fresh.http, after))["clientId"] == "after-rotation"


def test_retirement_removes_a_key_replaced_long_ago(
    tmp_path: Path, aged_keys: tuple[SigningKey, SigningKey]
) -> None:
    first, second = aged_keys
    ring = KeyRing(tmp_path / "keys")
    third = ring.rotate(retire_after=0)
    retained = ring.keys()
    assert [key.kid for key in retained] == [third.kid, second.kid]
    assert {key["kid"] for key in ring.jwks()["keys"]} == {second.kid, third.kid}
    assert not (tmp_path / "keys" / f"{first.kid}.json").exists()


def test_retirement_keeps_an_old_key_that_was_replaced_only_recently(tmp_path: Path) -> None:
    """A key's age does not matter, only how long ago it stopped signing."""
    folder = tmp_path / "keys"
    ring = KeyRing(folder)
    old = backdate(folder, ring.rotate(), 30 * DAY)
    successor = backdate(folder, ring.rotate(), 600)
    ring.rotate(retire_after=CLI_RETIREMENT)
    assert {old.kid, successor.kid} <= {key["kid"] for key in ring.jwks()["keys"]}


def test_retirement_keeps_the_key_replaced_just_now(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    first = ring.rotate()
    second = ring.rotate()
    third = ring.rotate(retire_after=CLI_RETIREMENT)
    retained = ring.keys()
    assert {key.kid for key in retained} == {first.kid, second.kid, third.kid}


async def test_retired_key_tokens_are_refused_by_a_restarted_hub(
    aged: HubUnderTest, aged_keys: tuple[SigningKey, SigningKey]
) -> None:
    first, _ = aged_keys
    token = signed_with(aged, first)
    aged.security.keyring.rotate(retire_after=CLI_RETIREMENT)
    async with running_hub(aged.settings) as restarted:
        assert_unauthenticated(await ask_me(restarted.http, token))


async def test_retired_key_tokens_are_refused_once_the_hub_saw_the_new_key(
    aged: HubUnderTest, aged_keys: tuple[SigningKey, SigningKey]
) -> None:
    first, _ = aged_keys
    token = signed_with(aged, first)
    assert (await ask_me(aged.http, token)).status_code == 200
    aged.security.keyring.rotate(retire_after=CLI_RETIREMENT)
    await me_of(aged.http, mint(aged.app))
    assert_unauthenticated(await ask_me(aged.http, token))


async def test_retired_key_tokens_are_refused_by_the_running_hub_at_once(
    aged: HubUnderTest, aged_keys: tuple[SigningKey, SigningKey]
) -> None:
    """``simpul keys rotate`` runs beside a live hub: a deleted key must stop verifying."""
    first, _ = aged_keys
    token = signed_with(aged, first)
    assert (await ask_me(aged.http, token)).status_code == 200
    aged.security.keyring.rotate(retire_after=CLI_RETIREMENT)
    assert first.kid not in kids_on_disk(aged)
    assert_unauthenticated(await ask_me(aged.http, token))


def test_key_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    key = ring.rotate()
    mode = stat.S_IMODE((tmp_path / "keys" / f"{key.kid}.json").stat().st_mode)
    assert mode == 0o600


def _settle(folder: Path, seconds_ago: float) -> int:
    """Set the folder's modification time ``seconds_ago``; the stamp it then has."""
    then = time.time_ns() - int(seconds_ago * 1e9)
    os.utime(folder, ns=(then, then))
    return then


def test_the_key_folder_stamp_moves_with_every_added_or_retired_key(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    first = ring.rotate()
    settled = _settle(ring.folder, 60)
    assert ring.stamp() == settled
    ring.rotate()
    assert ring.stamp() is None  # changed just now: too recent to trust, so keys are listed
    assert _settle(ring.folder, 30) != settled
    backdate(ring.folder, first, 10 * DAY)
    ring.rotate(retire_after=CLI_RETIREMENT)
    assert ring.stamp() is None
    assert KeyRing(tmp_path / "missing").stamp() is None


async def test_a_running_hub_lists_its_keys_only_when_their_folder_changed(
    aged: HubUnderTest, aged_keys: tuple[SigningKey, SigningKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = aged_keys
    token = signed_with(aged, first)
    keyring = aged.security.keyring
    listed = calls_of(monkeypatch, keyring, "key_ids")
    _settle(keyring.folder, 60)
    assert (await ask_me(aged.http, token)).status_code == 200  # sees the new stamp: lists
    assert (await ask_me(aged.http, token)).status_code == 200
    assert (await ask_me(aged.http, token)).status_code == 200
    assert len(listed) == 1
    keyring.rotate(retire_after=CLI_RETIREMENT)  # retires ``first``, moves the stamp
    _settle(keyring.folder, 30)
    assert_unauthenticated(await ask_me(aged.http, token))
    assert len(listed) == 2


async def test_a_remembered_token_is_not_decoded_again_but_its_retired_key_still_refused(
    aged: HubUnderTest, aged_keys: tuple[SigningKey, SigningKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = aged_keys
    token = signed_with(aged, first)
    decoded = calls_of(monkeypatch, aged.security._verifier, "issuer_of")
    assert (await ask_me(aged.http, token)).status_code == 200
    before = len(decoded)
    assert (await ask_me(aged.http, token)).status_code == 200
    assert (await ask_me(aged.http, token)).status_code == 200
    assert len(decoded) == before, "a remembered token was decoded again"
    aged.security.keyring.rotate(retire_after=CLI_RETIREMENT)  # retires ``first``
    assert_unauthenticated(await ask_me(aged.http, token))
