"""Mutations of the logistics agency."""

import strawberry


@strawberry.type
class LogisticsMutation:
    pass
