"""Mutations of the regional agency."""

import strawberry


@strawberry.type
class RegionalMutation:
    pass
