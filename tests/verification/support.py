"""Helpers for the verification tests: the operations, fresh households and keys, and the
stored rows each source holds for a household."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schema.scalars import nik_problem
from tests.conftest import GraphQLClient, SourceDatabases

Caller = Callable[..., GraphQLClient]

RECORD = """
mutation Record($input: RecordVerificationVisitInput!) {
  recordVerificationVisit(input: $input) {
    __typename
    ... on VerificationVisitRecorded {
      replayed
      visit { id outcome subjectNik visitedOn officer office { regionCode } proposal { id } }
      proposal { id kind state subjectNik deceasedOn villageCode proposedBy visit { id } }
    }
    ... on MutationError { code message }
    ... on InvalidInput { field }
  }
}
"""

DECIDE = """
mutation Decide($input: DecideUpdateProposalInput!) {
  decideUpdateProposal(input: $input) {
    __typename
    ... on UpdateProposalDecided { replayed proposal { id state decidedBy decidedAt reason } }
    ... on MutationError { code message }
    ... on IllegalTransition { state }
    ... on InvalidInput { field }
  }
}
"""

VISITED_ON = datetime.date.today() - datetime.timedelta(days=7)
DIED_ON = VISITED_ON - datetime.timedelta(days=12)


def day(moment: datetime.date) -> str:
    return moment.isoformat()


# No seeded officer has this name, so it tells the tests' visits from the seeded ones.
OFFICER = "Petugas Uji Verval"


def new_key() -> str:
    return f"verval:{uuid.uuid4().hex}"


@dataclass(frozen=True)
class Household:
    id: int
    village_code: str
    members: tuple[str, ...]

    @property
    def province(self) -> str:
        return self.village_code[:2]

    @property
    def regency(self) -> str:
        return self.village_code[:5]


class HouseholdPool:
    """Active households whose members are all alive and hold valid NIKs found nowhere else,
    handed out one per test (highest ids first), so no test sees another's changes. Households
    other agencies link to (complaints, visits, aid) are left alone: other tests read those
    links, and a visit or a status change there would change what they see."""

    def __init__(self, databases: SourceDatabases) -> None:
        self._databases = databases
        self._fresh: list[Household] | None = None

    async def take(self, outside: str | None = None) -> Household:
        """A household not handed out before; ``outside`` excludes a region code prefix."""
        if self._fresh is None:
            self._fresh = await self._candidates()
        for household in self._fresh:
            if not (outside and household.village_code.startswith(outside)):
                self._fresh.remove(household)
                return household
        raise LookupError("no fresh household left in the seed")

    async def _candidates(self) -> list[Household]:
        linked = {
            household_id
            for agency, table in _LINKS
            for (household_id,) in await self._databases.rows(
                agency, f"SELECT household_id FROM {table} WHERE household_id IS NOT NULL"
            )
        }
        rows = await self._databases.rows(
            "registry",
            "SELECT h.id, h.village_code, p.nik FROM households h"
            " JOIN persons p ON p.household_id = h.id WHERE h.status = 'aktif'"
            " AND NOT EXISTS (SELECT 1 FROM persons q WHERE q.household_id = h.id AND ("
            "   q.status != 'hidup' OR (SELECT count(*) FROM persons r WHERE r.nik = q.nik) > 1))"
            " ORDER BY h.id DESC, p.id",
        )
        members: dict[tuple[int, str], list[str]] = {}
        for household_id, village_code, nik in rows:
            members.setdefault((household_id, village_code), []).append(nik)
        return [
            Household(household_id, village_code, tuple(niks))
            for (household_id, village_code), niks in members.items()
            if household_id not in linked
            and len(niks) >= 2
            and not any(nik_problem(nik) for nik in niks)
        ]


_LINKS = (
    ("regional", "complaints"),
    ("regional", "verification_visits"),
    ("logistics", "aid_distributions"),
)


def visit_input(household: Household, outcome: str, **fields: Any) -> dict[str, Any]:
    return {
        "householdId": str(household.id),
        "outcome": outcome,
        "visitedOn": day(VISITED_ON),
        "officer": OFFICER,
        "notes": "Kunjungan verifikasi lapangan.",
        "idempotencyKey": new_key(),
        **fields,
    }


async def record(client: GraphQLClient, input: dict[str, Any]) -> dict[str, Any]:
    data = await client.data(RECORD, {"input": input})
    result: dict[str, Any] = data["recordVerificationVisit"]
    return result


async def decide(
    client: GraphQLClient, proposal_id: str, decision: str, key: str | None = None
) -> dict[str, Any]:
    input = {
        "proposalId": proposal_id,
        "decision": decision,
        "reason": "Sesuai hasil verifikasi lapangan.",
        "idempotencyKey": key or new_key(),
    }
    data = await client.data(DECIDE, {"input": input})
    result: dict[str, Any] = data["decideUpdateProposal"]
    return result


async def stored_visits(databases: SourceDatabases, household: Household) -> list[Any]:
    return await databases.rows(
        "regional",
        "SELECT * FROM verification_visits WHERE household_id = :id AND officer = :officer",
        id=household.id,
        officer=OFFICER,
    )


async def stored_proposals(databases: SourceDatabases, household: Household) -> list[Any]:
    return await databases.rows(
        "registry", "SELECT * FROM update_proposals WHERE household_id = :id", id=household.id
    )
