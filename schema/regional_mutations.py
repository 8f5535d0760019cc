"""Mutations of the regional agency."""

import strawberry

from schema.complaint_mutations import ComplaintMutation
from schema.verification_mutations import VerificationMutation


@strawberry.type
class RegionalMutation(ComplaintMutation, VerificationMutation):
    pass
