"""The input of a verification visit, its rules, and the registry change its outcome calls for."""

import datetime

import strawberry

from resolvers.regional.enums import VisitOutcome
from resolvers.registry.enums import ProposalKind
from schema.idempotent_writes import idempotency_key_field, key_problem
from schema.results import InvalidInput, invalid
from schema.scalars import NIK

MAX_OFFICER = 120
MAX_NOTES = 2000
# Indonesia's easternmost time (WIT, UTC+9): a visit dated today anywhere in the country
# is never in the future.
_WIT = datetime.timezone(datetime.timedelta(hours=9))

_HOUSEHOLD_CHANGE = {
    VisitOutcome.MOVED: ProposalKind.HOUSEHOLD_SUSPEND,
    VisitOutcome.NOT_FOUND: ProposalKind.HOUSEHOLD_SUSPEND,
    VisitOutcome.INELIGIBLE: ProposalKind.HOUSEHOLD_EXCLUDE,
}


def proposal_kind(outcome: VisitOutcome, subject_nik: str | None) -> ProposalKind | None:
    """What the registry should change after a visit with ``outcome``; ``None`` for nothing.

    A death is the subject's. A member who moved leaves the household (PINDAH); a household
    that moved as a whole, or could not be found, is suspended until it is found again or
    registered where it lives now. An ineligible household is excluded."""
    if outcome is VisitOutcome.ELIGIBLE:
        return None
    if outcome is VisitOutcome.DECEASED:
        return ProposalKind.PERSON_DECEASED
    if outcome is VisitOutcome.MOVED and subject_nik is not None:
        return ProposalKind.PERSON_MOVED
    return _HOUSEHOLD_CHANGE[outcome]


def _today() -> datetime.date:
    return datetime.datetime.now(_WIT).date()


@strawberry.input(description="A verification visit (verval) to a registry household.")
class RecordVerificationVisitInput:
    household_id: strawberry.ID
    outcome: VisitOutcome
    subject_nik: NIK | None = strawberry.field(
        default=None,
        description="The member the outcome concerns; required when the outcome is DECEASED.",
    )
    visited_on: datetime.date = strawberry.field(description="Not in the future.")
    deceased_on: datetime.date | None = strawberry.field(
        default=None,
        description="For DECEASED: the day of death, not after the visit; defaults to the visit.",
    )
    officer: str = strawberry.field(description="The officer who made the visit.")
    notes: str | None = None
    idempotency_key: str = idempotency_key_field()

    def problem(self) -> InvalidInput | None:
        """The first rule the input breaks, or ``None``."""
        if problem := key_problem(self.idempotency_key):
            return problem
        if not self.officer.strip() or len(self.officer) > MAX_OFFICER:
            return invalid(f"The officer's name has 1 to {MAX_OFFICER} characters", "officer")
        if self.notes is not None and len(self.notes) > MAX_NOTES:
            return invalid(f"Notes have at most {MAX_NOTES} characters", "notes")
        if self.visited_on > _today():
            return invalid("The visit cannot lie in the future", "visitedOn")
        return self._death_problem()

    def _death_problem(self) -> InvalidInput | None:
        deceased = self.outcome is VisitOutcome.DECEASED
        if deceased and self.subject_nik is None:
            return invalid("A death concerns a member: give subjectNik", "subjectNik")
        if self.deceased_on is not None and not deceased:
            return invalid("deceasedOn is for the outcome DECEASED only", "deceasedOn")
        if self.deceased_on is not None and self.deceased_on > self.visited_on:
            return invalid("The day of death cannot follow the visit", "deceasedOn")
        return None

    def day_of_death(self) -> datetime.date | None:
        if self.outcome is not VisitOutcome.DECEASED:
            return None
        return self.deceased_on or self.visited_on
