"""What a logistics write comes to: the record written, or why nothing was."""

from dataclasses import dataclass

from resolvers.logistics.enums import ShipmentStatus
from resolvers.logistics.ledger import Shortage


@dataclass(frozen=True, slots=True)
class Written:
    """The record written (or written before, when ``replayed``)."""

    id: int
    replayed: bool


@dataclass(frozen=True, slots=True)
class Missing:
    """No such record in the caller's regions."""

    what: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """The input names records that exist but cannot be used this way."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class WrongState:
    state: ShipmentStatus


@dataclass(frozen=True, slots=True)
class KeyTaken:
    """The idempotency key was used before with other input."""


# Why a write that moves stock out (a handout, a dispatch) wrote nothing.
StockRefusal = Missing | Rejected | Shortage | KeyTaken
# Why receiving a shipment wrote nothing.
ReceiptRefusal = Missing | WrongState | KeyTaken
