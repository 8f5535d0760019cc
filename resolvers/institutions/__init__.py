"""Registered welfare institutions: LKS, Karang Taruna and PSKS, with placed residents."""

AGENCY = "institutions"
