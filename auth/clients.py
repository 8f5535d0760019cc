"""Registered OAuth clients: stored with a hashed secret, their scopes, regions and purpose."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.policy import DEFAULT_POLICY, ClientPolicy
from auth.scopes import parse_scopes
from auth.tables import clients

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
POLICY_COLUMNS = (
    "max_depth",
    "max_cost",
    "requests_per_minute",
    "introspection",
    "trusted_documents_only",
)


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    scheme, _, rest = stored.partition("$")
    salt, _, digest = rest.partition("$")
    if scheme != "scrypt" or not salt or not digest:
        return False
    candidate = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), dklen=32, **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    name: str
    secret_hash: str
    scopes: frozenset[str]
    regions: tuple[str, ...]
    purpose: str | None
    created_at: datetime.datetime
    disabled_at: datetime.datetime | None
    policy: ClientPolicy = DEFAULT_POLICY

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @classmethod
    def of(cls, row: Row[object]) -> "RegisteredClient":
        values = row._mapping
        return cls(
            client_id=values["client_id"],
            name=values["name"],
            secret_hash=values["secret_hash"],
            scopes=parse_scopes(values["scopes"]),
            regions=tuple(values["regions"].split()),
            purpose=values["purpose"],
            created_at=values["created_at"],
            disabled_at=values["disabled_at"],
            policy=DEFAULT_POLICY.with_overrides(
                max_depth=values["max_depth"],
                max_cost=values["max_cost"],
                requests_per_minute=values["requests_per_minute"],
                introspection=values["introspection"],
                trusted_documents_only=values["trusted_documents_only"],
            ),
        )


@dataclass(frozen=True)
class NewClient:
    client: RegisteredClient
    secret: str


# Built once: the statement and its cache key are reused by every request's lookup.
_BY_ID = select(clients).where(clients.c.client_id == bindparam("client_id"))


class ClientStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def add(
        self, name: str, scopes: frozenset[str], regions: tuple[str, ...], purpose: str | None
    ) -> NewClient:
        secret = secrets.token_urlsafe(32)
        client_id = f"simpul-{secrets.token_hex(8)}"
        values = {
            "client_id": client_id,
            "name": name,
            "secret_hash": hash_secret(secret),
            "scopes": " ".join(sorted(scopes)),
            "regions": " ".join(regions),
            "purpose": purpose,
            "created_at": datetime.datetime.now(datetime.UTC),
            "disabled_at": None,
        }
        async with self.engine.begin() as conn:
            await conn.execute(insert(clients).values(values))
        stored = await self.get(client_id)
        assert stored is not None
        return NewClient(stored, secret)

    async def get(self, client_id: str) -> RegisteredClient | None:
        async with self.engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                # Looked up on every request: one statement, no BEGIN and ROLLBACK round trips.
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            row = (await conn.execute(_BY_ID, {"client_id": client_id})).first()
        return None if row is None else RegisteredClient.of(row)

    async def all(self) -> list[RegisteredClient]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(clients).order_by(clients.c.created_at))).all()
        return [RegisteredClient.of(row) for row in rows]

    async def disable(self, client_id: str) -> bool:
        now = datetime.datetime.now(datetime.UTC)
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(clients)
                .where(clients.c.client_id == client_id, clients.c.disabled_at.is_(None))
                .values(disabled_at=now)
            )
        return bool(result.rowcount)

    async def configure(self, client_id: str, **overrides: int | bool | None) -> bool:
        """Set limit overrides and switches (``max_cost``, ``introspection``, …) of a client."""
        unknown = set(overrides) - set(POLICY_COLUMNS)
        if unknown:
            raise ValueError(f"unknown client settings: {', '.join(sorted(unknown))}")
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(clients).where(clients.c.client_id == client_id).values(**overrides)
            )
        return bool(result.rowcount)
