"""DTSEN, the national social-economic registry (successor of DTKS): households,
persons, programme enrolments and disbursements."""

AGENCY = "registry"
