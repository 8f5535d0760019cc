"""Update proposals: filed from the field, decided by the registry owner.

Approving applies the proposed change to the person or household in the same transaction
as the state change, so an approved proposal is never seen without its effect.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.scopes import write
from resolvers.agency_writes import AgencyWrite, Author, Work
from resolvers.idempotency import Refused
from resolvers.registry import AGENCY
from resolvers.registry.enums import (
    HouseholdStatus,
    PersonStatus,
    ProposalDecision,
    ProposalKind,
    ProposalState,
)
from resolvers.registry.tables import households, idempotency_keys, persons, update_proposals

_PERSON_STATUS = {
    ProposalKind.PERSON_DECEASED: PersonStatus.MENINGGAL,
    ProposalKind.PERSON_MOVED: PersonStatus.PINDAH,
}
_HOUSEHOLD_STATUS = {
    ProposalKind.HOUSEHOLD_SUSPEND: HouseholdStatus.SUSPEND,
    ProposalKind.HOUSEHOLD_EXCLUDE: HouseholdStatus.EXCLUDE,
}
_DECIDED = {
    ProposalDecision.APPROVE: ProposalState.APPROVED,
    ProposalDecision.REJECT: ProposalState.REJECTED,
}


@dataclass(frozen=True, slots=True)
class NewProposal:
    household_id: int
    village_code: str
    kind: ProposalKind
    subject_nik: str | None
    deceased_on: datetime.date | None
    proposed_by: str


class AlreadyDecided(Refused):
    """The proposal has left ``PROPOSED``; a decision is final."""

    def __init__(self, state: ProposalState) -> None:
        super().__init__(state)
        self.state = state


async def file_proposal(conn: AsyncConnection, proposal: NewProposal, visit_id: int) -> int:
    """Adds ``proposal``, found by the regional visit ``visit_id``, to the registry owner's
    inbox; returns its id."""
    result = await conn.execute(
        insert(update_proposals)
        .values(
            household_id=proposal.household_id,
            village_code=proposal.village_code,
            kind=proposal.kind.value,
            subject_nik=proposal.subject_nik,
            deceased_on=proposal.deceased_on,
            state=ProposalState.PROPOSED.value,
            source_visit_id=visit_id,
            proposed_by=proposal.proposed_by,
            proposed_at=_now(),
        )
        .returning(update_proposals.c.id)
    )
    return int(result.scalar_one())


async def decide(
    conn: AsyncConnection,
    proposal_id: int,
    decision: ProposalDecision,
    decided_by: str,
    reason: str,
) -> None:
    """Moves a proposed change to its decided state, applying it when approved."""
    this = update_proposals.c.id == proposal_id
    # Conditional on the state, so of two racing decisions exactly one takes effect.
    moved = await conn.execute(
        update(update_proposals)
        .where(this, update_proposals.c.state == ProposalState.PROPOSED.value)
        .values(
            state=_DECIDED[decision].value,
            decided_by=decided_by,
            decided_at=_now(),
            reason=reason,
        )
    )
    if moved.rowcount == 0:
        state = await conn.scalar(select(update_proposals.c.state).where(this))
        raise AlreadyDecided(ProposalState(state))
    if decision is ProposalDecision.APPROVE:
        await _apply(conn, (await conn.execute(select(update_proposals).where(this))).one())


async def _apply(conn: AsyncConnection, proposal: Row[Any]) -> None:
    kind = ProposalKind(proposal.kind)
    touched: dict[str, Any] = {"updated_at": _now()}
    if kind in _HOUSEHOLD_STATUS:
        touched["status"] = _HOUSEHOLD_STATUS[kind].value
    else:
        change: dict[str, Any] = {"status": _PERSON_STATUS[kind].value}
        if kind is ProposalKind.PERSON_DECEASED:
            change["deceased_on"] = proposal.deceased_on
        await conn.execute(
            update(persons)
            .where(
                persons.c.household_id == proposal.household_id,
                persons.c.nik == proposal.subject_nik,
            )
            .values(change)
        )
    await conn.execute(
        update(households).where(households.c.id == proposal.household_id).values(touched)
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _filed(author: Author, arguments: Mapping[str, Any]) -> Work:
    on = arguments["deceased_on"]
    proposal = NewProposal(
        household_id=int(arguments["household_id"]),
        village_code=str(arguments["village_code"]),
        kind=ProposalKind(arguments["kind"]),
        subject_nik=arguments["subject_nik"],
        deceased_on=None if on is None else datetime.date.fromisoformat(on),
        proposed_by=_client(author),
    )
    visit_id = int(arguments["visit_id"])

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        return {"id": await file_proposal(conn, proposal, visit_id)}

    return work


def _decided(author: Author, arguments: Mapping[str, Any]) -> Work:
    proposal_id = int(arguments["proposal_id"])
    decision = ProposalDecision(arguments["decision"])
    reason = str(arguments["reason"])
    decided_by = _client(author)

    async def work(conn: AsyncConnection) -> dict[str, Any]:
        await decide(conn, proposal_id, decision, decided_by, reason)
        return {"proposal_id": proposal_id}

    return work


def _client(author: Author) -> str:
    if author.client_id is None:
        raise ValueError("a proposal is filed and decided by a client")
    return author.client_id


# Filed by a regional office's visit (the caller writes visits, not the registry).
FILE_PROPOSAL = AgencyWrite(
    AGENCY, "recordVerificationVisit", idempotency_keys, _filed, write("regional")
)
DECIDE_PROPOSAL = AgencyWrite(
    AGENCY, "decideUpdateProposal", idempotency_keys, _decided, write(AGENCY), (ProposalState,)
)
