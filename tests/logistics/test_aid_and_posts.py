"""Aid a household received, and what emergency posts hold."""

from typing import Any

from resolvers.logistics.enums import Item
from tests.conftest import GraphQLClient, SourceDatabases

AID_RECEIVED = """
query AidReceived($id: ID!) {
  household(id: $id) {
    aidReceived {
      id distributedOn villageCode
      items { item quantity }
      event { id }
      post { id event { id } }
      household { id }
    }
  }
}
"""

POST_STOCK = """
query PostStock($id: ID!) {
  disasterEvent(id: $id) { posts { id stock { item quantity } } }
}
"""


def _items(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"item": Item(row.item).name, "quantity": row.quantity} for row in rows]


async def test_household_aid_received_carries_items_event_and_post(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    household = int(
        await databases.value(
            "logistics",
            "SELECT household_id FROM aid_distributions GROUP BY household_id"
            " ORDER BY count(*) DESC, household_id LIMIT 1",
        )
    )
    stored = await databases.rows(
        "logistics",
        "SELECT d.*, p.event_id AS post_event_id FROM aid_distributions d"
        " JOIN emergency_posts p ON p.id = d.post_id"
        " WHERE d.household_id = :id ORDER BY d.distributed_on, d.id",
        id=household,
    )
    expected = []
    for row in stored:
        items = await databases.rows(
            "logistics",
            "SELECT item, quantity FROM distribution_items"
            " WHERE distribution_id = :id ORDER BY item",
            id=row.id,
        )
        expected.append(
            {
                "id": str(row.id),
                "distributedOn": str(row.distributed_on),
                "villageCode": row.village_code,
                "items": _items(items),
                "event": {"id": str(row.event_id)},
                "post": {"id": str(row.post_id), "event": {"id": str(row.post_event_id)}},
                "household": {"id": str(household)},
            }
        )
    aid = (await client.data(AID_RECEIVED, {"id": str(household)}))["household"]["aidReceived"]
    assert expected
    assert aid == expected


async def test_emergency_post_stock_is_what_the_post_holds(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    post, event = (
        await databases.rows(
            "logistics",
            "SELECT p.id, p.event_id FROM emergency_posts p"
            " WHERE p.id IN (SELECT post_id FROM stock_levels) ORDER BY p.id LIMIT 1",
        )
    )[0]
    rows = await databases.rows(
        "logistics",
        "SELECT item, quantity FROM stock_levels WHERE post_id = :id ORDER BY item",
        id=post,
    )
    posts = (await client.data(POST_STOCK, {"id": str(event)}))["disasterEvent"]["posts"]
    stock = next(entry["stock"] for entry in posts if entry["id"] == str(post))
    assert rows
    assert stock == _items(rows)
