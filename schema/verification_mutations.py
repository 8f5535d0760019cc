"""Recording a verification visit, and proposing the registry change its outcome calls for.

The visit belongs to the regional source and the proposal to the registry, and no
transaction spans the two. So the visit is written first and the proposal second, each
idempotently under the caller's key, the proposal carrying the visit's id. A request cut
off between the two leaves a visit without its proposal, never a proposal the registry
owner could approve with no visit behind it; retried with the same key, the visit is
replayed and the proposal filed, so the request completes exactly once.
"""

from dataclasses import asdict, dataclass
from typing import Annotated, Any

import strawberry

from auth.scopes import read, write
from resolvers.agency_writes import AgencyWrite
from resolvers.idempotency import KeyReused
from resolvers.regional.visits import RECORD_VISIT, NewVisit
from resolvers.registry.proposals import FILE_PROPOSAL, NewProposal
from resolvers.wilayah.gazetteer import ancestors_of
from schema.context import Info
from schema.ids import parse_id
from schema.proposals import UpdateProposal
from schema.protection import requires
from schema.regional import VerificationVisit
from schema.results import (
    IdempotencyKeyReused,
    InvalidInput,
    NotFound,
    invalid,
    key_reused,
    not_found,
)
from schema.verification_inputs import RecordVerificationVisitInput, proposal_kind

OPERATION = "recordVerificationVisit"


@strawberry.type(description="The visit is recorded, with the registry change it proposes.")
class VerificationVisitRecorded:
    visit: VerificationVisit
    proposal: UpdateProposal | None = requires(
        read("registry"),
        description="The proposed registry change; null when the household was found eligible.",
    )
    replayed: bool = strawberry.field(
        description="True when this key already completed the request and nothing changed now."
    )


RecordVerificationVisitResult = Annotated[
    VerificationVisitRecorded | NotFound | InvalidInput | IdempotencyKeyReused,
    strawberry.union("RecordVerificationVisitResult"),
]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one request writes, once its input has been checked against the registry."""

    key: str
    # The input, whose fingerprint both agencies keep with the key.
    identity: dict[str, Any]
    subject: tuple[str, str]
    visit: NewVisit
    proposal: NewProposal | None


@strawberry.type
class VerificationMutation:
    @requires(
        write("regional"),
        description=(
            "Records a verification visit by the household's regency office. Any outcome but"
            " ELIGIBLE also files an update proposal for the registry owner to decide."
        ),
    )
    async def record_verification_visit(
        self, info: Info, input: RecordVerificationVisitInput
    ) -> RecordVerificationVisitResult | None:
        refused = input.problem()
        if refused is not None:
            return refused
        plan = await _plan(info, input)
        if not isinstance(plan, _Plan):
            return plan
        try:
            return await _carry_out(info, plan)
        except KeyReused:
            return key_reused()


async def _plan(info: Info, input: RecordVerificationVisitInput) -> _Plan | NotFound | InvalidInput:
    household = await info.context.registry.household.load(
        parse_id(input.household_id, "householdId")
    )
    if household is None:
        return not_found("household")
    nik = input.subject_nik
    if nik is not None:
        namesakes = await info.context.registry.persons_by_nik.load(nik)
        if all(person.household_id != household.id for person in namesakes):
            return invalid("The subject is not a member of this household", "subjectNik")
    regency = ancestors_of(household.village_code)[1]
    office = await info.context.regional.office_by_region.load(regency)
    if office is None:
        return NotFound(code="NOT_FOUND", message="No Dinas Sosial office serves this regency")
    visit = NewVisit(
        office_id=office.id,
        household_id=household.id,
        village_code=household.village_code,
        subject_nik=nik,
        visited_on=input.visited_on,
        outcome=input.outcome,
        officer=input.officer.strip(),
        notes=input.notes or "",
    )
    kind = proposal_kind(input.outcome, nik)
    proposal = None
    if kind is not None:
        proposal = NewProposal(
            household_id=household.id,
            village_code=household.village_code,
            kind=kind,
            subject_nik=nik if kind.concerns_person else None,
            deceased_on=input.day_of_death(),
            proposed_by=info.context.principal.client_id or "",
        )
    subject = ("nik", nik) if nik else ("household", str(household.id))
    return _Plan(input.idempotency_key, asdict(input), subject, visit, proposal)


async def _carry_out(info: Info, plan: _Plan) -> VerificationVisitRecorded | NotFound:
    context = info.context
    proposal = plan.proposal
    if proposal is not None and not await context.key_free(FILE_PROPOSAL, plan.key, plan.identity):
        raise KeyReused(plan.key)
    visit_id, replayed = await _once(info, RECORD_VISIT, plan, asdict(plan.visit))
    proposal_id: int | None = None
    if proposal is not None:
        # The registry files it as the caller's (``proposed_by``), wherever it runs.
        arguments = {**asdict(proposal), "visit_id": visit_id}
        proposal_id, filed_before = await _once(info, FILE_PROPOSAL, plan, arguments)
        replayed = replayed and filed_before
    return await _recorded(info, visit_id, proposal_id, replayed)


async def _once(
    info: Info, write: AgencyWrite, plan: _Plan, arguments: dict[str, Any]
) -> tuple[int, bool]:
    """One idempotent step in ``write``'s agency: the id it wrote, and whether it replayed."""
    done, replayed = await info.context.write(write, plan.key, arguments, plan.identity)
    if not replayed:
        info.context.audit.note_write(write.agency, plan.subject, OPERATION, plan.key)
    return int(done["id"]), replayed


async def _recorded(
    info: Info, visit_id: int, proposal_id: int | None, replayed: bool
) -> VerificationVisitRecorded | NotFound:
    visit = await info.context.regional.visit.load(visit_id)
    if visit is None:
        return not_found("verification visit")
    proposal = None
    if proposal_id is not None:
        row = await info.context.registry.proposals.by_id.load(proposal_id)
        proposal = None if row is None else UpdateProposal.of(row)
    return VerificationVisitRecorded(
        visit=VerificationVisit.of(visit), proposal=proposal, replayed=replayed
    )
