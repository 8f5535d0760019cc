"""Mutations of the logistics agency: aid handed out at posts, and shipments that stock
the posts. Each is idempotent under the client's key and on the audit record.

When the agency runs its own node, each write is sent there and runs there as the same
transaction, under the caller's client id, key and regions (``resolvers.agency_writes``).

A replay returns the record written under the key as the caller may see it now: when its
token no longer covers the record's region, that is ``NotFound`` like any other record.
"""

import strawberry

from auth.scopes import write
from resolvers.logistics import AGENCY
from resolvers.logistics.outcomes import Written
from resolvers.logistics.writes import LogisticsWrites
from schema.context import Info
from schema.logistics import AidDistribution
from schema.logistics_inputs import (
    DispatchShipmentInput,
    Invalid,
    ReceiveShipmentInput,
    RecordAidDistributionInput,
)
from schema.logistics_payloads import (
    AidDistributionRecorded,
    DispatchShipmentResult,
    ReceiveShipmentResult,
    RecordAidDistributionResult,
    ShipmentDispatched,
    ShipmentReceived,
    receipt_failure,
    stock_failure,
)
from schema.logistics_shipments import Shipment
from schema.protection import Unauthenticated, requires
from schema.results import not_found


@strawberry.type
class LogisticsMutation:
    @requires(
        write("logistics"),
        description=(
            "Record aid handed to a registry household at an open emergency post, taking it"
            " from the post's stock: all of it, or nothing when an item is short."
        ),
    )
    async def record_aid_distribution(
        self, info: Info, input: RecordAidDistributionInput
    ) -> RecordAidDistributionResult | None:
        try:
            order = input.parsed()
        except Invalid as invalid:
            return invalid.result
        household = await info.context.registry.household.load(order.household_id)
        if household is None:
            return not_found("household")
        handout = order.handout(household.village_code)
        outcome = await _writes(info).record_distribution(handout, order.key)
        if not isinstance(outcome, Written):
            return stock_failure(outcome)
        row = await info.context.logistics.distribution.load(outcome.id)
        if row is None:
            return not_found("aid distribution")
        _audit(info, ("household", order.household_id), "recordAidDistribution", order.key)
        return AidDistributionRecorded(
            distribution=AidDistribution.of(row), replayed=outcome.replayed
        )

    @requires(
        write("logistics"),
        description=(
            "Send relief items from a warehouse to an open emergency post, taking them from"
            " the warehouse's stock: all of them, or nothing when an item is short."
        ),
    )
    async def dispatch_shipment(
        self, info: Info, input: DispatchShipmentInput
    ) -> DispatchShipmentResult | None:
        try:
            consignment, key = input.parsed()
        except Invalid as invalid:
            return invalid.result
        outcome = await _writes(info).dispatch_shipment(consignment, key)
        if not isinstance(outcome, Written):
            return stock_failure(outcome)
        shipment = await _shipment(info, outcome, "dispatchShipment", key)
        if shipment is None:
            return not_found("shipment")
        return ShipmentDispatched(shipment=shipment, replayed=outcome.replayed)

    @requires(
        write("logistics"),
        description=(
            "Mark a dispatched shipment as arrived and add its items to the post's stock."
        ),
    )
    async def receive_shipment(
        self, info: Info, input: ReceiveShipmentInput
    ) -> ReceiveShipmentResult | None:
        try:
            shipment_id, key = input.parsed()
        except Invalid as invalid:
            return invalid.result
        outcome = await _writes(info).receive_shipment(shipment_id, key)
        if not isinstance(outcome, Written):
            return receipt_failure(outcome)
        shipment = await _shipment(info, outcome, "receiveShipment", key)
        if shipment is None:
            return not_found("shipment")
        return ShipmentReceived(shipment=shipment, replayed=outcome.replayed)


def _writes(info: Info) -> LogisticsWrites:
    principal = info.context.principal
    if principal.client_id is None:
        raise Unauthenticated("A token is required for this field")
    return LogisticsWrites(info.context.write)


def _audit(info: Info, subject: tuple[str, int], action: str, key: str) -> None:
    kind, key_of_subject = subject
    info.context.audit.note_write(AGENCY, (kind, str(key_of_subject)), action, key)


async def _shipment(info: Info, written: Written, action: str, key: str) -> Shipment | None:
    row = await info.context.logistics.shipment.load(written.id)
    if row is None:
        return None
    _audit(info, ("shipment", written.id), action, key)
    return Shipment.of(row)
