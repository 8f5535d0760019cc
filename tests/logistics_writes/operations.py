"""The logistics mutations as the tests send them, and their inputs."""

import uuid
from typing import Any

from resolvers.logistics.enums import Item

_ERRORS = "... on MutationError { code message } ... on InvalidInput { field }"
_SHORT = "... on InsufficientStock { item requested available }"

RECORD = f"""
mutation Record($input: RecordAidDistributionInput!) {{
  recordAidDistribution(input: $input) {{
    __typename
    ... on AidDistributionRecorded {{
      replayed
      distribution {{
        id villageCode distributedOn
        event {{ id }} post {{ id }} items {{ item quantity }}
      }}
    }}
    {_ERRORS} {_SHORT}
  }}
}}
"""

_SHIPMENT = "shipment { id status dispatchedOn receivedOn post { id } items { item quantity } }"

DISPATCH = f"""
mutation Dispatch($input: DispatchShipmentInput!) {{
  dispatchShipment(input: $input) {{
    __typename
    ... on ShipmentDispatched {{ replayed {_SHIPMENT} }}
    {_ERRORS} {_SHORT}
  }}
}}
"""

RECEIVE = f"""
mutation Receive($input: ReceiveShipmentInput!) {{
  receiveShipment(input: $input) {{
    __typename
    ... on ShipmentReceived {{ replayed {_SHIPMENT} }}
    {_ERRORS} ... on IllegalTransition {{ state }}
  }}
}}
"""


def new_key() -> str:
    return f"test-{uuid.uuid4().hex}"


def aid_input(
    event: int, post: int, household: int, items: dict[Item, int], key: str | None = None
) -> dict[str, Any]:
    return {
        "eventId": str(event),
        "postId": str(post),
        "householdId": str(household),
        "items": lines(items),
        "idempotencyKey": key or new_key(),
    }


def dispatch_input(
    warehouse: int, post: int, items: dict[Item, int], key: str | None = None
) -> dict[str, Any]:
    return {
        "warehouseId": str(warehouse),
        "postId": str(post),
        "items": lines(items),
        "idempotencyKey": key or new_key(),
    }


def receive_input(shipment: int, key: str | None = None) -> dict[str, Any]:
    return {"shipmentId": str(shipment), "idempotencyKey": key or new_key()}


def lines(items: dict[Item, int]) -> list[dict[str, Any]]:
    return [{"item": item.name, "quantity": quantity} for item, quantity in items.items()]
