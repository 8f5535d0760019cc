"""A registered benchmark client with a rate and cost budget that load cannot exhaust, and its
token from the hub's OAuth endpoint: region-scoped, without ``registry:pii``."""

import os
import re
import subprocess

import httpx

from bench.config import REGIONS, ROOT, SCOPES, Config

BUDGET = "1000000"


def _simpul(config: Config, *args: str) -> str:
    env = {**os.environ, **config.hub_environment()}
    argv = [str(ROOT / ".venv/bin/simpul"), *args]
    done = subprocess.run(  # noqa: S603 - the project's own command
        argv, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def register_client(config: Config) -> tuple[str, str]:
    """A new client's id and secret, with a budget high enough for sustained load."""
    out = _simpul(config, "client", "add", "bench", "--scopes", SCOPES, "--regions", REGIONS)
    client_id = re.search(r"client_id:\s+(\S+)", out)
    secret = re.search(r"client_secret:\s+(\S+)", out)
    if client_id is None or secret is None:
        raise RuntimeError(f"unexpected output of simpul client add: {out!r}")
    _simpul(config, "client", "set", client_id[1], "--rate", BUDGET, "--max-cost", BUDGET)
    return client_id[1], secret[1]


def fetch_token(config: Config, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"http://127.0.0.1:{config.hub_port}/oauth/token",
        data={"grant_type": "client_credentials", "scope": SCOPES},
        auth=(client_id, secret),
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])
