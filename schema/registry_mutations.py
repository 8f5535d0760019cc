"""Mutations of the registry agency: the registry owner decides update proposals."""

from dataclasses import asdict
from typing import Annotated

import strawberry

from auth.scopes import write
from resolvers import registry
from resolvers.idempotency import KeyReused, Refused
from resolvers.registry.enums import ProposalDecision
from resolvers.registry.proposals import DECIDE_PROPOSAL
from resolvers.wilayah.gazetteer import ancestors_of
from schema.context import Info
from schema.idempotent_writes import idempotency_key_field, key_problem
from schema.ids import parse_id
from schema.proposals import UpdateProposal
from schema.protection import requires
from schema.results import (
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidInput,
    MutationError,
    NotFound,
    illegal,
    invalid,
    key_reused,
    not_found,
)

OPERATION = "decideUpdateProposal"
MAX_REASON = 500


@strawberry.input(description="The registry owner's decision on an update proposal.")
class DecideUpdateProposalInput:
    proposal_id: strawberry.ID
    decision: ProposalDecision
    reason: str = strawberry.field(description="Why; kept with the proposal.")
    idempotency_key: str = idempotency_key_field()

    def problem(self) -> InvalidInput | None:
        if problem := key_problem(self.idempotency_key):
            return problem
        if not self.reason.strip() or len(self.reason) > MAX_REASON:
            return invalid(f"A reason has 1 to {MAX_REASON} characters", "reason")
        return None


@strawberry.type(
    description=(
        "Only the registry owner decides: a national token, or one whose regions cover the"
        " household's province."
    )
)
class OutsideAuthority(MutationError):
    pass


@strawberry.type(description="The proposal is decided; when approved, the registry changed.")
class UpdateProposalDecided:
    proposal: UpdateProposal
    replayed: bool = strawberry.field(
        description="True when this key already decided the proposal and nothing changed now."
    )


DecideUpdateProposalResult = Annotated[
    UpdateProposalDecided
    | NotFound
    | InvalidInput
    | OutsideAuthority
    | IllegalTransition
    | IdempotencyKeyReused,
    strawberry.union("DecideUpdateProposalResult"),
]


@strawberry.type
class RegistryMutation:
    @requires(
        write("registry"),
        description=(
            "Approves an update proposal, applying its change to the registry, or rejects it."
        ),
    )
    async def decide_update_proposal(
        self, info: Info, input: DecideUpdateProposalInput
    ) -> DecideUpdateProposalResult | None:
        refused = input.problem()
        if refused is not None:
            return refused
        proposal_id = parse_id(input.proposal_id, "proposalId")
        proposals = info.context.registry.proposals.by_id
        proposal = await proposals.load(proposal_id)
        if proposal is None:
            return not_found("update proposal")
        province = ancestors_of(proposal.village_code)[0]
        if not info.context.principal.regions.allows(province):
            return OutsideAuthority(
                code="OUTSIDE_AUTHORITY",
                message="Deciding needs a national token or one covering the province",
            )
        key = input.idempotency_key
        arguments = {
            "proposal_id": proposal_id,
            "decision": input.decision.value,
            "reason": input.reason.strip(),
        }
        try:
            _, replayed = await info.context.write(DECIDE_PROPOSAL, key, arguments, asdict(input))
        except KeyReused:
            return key_reused()
        except Refused as decided_before:  # its state now
            return illegal(decided_before.outcome.name, input.decision.name.lower())
        if not replayed:
            subject = UpdateProposal.of(proposal).audit_subject
            info.context.audit.note_write(registry.AGENCY, subject, OPERATION, key)
        proposals.clear(proposal_id)
        decided_row = await proposals.load(proposal_id)
        if decided_row is None:
            return not_found("update proposal")
        return UpdateProposalDecided(proposal=UpdateProposal.of(decided_row), replayed=replayed)
