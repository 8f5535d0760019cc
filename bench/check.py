"""Before measuring: both systems answer every workload without errors, with the same rows."""

from typing import Any

import httpx

from bench.queries import Workload


def _post(url: str, body: dict[str, Any], token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(url, json=body, headers=headers, timeout=30)
    response.raise_for_status()
    answer = response.json()
    if answer.get("errors"):
        raise RuntimeError(f"{url} answered errors: {answer['errors']}")
    return answer["data"]


def _hub_rows(data: Any) -> tuple[int, int]:
    """(households, members) in a hub answer."""
    if "household" in data:
        return 1, len(data["household"]["members"])
    if "disasterEvent" in data:
        data = {"households": data["disasterEvent"]["affectedHouseholds"]}
    nodes = [edge["node"] for edge in data["households"]["edges"]]
    return len(nodes), sum(len(node["members"]) for node in nodes)


def _postgraphile_rows(data: Any) -> tuple[int, int]:
    if "householdByRowId" in data:
        return 1, len(data["householdByRowId"]["peopleByHouseholdId"]["nodes"])
    nodes = data["householdsInRegion"]["nodes"]
    return len(nodes), sum(len(node["peopleByHouseholdId"]["nodes"]) for node in nodes)


def same_rows(
    workload: Workload, hub_url: str, postgraphile_url: str, token: str
) -> tuple[int, int]:
    """The (households, members) the hub returns for the first request body; PostGraphile's
    must match when it can answer the workload."""
    hub = _hub_rows(_post(hub_url, workload.bodies("hub")[0], token))
    if hub[0] == 0:
        raise RuntimeError(f"{workload.name}: the hub returned no households")
    if workload.postgraphile is not None:
        other = _postgraphile_rows(
            _post(postgraphile_url, workload.bodies("postgraphile")[0], None)
        )
        if other != hub:
            raise RuntimeError(f"{workload.name}: hub returned {hub}, PostGraphile {other}")
    return hub
