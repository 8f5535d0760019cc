"""The benchmark: the hub against PostGraphile 5 on the same rows, cores and load.

Usage: python -m bench.main SERVER_URL (as bench/run.sh calls it, after bench/setup.sh)."""

import asyncio
import json
import pwd
import sys
from dataclasses import replace

from bench import check, credentials, inprocess, processes, report, sample, wrk
from bench.config import CACHE, REGIONS, Config
from bench.machine import describe
from bench.queries import Workload, workloads
from bench.resources import usage
from bench.wrk import Measurement

SYSTEMS = ("hub", "postgraphile")


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _token(config: Config) -> str:
    """A token for the benchmark's client, registered on first use and then reused."""
    saved = CACHE / "client.json"
    if saved.exists():
        client_id, secret = json.loads(saved.read_text())
        try:
            return credentials.fetch_token(config, client_id, secret)
        except Exception:
            _say("stored client refused; registering a new one")
    client_id, secret = credentials.register_client(config)
    saved.write_text(json.dumps([client_id, secret]))
    return credentials.fetch_token(config, client_id, secret)


def _load(
    config: Config, workload: Workload, system: str, token: str, seconds: int, group: int
) -> Measurement:
    port = config.hub_port if system == "hub" else config.postgraphile_port
    bearer = token if system == "hub" else None
    url = f"http://127.0.0.1:{port}/graphql"
    with usage(group, pwd.getpwnam("postgres").pw_uid) as used:
        measured = wrk.run(url, workload.bodies(system), bearer, seconds, config.connections)
    per_request = 1000 / measured.requests if measured.requests else 0.0
    return replace(
        measured,
        peak_rss_mib=round(used.mib, 1),
        cpu_ms_per_request=round(used.cpu_seconds * per_request, 3),
        database_cpu_ms_per_request=round(used.database_cpu_seconds * per_request, 3),
    )


def _measure(
    config: Config, chosen: list[Workload], token: str, groups: dict[str, int]
) -> dict[str, dict[str, list[Measurement]]]:
    hub_url = f"http://127.0.0.1:{config.hub_port}/graphql"
    postgraphile_url = f"http://127.0.0.1:{config.postgraphile_port}/graphql"
    runs: dict[str, dict[str, list[Measurement]]] = {}
    for workload in chosen:
        rows = check.same_rows(workload, hub_url, postgraphile_url, token)
        systems = [s for s in SYSTEMS if s == "hub" or workload.postgraphile is not None]
        _say(f"{workload.name}: {rows[0]} households, {rows[1]} members; {', '.join(systems)}")
        for system in systems:
            _load(config, workload, system, token, config.warmup, groups[system])
        runs[workload.name] = {system: [] for system in systems}
        for round_number in range(config.rounds):
            order = systems if round_number % 2 == 0 else systems[::-1]
            for system in order:
                measured = _load(config, workload, system, token, config.seconds, groups[system])
                if measured.requests == 0:
                    raise RuntimeError(
                        f"{workload.name} on {system}: no answer in {config.seconds} s"
                    )
                if measured.failures:
                    raise RuntimeError(f"{workload.name} on {system}: {measured.failures} failures")
                runs[workload.name][system].append(measured)
                rate = measured.requests_per_second
                _say(f"  round {round_number + 1} {system}: {rate:,.1f} req/s")
    return runs


def main() -> int:
    config = Config.load(sys.argv[1])
    ids = asyncio.run(sample.household_ids(config, REGIONS))
    chosen = workloads(ids, REGIONS, asyncio.run(sample.event_in(config, REGIONS)))
    _say(f"starting the hub ({config.workers} workers) and PostGraphile ({config.workers} workers)")
    with processes.hub(config) as hub, processes.postgraphile(config) as postgraphile:
        groups = {"hub": hub, "postgraphile": postgraphile}
        runs = _measure(config, chosen, _token(config), groups)
    _say("measuring in-process cost against the plain-SQL floor")
    local = asyncio.run(inprocess.measure(config, chosen, seconds=3.0))
    machine = describe(asyncio.run(sample.postgresql_version(config)))
    print(report.write(config, machine, chosen, runs, local))
    return 0


if __name__ == "__main__":
    sys.exit(main())
