"""The hub's token machinery: its own keys, trusted external issuers, clients and audit log."""

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any, cast

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.audit import AuditLog
from auth.client_cache import ClientCache
from auth.clients import ClientStore
from auth.keys import KeyRing
from auth.principal import Principal
from auth.tokens import InvalidToken, TokenIssuer, TokenVerifier, TrustedIssuer, UnknownKey
from gateway.documents import TrustedDocuments
from gateway.schema_migrations import HUB, upgrade
from gateway.settings import ExternalIssuer, Settings

logger = logging.getLogger("simpul.security")

# An unknown key id makes the hub look for new keys, but not more often than this.
KEY_REFRESH_INTERVAL = 30.0


class Security:
    def __init__(self, settings: Settings, hub_engine: AsyncEngine) -> None:
        self.settings = settings
        self.hub_engine = hub_engine
        self.keyring = KeyRing(settings.keys_dir)
        self.issuer = TokenIssuer(self.keyring, settings.issuer)
        self.clients = ClientStore(hub_engine)
        self.known_clients = ClientCache(self.clients)
        self.audit = AuditLog(hub_engine)
        self.documents = TrustedDocuments(hub_engine)
        self._external = {issuer.issuer: issuer for issuer in settings.external_issuers}
        self._verifier = TokenVerifier(
            [TrustedIssuer(settings.issuer, self.keyring.verification_keys())]
            + [TrustedIssuer(e.issuer, KeySet([]), e.audience) for e in self._external.values()]
        )
        self._refreshed: dict[str, float] = {}
        self._own_kids = self.keyring.key_ids()
        self._own_stamp = self.keyring.stamp()
        self._prepared = False
        self._prepare_lock = asyncio.Lock()

    async def prepare(self) -> None:
        """Bring the hub's own database to the current schema once; safe to call on every
        request (a no-op once done)."""
        if self._prepared:
            return
        async with self._prepare_lock:
            if not self._prepared:
                await upgrade(self.hub_engine, HUB)
                self._prepared = True

    async def authenticate(self, token: str) -> Principal:
        """The principal a bearer token grants; raises ``InvalidToken`` when it grants nothing."""
        # A token verified before names its issuer already: no need to decode it again.
        issuer = self._verifier.remembered_issuer(token) or self._verifier.issuer_of(token).issuer
        if issuer == self.settings.issuer:
            self._sync_own_keys()  # a key retired since is refused: the remembered are forgotten
        try:
            principal = self._verifier.verify(token)
        except UnknownKey:
            if not await self._refresh_keys(issuer):
                raise
            principal = self._verifier.verify(token)
        if issuer == self.settings.issuer and principal.client_id:
            await self.prepare()
            registered = await self.known_clients.get(principal.client_id)
            if registered is not None:
                if not registered.active:
                    raise InvalidToken("client disabled")
                principal = replace(principal, policy=registered.policy, registered=True)
        return principal

    def _sync_own_keys(self) -> None:
        """Follow rotations and retirements made by ``simpul keys rotate`` in any process: the
        key files on disk are the truth; they are listed again when their folder changed."""
        stamp = self.keyring.stamp()
        if stamp is not None and stamp == self._own_stamp:
            return
        self._own_stamp = stamp
        on_disk = self.keyring.key_ids()
        if on_disk != self._own_kids:
            self._own_kids = on_disk
            self._verifier.replace_keys(self.settings.issuer, self.keyring.verification_keys())

    async def _refresh_keys(self, issuer: str) -> bool:
        if issuer == self.settings.issuer:
            return False  # the hub's own keys are already in sync with the disk
        now = time.monotonic()
        if now - self._refreshed.get(issuer, float("-inf")) < KEY_REFRESH_INTERVAL:
            return False
        self._refreshed[issuer] = now
        keys = await _fetch_jwks(self._external[issuer])
        if keys is None:
            return False
        self._verifier.replace_keys(issuer, keys)
        return True


async def _fetch_jwks(issuer: ExternalIssuer) -> KeySet | None:
    return await fetch_jwks(issuer.jwks_url, issuer.issuer)


async def fetch_jwks(jwks_url: str, owner: str) -> KeySet | None:
    """The key set published at ``jwks_url``, or None (logged) when it cannot be had."""
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.get(jwks_url)
            response.raise_for_status()
            document = response.json()
            if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
                raise ValueError("not a JWKS document")
            return KeySet.import_key_set(cast(Any, document))
    except (httpx.HTTPError, ValueError, KeyError, TypeError, JoseError) as error:
        logger.warning("could not fetch the JWKS of %s: %s", owner, error)
        return None
