"""What the logistics mutations return: the record written, or why nothing was."""

from typing import Annotated

import strawberry

from resolvers.logistics.enums import Item
from resolvers.logistics.ledger import Shortage
from resolvers.logistics.outcomes import KeyTaken, Missing, ReceiptRefusal, Rejected, StockRefusal
from schema.logistics import AidDistribution
from schema.logistics_shipments import Shipment
from schema.results import (
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidInput,
    MutationError,
    NotFound,
    illegal,
    invalid,
    key_reused,
    not_found,
)


@strawberry.type(description="The place holds less of an item than asked; nothing was taken.")
class InsufficientStock(MutationError):
    item: Item
    requested: int
    available: int


@strawberry.type(description="Aid recorded as handed out, and taken from the post's stock.")
class AidDistributionRecorded:
    distribution: AidDistribution
    replayed: bool = strawberry.field(description="True when this key was used before.")


@strawberry.type(description="A shipment on its way, its items taken from the warehouse.")
class ShipmentDispatched:
    shipment: Shipment
    replayed: bool = strawberry.field(description="True when this key was used before.")


@strawberry.type(description="A shipment arrived, its items added to the post's stock.")
class ShipmentReceived:
    shipment: Shipment
    replayed: bool = strawberry.field(description="True when this key was used before.")


StockFailure = InsufficientStock | NotFound | InvalidInput | IdempotencyKeyReused
ReceiptFailure = NotFound | IllegalTransition | InvalidInput | IdempotencyKeyReused

RecordAidDistributionResult = Annotated[
    AidDistributionRecorded | StockFailure, strawberry.union("RecordAidDistributionResult")
]
DispatchShipmentResult = Annotated[
    ShipmentDispatched | StockFailure, strawberry.union("DispatchShipmentResult")
]
ReceiveShipmentResult = Annotated[
    ShipmentReceived | ReceiptFailure, strawberry.union("ReceiveShipmentResult")
]


def stock_failure(refusal: StockRefusal) -> StockFailure:
    if isinstance(refusal, Shortage):
        return InsufficientStock(
            code="INSUFFICIENT_STOCK",
            message=(
                f"Only {refusal.available} of {refusal.item.name} in stock,"
                f" {refusal.requested} asked"
            ),
            item=refusal.item,
            requested=refusal.requested,
            available=refusal.available,
        )
    return _failure(refusal)


def receipt_failure(refusal: ReceiptRefusal) -> ReceiptFailure:
    if isinstance(refusal, Missing | KeyTaken):
        return _failure(refusal)
    return illegal(refusal.state.name, "receive a shipment")


def _failure(
    refusal: Missing | Rejected | KeyTaken,
) -> NotFound | InvalidInput | IdempotencyKeyReused:
    if isinstance(refusal, Missing):
        return not_found(refusal.what)
    if isinstance(refusal, Rejected):
        return invalid(refusal.message, refusal.field)
    return key_reused()
