"""Update proposals read in both modes: the inbox list and its count, a household's
proposals, a proposal's household, and a visit's proposal. The proposals are filed once,
through the hub that writes the registry's database."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import GraphQLClient, SourceDatabases
from tests.verification.support import Household, HouseholdPool, record, visit_input

PROPOSALS = """
query($region: RegionCode, $state: ProposalState) {
  updateProposals(filter: {regionCode: $region, state: $state}, first: 500) {
    totalCount edges { node { id kind state villageCode household { id } visit { id } } }
  }
}
"""
HOUSEHOLD = """
query($id: ID!) {
  household(id: $id) {
    updateProposals { id kind subjectNik }
    verificationVisits { id proposal { id kind } }
  }
}
"""


@pytest.fixture(scope="module")
async def filed(
    databases: SourceDatabases, database_caller: Callable[..., GraphQLClient]
) -> tuple[Household, list[dict[str, Any]]]:
    """A household with two proposals, the lowest-id one the verification pool offers (its
    tests take the highest first)."""
    candidates = await HouseholdPool(databases)._candidates()
    household = candidates[-1]
    writer = database_caller()
    recorded = [
        await record(writer, visit_input(household, "NOT_FOUND")),
        await record(writer, visit_input(household, "DECEASED", subjectNik=household.members[1])),
    ]
    assert all(entry["__typename"] == "VerificationVisitRecorded" for entry in recorded)
    return household, recorded


async def test_the_inbox_lists_and_counts_the_proposals_of_a_village(
    client: GraphQLClient,
    databases: SourceDatabases,
    filed: tuple[Household, list[dict[str, Any]]],
) -> None:
    household, recorded = filed
    village = household.village_code
    stored = await databases.rows(
        "registry",
        "SELECT id, kind, source_visit_id FROM update_proposals WHERE village_code = :v"
        " AND state = 'proposed' ORDER BY id",
        v=village,
    )
    inbox = await client.data(PROPOSALS, {"region": village, "state": "PROPOSED"})
    connection = inbox["updateProposals"]
    assert connection["totalCount"] == len(stored) >= 2
    nodes = [edge["node"] for edge in connection["edges"]]
    assert [node["id"] for node in nodes] == [str(row.id) for row in stored]
    assert {entry["proposal"]["id"] for entry in recorded} <= {node["id"] for node in nodes}
    assert all(node["villageCode"] == village for node in nodes)
    assert [node["visit"]["id"] for node in nodes] == [str(row.source_visit_id) for row in stored]
    mine = [node for node in nodes if node["household"]["id"] == str(household.id)]
    assert len(mine) == 2


async def test_a_household_lists_its_proposals_and_each_visit_its_own(
    client: GraphQLClient, filed: tuple[Household, list[dict[str, Any]]]
) -> None:
    household, recorded = filed
    found = (await client.data(HOUSEHOLD, {"id": str(household.id)}))["household"]
    assert [p["id"] for p in found["updateProposals"]] == [r["proposal"]["id"] for r in recorded]
    assert found["updateProposals"][1]["subjectNik"] == household.members[1]
    by_visit = {v["id"]: v["proposal"] for v in found["verificationVisits"]}
    for entry in recorded:
        assert by_visit[entry["visit"]["id"]] == {
            "id": entry["proposal"]["id"],
            "kind": entry["proposal"]["kind"],
        }


async def test_a_regency_caller_elsewhere_sees_none_of_them(
    caller: Callable[..., GraphQLClient], filed: tuple[Household, list[dict[str, Any]]]
) -> None:
    household, _ = filed
    elsewhere = "11.01" if not household.village_code.startswith("11.") else "12.01"
    outsider = caller(regions=[elsewhere])
    inbox = await outsider.data(PROPOSALS, {"region": None, "state": None})
    ids = {edge["node"]["id"] for edge in inbox["updateProposals"]["edges"]}
    assert not ids & {entry["proposal"]["id"] for entry in filed[1]}
    assert (await outsider.data(HOUSEHOLD, {"id": str(household.id)}))["household"] is None
