"""What the hub asks of an institutions node: the records' shapes and every fetch it sends.

``REQUIRED`` lists each fetch once; the hub checks them against the node's SDL before it
relies on the node, so a node lacking a type, field or argument is found at start-up.
"""

from resolvers.remote_batch import Entities, Fetch, RootField
from resolvers.remote_records import DATE, INTEGER, TEXT, Shape, optional

INSTITUTION = Shape(
    {
        "id": INTEGER,
        "registration_number": TEXT,
        "name": TEXT,
        "kind": TEXT,
        "accreditation": TEXT,
        "village_code": TEXT,
        "address": TEXT,
        "capacity": INTEGER,
        "registered_on": DATE,
    }
)
PLACEMENT = Shape(
    {
        "id": INTEGER,
        "institution_id": INTEGER,
        "resident_nik": TEXT,
        "admitted_on": DATE,
        "discharged_on": optional(DATE),
        "reason": TEXT,
    }
)

INSTITUTION_FIELDS = Entities("Institution", INSTITUTION.selection)
INSTITUTION_SERVICES = Entities("Institution", "villageCode services")
_PLACEMENTS = f"{{ {PLACEMENT.selection} }}"
INSTITUTION_RESIDENTS = Entities("Institution", f"villageCode residents {_PLACEMENTS}")
INSTITUTION_OCCUPANCY = Entities("Institution", "villageCode occupancy")
# A resident is keyed by NIK; each placement carries the village of its institution.
RESIDENT_PLACEMENTS = Entities("Resident", f"placements {{ {PLACEMENT.selection} villageCode }}")

INSTITUTION_PAGE = RootField(
    "institutionPage",
    (("filter", "InstitutionFilter"), ("first", "Int!"), ("after", "Int")),
    f"{INSTITUTION.selection} services",
)
INSTITUTION_TALLY = RootField(
    "institutionTally", (("filter", "InstitutionFilter"),), "regionCodes count"
)

REQUIRED: tuple[Fetch, ...] = (
    INSTITUTION_FIELDS,
    INSTITUTION_SERVICES,
    INSTITUTION_RESIDENTS,
    INSTITUTION_OCCUPANCY,
    RESIDENT_PLACEMENTS,
    INSTITUTION_PAGE,
    INSTITUTION_TALLY,
)
