"""The measured GraphQL documents: each for the hub and, where it can answer, PostGraphile."""

from dataclasses import dataclass
from typing import Any

HUB_SMALL = """query Small($id: ID!) {
  household(id: $id) { id noKk villageCode members { id nik name birthDate } }
}"""
POSTGRAPHILE_SMALL = """query Small($id: Int!) {
  householdByRowId(rowId: $id) {
    rowId noKk villageCode peopleByHouseholdId { nodes { rowId nik name birthDate } }
  }
}"""
HUB_NESTED = """query Nested($region: RegionCode!) {
  households(filter: {regionCode: $region}, first: 500) {
    edges { node { id members { id nik name birthDate } } }
  }
}"""
POSTGRAPHILE_NESTED = """query Nested($region: String!) {
  householdsInRegion(prefix: $region, first: 500) {
    nodes { rowId peopleByHouseholdId { nodes { rowId nik name birthDate } } }
  }
}"""
HUB_CROSS = """query Cross($event: ID!) {
  disasterEvent(id: $event) {
    id name
    affectedHouseholds(first: 500) {
      edges { node {
        id villageCode
        members { id nik name birthDate }
        enrolments { programme status components { component yearlyAmount } }
      } }
    }
  }
}"""


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    hub: str
    postgraphile: str | None
    # One request body per variables set; the load generator cycles through them.
    hub_variables: tuple[dict[str, Any], ...]
    postgraphile_variables: tuple[dict[str, Any], ...] = ()

    def bodies(self, system: str) -> list[dict[str, Any]]:
        if system == "hub":
            return [{"query": self.hub, "variables": v} for v in self.hub_variables]
        assert self.postgraphile is not None
        return [{"query": self.postgraphile, "variables": v} for v in self.postgraphile_variables]


def workloads(household_ids: list[int], region: str, event_id: int) -> list[Workload]:
    return [
        Workload(
            "small",
            "one household by id with its members",
            HUB_SMALL,
            POSTGRAPHILE_SMALL,
            tuple({"id": str(i)} for i in household_ids),
            tuple({"id": i} for i in household_ids),
        ),
        Workload(
            "nested",
            f"first 500 households under region {region} with members' id, NIK, name, birth date",
            HUB_NESTED,
            POSTGRAPHILE_NESTED,
            ({"region": region},),
            ({"region": region},),
        ),
        Workload(
            "cross",
            "disaster event -> affected households -> members and enrolments (hub only)",
            HUB_CROSS,
            None,
            ({"event": str(event_id)},),
        ),
    ]
