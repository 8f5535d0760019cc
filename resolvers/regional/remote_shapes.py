"""What the hub asks of a regional node: the records' shapes and every fetch it sends.

``REQUIRED`` lists each fetch once; the hub checks them against the node's SDL before it
relies on the node, so a node lacking a type, field or argument is found at start-up.
"""

from resolvers.remote_batch import Entities, Fetch, RootField
from resolvers.remote_records import DATE, INTEGER, TEXT, Shape, optional

OFFICE = Shape({"id": INTEGER, "name": TEXT, "address": TEXT, "phone": TEXT, "region_code": TEXT})
VISIT = Shape(
    {
        "id": INTEGER,
        "office_id": INTEGER,
        "household_id": INTEGER,
        "subject_nik": optional(TEXT),
        "village_code": TEXT,
        "visited_on": DATE,
        "outcome": TEXT,
        "officer": TEXT,
        "notes": TEXT,
    }
)
CASE = Shape(
    {
        "id": INTEGER,
        "office_id": INTEGER,
        "client_nik": TEXT,
        "village_code": TEXT,
        "cluster": TEXT,
        "status": TEXT,
        "opened_on": DATE,
        "closed_on": optional(DATE),
        "services": TEXT,
    }
)
COMPLAINT = Shape(
    {
        "id": INTEGER,
        "kind": TEXT,
        "village_code": TEXT,
        "household_id": optional(INTEGER),
        "channel": TEXT,
        "summary": TEXT,
        "status": TEXT,
        "filed_on": DATE,
        "due_on": optional(DATE),
        "resolved_on": optional(DATE),
    }
)
KUBE_GROUP = Shape(
    {"id": INTEGER, "name": TEXT, "business": TEXT, "formed_on": DATE, "village_code": TEXT}
)
KUBE_MEMBER = Shape({"id": INTEGER, "member_nik": TEXT, "role": TEXT})
# An amount in rupiah may exceed GraphQL's Int: the node sends it as a decimal string.
KUBE_GRANT = Shape({"id": INTEGER, "amount": INTEGER, "granted_on": DATE})

_TALLY = "regionCodes count"
_PAGED = (("first", "Int!"), ("after", "Int"))


def _listed(name: str, filter_type: str, selection: str) -> tuple[RootField, RootField]:
    """A list's page and tally fields."""
    filtered = (("filter", filter_type),)
    return (
        RootField(f"{name}Page", (*filtered, *_PAGED), selection),
        RootField(f"{name}Tally", filtered, _TALLY),
    )


OFFICE_FIELDS = Entities("SocialOffice", OFFICE.selection)
VISIT_FIELDS = Entities("VerificationVisit", VISIT.selection)
VISITS_OF_HOUSEHOLD = Entities("Household", f"verificationVisits {{ {VISIT.selection} }}")
KUBE_MEMBERS = Entities("KubeGroup", f"villageCode members {{ {KUBE_MEMBER.selection} }}")
KUBE_GRANTS = Entities("KubeGroup", f"villageCode grants {{ {KUBE_GRANT.selection} }}")
OFFICE_OF_REGION = RootField("socialOfficeOfRegion", (("regionCode", "String!"),), OFFICE.selection)
CASES_OF_PERSON = RootField("rehabilitationCasesOf", (("clientNik", "String!"),), CASE.selection)

OFFICE_PAGE, OFFICE_TALLY = _listed("socialOffice", "SocialOfficeFilter", OFFICE.selection)
VISIT_PAGE, VISIT_TALLY = _listed("verificationVisit", "VerificationVisitFilter", VISIT.selection)
CASE_PAGE, CASE_TALLY = _listed("rehabilitationCase", "RehabilitationCaseFilter", CASE.selection)
COMPLAINT_PAGE, COMPLAINT_TALLY = _listed("complaint", "ComplaintFilter", COMPLAINT.selection)
KUBE_GROUP_PAGE, KUBE_GROUP_TALLY = _listed("kubeGroup", "KubeGroupFilter", KUBE_GROUP.selection)

REQUIRED: tuple[Fetch, ...] = (
    OFFICE_FIELDS,
    VISIT_FIELDS,
    VISITS_OF_HOUSEHOLD,
    KUBE_MEMBERS,
    KUBE_GRANTS,
    OFFICE_OF_REGION,
    CASES_OF_PERSON,
    OFFICE_PAGE,
    OFFICE_TALLY,
    VISIT_PAGE,
    VISIT_TALLY,
    CASE_PAGE,
    CASE_TALLY,
    COMPLAINT_PAGE,
    COMPLAINT_TALLY,
    KUBE_GROUP_PAGE,
    KUBE_GROUP_TALLY,
)
