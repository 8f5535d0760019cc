"""Queries the oversight tests share."""

from typing import Any

from tests.conftest import GraphQLClient

ANOMALIES = """
query ($filter: AnomalyFilterInput, $first: Int, $after: String) {
  anomalies(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id type regionCode observedOn detectedAt householdId subjectNik
      village { code }
      evidence { agency kind recordId detail }
    } }
  }
}
"""

SUMMARY = """
query ($code: RegionCode!) {
  anomalySummary(regionCode: $code) {
    region { code } total counts { type count }
    children { region { code } total counts { type count } }
  }
}
"""


async def every_anomaly(
    client: GraphQLClient, types: list[str] | None = None, region: str | None = None
) -> list[dict[str, Any]]:
    """All pages of the caller's anomalies."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        variables = {
            "filter": {"types": types, "regionCode": region},
            "first": 500,
            "after": after,
        }
        page = (await client.data(ANOMALIES, variables))["anomalies"]
        nodes.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(nodes)
            return nodes
        after = page["pageInfo"]["endCursor"]


def subjects(nodes: list[dict[str, Any]], kind: str) -> set[int]:
    """The person or household ids named by anomalies' ids: ``TYPE:kind:id...``."""
    found = set()
    for node in nodes:
        parts = node["id"].split(":")
        if parts[1] == kind:
            found.add(int(parts[2]))
    return found
