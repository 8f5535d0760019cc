"""Mutations of the registry agency."""

import strawberry


@strawberry.type
class RegistryMutation:
    pass
