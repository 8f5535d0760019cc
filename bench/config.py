"""The benchmark's knobs, from ``BENCH_*`` environment variables with bounded defaults."""

import os
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"
RESULTS = BENCH_DIR / "results"
NODE_DIR = CACHE / "node"
HUB_DATA = CACHE / "hub"
AGENCIES = ("registry", "regional", "institutions", "logistics")
SCOPES = "registry:read regional:read institutions:read logistics:read"
REGIONS = "32"


@dataclass(frozen=True)
class Config:
    server: str  # PostgreSQL server URL without a database, as bench/setup.sh prints it
    households: int
    seed: int
    workers: int = 2
    hub_port: int = 8511
    postgraphile_port: int = 8512
    seconds: int = 10
    warmup: int = 3
    rounds: int = 3
    connections: int = 8

    @classmethod
    def load(cls, server: str) -> "Config":
        env = os.environ
        return cls(
            server=server,
            households=int(env.get("BENCH_HOUSEHOLDS", "20000")),
            seed=int(env.get("BENCH_SEED", "1")),
            workers=int(env.get("BENCH_WORKERS", "2")),
            seconds=int(env.get("BENCH_SECONDS", "10")),
            warmup=int(env.get("BENCH_WARMUP", "3")),
            rounds=int(env.get("BENCH_ROUNDS", "3")),
            connections=int(env.get("BENCH_CONNECTIONS", "8")),
        )

    def hub_environment(self) -> dict[str, str]:
        """What the hub (a server or this process) needs to reach the seeded databases."""
        env = {f"SIMPUL_{a.upper()}_URL": f"{self.server}/simpul_{a}" for a in AGENCIES}
        env["SIMPUL_HUB_URL"] = f"{self.server}/simpul_hub"
        env["SIMPUL_DATA_DIR"] = str(HUB_DATA)
        env["SIMPUL_ISSUER"] = f"http://127.0.0.1:{self.hub_port}"
        return env

    @property
    def postgraphile_database(self) -> str:
        """libpq URL of the copy of the registry tables PostGraphile serves."""
        return self.server.replace("postgresql+asyncpg://", "postgres://") + "/bench_postgraphile"
