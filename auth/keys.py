"""The hub's signing keys: ES256 key pairs on disk, newest signs, all retained ones verify.

Each key is a JWK file under ``<data dir>/keys/``. Rotation adds a new key and keeps the
previous ones for as long as tokens they signed can still be valid.
"""

import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, KeySet

ALGORITHM = "ES256"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    created_at: float
    key: ECKey

    def public(self) -> dict[str, Any]:
        return dict(self.key.as_dict(private=False))


_SETTLED_NS = 2_000_000_000


class KeyRing:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def keys(self) -> list[SigningKey]:
        """Retained keys, newest first."""
        found = []
        for path in self.folder.glob("*.json") if self.folder.is_dir() else []:
            stored = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                SigningKey(stored["kid"], stored["created_at"], ECKey.import_key(stored["jwk"]))
            )
        return sorted(found, key=lambda key: key.created_at, reverse=True)

    def stamp(self) -> int | None:
        """The folder's modification time (ns): it changes when a key file is added or
        removed. None for a stamp too recent to trust (a change within the file system's
        clock tick may not move it) or a missing folder: then the keys must be listed."""
        try:
            modified = os.stat(self.folder).st_mtime_ns
        except OSError:
            return None
        return None if time.time_ns() - modified < _SETTLED_NS else modified

    def key_ids(self) -> frozenset[str]:
        if not self.folder.is_dir():
            return frozenset()
        return frozenset(path.stem for path in self.folder.glob("*.json"))

    def current(self) -> SigningKey:
        keys = self.keys()
        return keys[0] if keys else self.rotate()

    def rotate(self, retire_after: float | None = None) -> SigningKey:
        """Add a new signing key; drop keys replaced more than ``retire_after`` seconds ago."""
        now = time.time()
        if retire_after is not None:
            self._retire(now - retire_after)
        kid = f"{time.strftime('%Y%m%d', time.gmtime(now))}-{secrets.token_hex(4)}"
        key = ECKey.generate_key(
            "P-256", parameters={"kid": kid, "alg": ALGORITHM, "use": "sig"}, private=True
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{kid}.json"
        body = json.dumps({"kid": kid, "created_at": now, "jwk": key.as_dict(private=True)})
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(body)
        return SigningKey(kid, now, key)

    def _retire(self, replaced_before: float) -> None:
        keys = self.keys()
        # A key was replaced when its successor was created; keep the newest always.
        for older, newer in zip(keys[1:], keys, strict=False):
            if newer.created_at < replaced_before:
                (self.folder / f"{older.kid}.json").unlink(missing_ok=True)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public() for key in self.keys()]}

    def verification_keys(self) -> KeySet:
        return KeySet([ECKey.import_key(key.public()) for key in self.keys()])
