"""Inputs of the logistics mutations, and the checks the schema cannot express.

Each input parses into the request its write needs, or raises ``Invalid`` carrying the
``InvalidInput`` result to return.
"""

from dataclasses import dataclass

import strawberry

from resolvers.errors import BadUserInput
from resolvers.logistics.enums import Item
from resolvers.logistics.writes import Consignment, Handout, Lines
from schema.idempotent_writes import idempotency_key_field, key_problem
from schema.ids import parse_id
from schema.results import InvalidInput, invalid

MAX_LINES = 20
MAX_QUANTITY = 10_000


class Invalid(Exception):
    def __init__(self, result: InvalidInput) -> None:
        super().__init__(result.message)
        self.result = result


@strawberry.input(description="A quantity of one relief item.")
class ItemQuantityInput:
    item: Item
    quantity: int = strawberry.field(description=f"From 1 to {MAX_QUANTITY}.")


@dataclass(frozen=True, slots=True)
class AidOrder:
    """A parsed ``recordAidDistribution``: the household's village comes from the registry."""

    event_id: int
    post_id: int
    household_id: int
    items: Lines
    key: str

    def handout(self, village_code: str) -> Handout:
        return Handout(self.event_id, self.post_id, self.household_id, village_code, self.items)


@strawberry.input(description="Aid handed to a household at an emergency post.")
class RecordAidDistributionInput:
    event_id: strawberry.ID
    post_id: strawberry.ID = strawberry.field(description="An open post of that event.")
    household_id: strawberry.ID = strawberry.field(description="A registry household.")
    items: list[ItemQuantityInput] = strawberry.field(
        description=f"One line per item, at most {MAX_LINES}."
    )
    idempotency_key: str = idempotency_key_field()

    def parsed(self) -> AidOrder:
        return AidOrder(
            event_id=_id(self.event_id, "eventId"),
            post_id=_id(self.post_id, "postId"),
            household_id=_id(self.household_id, "householdId"),
            items=_lines(self.items),
            key=_key(self.idempotency_key),
        )


@strawberry.input(description="Relief items sent from a warehouse to an emergency post.")
class DispatchShipmentInput:
    warehouse_id: strawberry.ID
    post_id: strawberry.ID = strawberry.field(description="An open post.")
    items: list[ItemQuantityInput] = strawberry.field(
        description=f"One line per item, at most {MAX_LINES}."
    )
    idempotency_key: str = idempotency_key_field()

    def parsed(self) -> tuple[Consignment, str]:
        consignment = Consignment(
            warehouse_id=_id(self.warehouse_id, "warehouseId"),
            post_id=_id(self.post_id, "postId"),
            items=_lines(self.items),
        )
        return consignment, _key(self.idempotency_key)


@strawberry.input(description="A shipment that arrived at its emergency post.")
class ReceiveShipmentInput:
    shipment_id: strawberry.ID
    idempotency_key: str = idempotency_key_field()

    def parsed(self) -> tuple[int, str]:
        return _id(self.shipment_id, "shipmentId"), _key(self.idempotency_key)


def _id(value: strawberry.ID, field: str) -> int:
    try:
        return parse_id(value, field)
    except BadUserInput:
        raise Invalid(invalid("Not a valid id", field)) from None


def _key(value: str) -> str:
    problem = key_problem(value)
    if problem is not None:
        raise Invalid(problem)
    return value


def _lines(lines: list[ItemQuantityInput]) -> Lines:
    if not 1 <= len(lines) <= MAX_LINES:
        raise Invalid(invalid(f"Give from 1 to {MAX_LINES} item lines", "items"))
    items: dict[Item, int] = {}
    for line in lines:
        if line.item in items:
            raise Invalid(invalid(f"Item {line.item.name} is listed twice", "items"))
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise Invalid(invalid(f"Quantities run from 1 to {MAX_QUANTITY}", "items"))
        items[line.item] = line.quantity
    return items
