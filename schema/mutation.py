"""The root Mutation, composed from the agencies' mutation classes."""

from typing import Any

from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from schema.logistics_mutations import LogisticsMutation
from schema.regional_mutations import RegionalMutation
from schema.registry_mutations import RegistryMutation

_DOMAINS: tuple[type, ...] = (RegistryMutation, RegionalMutation, LogisticsMutation)


def _has_fields(domain: type) -> bool:
    definition = get_object_definition(domain, strict=True)
    return bool(definition.fields)


def root_mutation() -> Any:
    """The Mutation type, or ``None`` while no agency defines a mutation."""
    domains = tuple(domain for domain in _DOMAINS if _has_fields(domain))
    return merge_types("Mutation", domains) if domains else None
