"""What the hub asks of a registry node: the records' shapes and every fetch it sends.

``REQUIRED`` lists each fetch once; the hub checks them against the node's SDL before it
relies on the node, so a node lacking a type, field or argument is found at start-up.
Personal values (NIK, names, birth dates, accounts) come unmasked, to the hub only: it
masks, refuses and audits them for its callers as it does for a database.
"""

from resolvers.registry import enums
from resolvers.remote_batch import Entities, Fetch, RootField
from resolvers.remote_records import DATE, INTEGER, MOMENT, TEXT, Shape, one_of, optional

HOUSEHOLD = Shape(
    {
        "id": INTEGER,
        "no_kk": TEXT,
        "address": TEXT,
        "village_code": TEXT,
        "decile": INTEGER,
        "status": one_of(enums.HouseholdStatus),
        "registered_on": DATE,
        "updated_at": MOMENT,
    }
)
PERSON = Shape(
    {
        "id": INTEGER,
        "nik": TEXT,
        "household_id": INTEGER,
        "name": TEXT,
        "sex": one_of(enums.Sex),
        "birth_place": TEXT,
        "birth_date": DATE,
        "relationship": one_of(enums.Relationship),
        "disability": optional(one_of(enums.Disability)),
        "status": one_of(enums.PersonStatus),
        "deceased_on": optional(DATE),
        # The household's: it decides whether the caller may see the person.
        "village_code": TEXT,
    }
)
ENROLMENT = Shape(
    {
        "id": INTEGER,
        "household_id": INTEGER,
        "programme": one_of(enums.Programme),
        "status": one_of(enums.EnrolmentStatus),
        "started_on": DATE,
        "ended_on": optional(DATE),
    }
)
COMPONENT = Shape(
    {
        "id": INTEGER,
        "enrolment_id": INTEGER,
        "component": one_of(enums.PkhComponent),
        "person_id": optional(INTEGER),
        "yearly_amount": INTEGER,
    }
)
DISBURSEMENT = Shape(
    {
        "id": INTEGER,
        "enrolment_id": INTEGER,
        "household_id": INTEGER,
        "period": TEXT,
        "amount": INTEGER,
        "channel": one_of(enums.Channel),
        "bank_account": optional(TEXT),
        "status": one_of(enums.DisbursementStatus),
        "disbursed_on": optional(DATE),
        "programme": one_of(enums.Programme),
    }
)
PROPOSAL = Shape(
    {
        "id": INTEGER,
        "household_id": INTEGER,
        "village_code": TEXT,
        "subject_nik": optional(TEXT),
        "kind": one_of(enums.ProposalKind),
        "deceased_on": optional(DATE),
        "state": one_of(enums.ProposalState),
        "source_visit_id": INTEGER,
        "proposed_by": TEXT,
        "proposed_at": MOMENT,
        "decided_by": optional(TEXT),
        "decided_at": optional(MOMENT),
        "reason": optional(TEXT),
    }
)

_TALLY = "regionCodes count"


def _held(name: str, shape: Shape) -> str:
    """A household's records with the household's village, which decides their region."""
    return f"villageCode {name} {{ {shape.selection} }}"


HOUSEHOLD_FIELDS = Entities("Household", HOUSEHOLD.selection)
MEMBERS = Entities("Household", _held("members", PERSON))
ENROLMENTS = Entities("Household", _held("enrolments", ENROLMENT))
DISBURSEMENTS = Entities("Household", _held("disbursements", DISBURSEMENT))
PROPOSALS_OF_HOUSEHOLD = Entities("Household", _held("updateProposals", PROPOSAL))
PERSON_FIELDS = Entities("Person", PERSON.selection)
COMPONENTS = Entities("Enrolment", _held("components", COMPONENT))
PROPOSAL_FIELDS = Entities("UpdateProposal", PROPOSAL.selection)

_PAGED = (("first", "Int!"), ("after", "Int"))
HOUSEHOLD_PAGE = RootField(
    "householdPage", (("filter", "HouseholdFilter"), *_PAGED), HOUSEHOLD.selection
)
HOUSEHOLD_TALLY = RootField("householdTally", (("filter", "HouseholdFilter"),), _TALLY)
PERSON_PAGE = RootField("personPage", (("filter", "PersonFilter"), *_PAGED), PERSON.selection)
PERSON_TALLY = RootField("personTally", (("filter", "PersonFilter"),), _TALLY)
PERSONS_WITH_NIK = RootField("personsWithNik", (("nik", "String!"),), PERSON.selection)
PROPOSAL_PAGE = RootField(
    "updateProposalPage", (("filter", "UpdateProposalFilter"), *_PAGED), PROPOSAL.selection
)
PROPOSAL_TALLY = RootField("updateProposalTally", (("filter", "UpdateProposalFilter"),), _TALLY)
PROPOSAL_OF_VISIT = RootField("updateProposalOfVisit", (("visitId", "ID!"),), PROPOSAL.selection)

REQUIRED: tuple[Fetch, ...] = (
    HOUSEHOLD_FIELDS,
    MEMBERS,
    ENROLMENTS,
    DISBURSEMENTS,
    PROPOSALS_OF_HOUSEHOLD,
    PERSON_FIELDS,
    COMPONENTS,
    PROPOSAL_FIELDS,
    HOUSEHOLD_PAGE,
    HOUSEHOLD_TALLY,
    PERSON_PAGE,
    PERSON_TALLY,
    PERSONS_WITH_NIK,
    PROPOSAL_PAGE,
    PROPOSAL_TALLY,
    PROPOSAL_OF_VISIT,
)
