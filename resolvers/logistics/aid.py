"""Aid handed to households at the posts, and the shipments that stocked the posts."""

import math
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from resolvers.bulk_insert import Row
from resolvers.logistics.enums import DisasterKind, Item, ShipmentStatus
from resolvers.logistics.events import Event, Post
from resolvers.population import LAST_DAY, Population, SeedHousehold, random_date

REACHED_SHARE = 0.6
ITEMS_PER_HANDOUT = (1, 4)

_ITEMS_BY_KIND = {
    DisasterKind.BANJIR: (
        Item.MAKANAN_SIAP_SAJI,
        Item.LAUK_PAUK,
        Item.SELIMUT,
        Item.FAMILY_KIT,
        Item.KIDS_WARE,
        Item.SANDANG,
        Item.KASUR,
    ),
    DisasterKind.TANAH_LONGSOR: (
        Item.MAKANAN_SIAP_SAJI,
        Item.TENDA_KELUARGA,
        Item.SELIMUT,
        Item.FAMILY_KIT,
        Item.LAUK_PAUK,
    ),
    DisasterKind.GEMPA_BUMI: (
        Item.TENDA_KELUARGA,
        Item.TENDA_GULUNG,
        Item.SELIMUT,
        Item.FAMILY_KIT,
        Item.MAKANAN_SIAP_SAJI,
        Item.KASUR,
    ),
    DisasterKind.ERUPSI_GUNUNG_API: (
        Item.MAKANAN_SIAP_SAJI,
        Item.SELIMUT,
        Item.FAMILY_KIT,
        Item.TENDA_GULUNG,
        Item.LAUK_PAUK,
    ),
    DisasterKind.KEBAKARAN: (
        Item.FAMILY_KIT,
        Item.SANDANG,
        Item.KASUR,
        Item.SELIMUT,
        Item.MAKANAN_SIAP_SAJI,
        Item.TENDA_KELUARGA,
    ),
    DisasterKind.ANGIN_PUTING_BELIUNG: (
        Item.TENDA_GULUNG,
        Item.FAMILY_KIT,
        Item.MAKANAN_SIAP_SAJI,
        Item.LAUK_PAUK,
    ),
    DisasterKind.KEKERINGAN: (Item.BERAS, Item.LAUK_PAUK, Item.MAKANAN_SIAP_SAJI),
    DisasterKind.TSUNAMI: tuple(Item),
}
# Per household and event, each item is handed out once (the quota), in these amounts.
_QUANTITY: dict[Item, Callable[[int], int]] = {
    Item.MAKANAN_SIAP_SAJI: lambda size: min(24, 3 * size),
    Item.LAUK_PAUK: lambda size: 1 + size // 4,
    Item.BERAS: lambda size: 10,
    Item.FAMILY_KIT: lambda size: 1,
    Item.KIDS_WARE: lambda size: 1,
    Item.TENDA_GULUNG: lambda size: 1,
    Item.TENDA_KELUARGA: lambda size: 1,
    Item.SELIMUT: lambda size: size,
    Item.KASUR: lambda size: 1 + size // 3,
    Item.SANDANG: lambda size: size,
}
_SPARE = (0.1, 0.4)
_RESUPPLY_IN_TRANSIT = 0.5


class AidRows:
    def __init__(self) -> None:
        self.distributions: list[Row] = []
        self.distribution_items: list[Row] = []
        self.shipments: list[Row] = []
        self.shipment_items: list[Row] = []
        # (post id, item) -> quantity left at the post
        self.post_stock: dict[tuple[int, str], int] = {}
        self._handed_out: dict[int, Counter[str]] = {}

    def hand_out(
        self, event: Event, post: Post, household: SeedHousehold, items: dict[Item, int], day: date
    ) -> None:
        distribution_id = len(self.distributions) + 1
        self.distributions.append(
            {
                "id": distribution_id,
                "event_id": event.id,
                "post_id": post.id,
                "household_id": household.id,
                "village_code": household.village_code,
                "distributed_on": day,
            }
        )
        handed = self._handed_out.setdefault(post.id, Counter())
        for item, quantity in items.items():
            self.distribution_items.append(
                {"distribution_id": distribution_id, "item": item.value, "quantity": quantity}
            )
            handed[item.value] += quantity

    def stock_posts(
        self, rng: random.Random, events: list[Event], warehouse_of: Callable[[str], int]
    ) -> None:
        """Ship each post what it handed out plus a spare, so what is left is never negative."""
        for event in events:
            for post in event.posts:
                handed = self._handed_out.get(post.id)
                if not handed:
                    continue
                warehouse = warehouse_of(post.village_code)
                received = {
                    item: total + math.ceil(total * rng.uniform(*_SPARE))
                    for item, total in sorted(handed.items())
                }
                self._ship(post, warehouse, received, post.opened_on, ShipmentStatus.DITERIMA)
                for item, quantity in received.items():
                    self.post_stock[post.id, item] = quantity - handed[item]
                if event.ended_on is None and rng.random() < _RESUPPLY_IN_TRANSIT:
                    resupply = {item: max(1, total // 2) for item, total in received.items()}
                    dispatched = random_date(rng, post.opened_on, LAST_DAY)
                    self._ship(post, warehouse, resupply, dispatched, ShipmentStatus.DIKIRIM)

    def _ship(
        self,
        post: Post,
        warehouse: int,
        items: dict[str, int],
        dispatched: date,
        status: ShipmentStatus,
    ) -> None:
        shipment_id = len(self.shipments) + 1
        received = status is ShipmentStatus.DITERIMA
        self.shipments.append(
            {
                "id": shipment_id,
                "warehouse_id": warehouse,
                "post_id": post.id,
                "status": status.value,
                "dispatched_on": dispatched,
                "received_on": dispatched + timedelta(days=1) if received else None,
            }
        )
        self.shipment_items.extend(
            {"shipment_id": shipment_id, "item": item, "quantity": quantity}
            for item, quantity in items.items()
        )


def distribute(rng: random.Random, population: Population, events: list[Event]) -> AidRows:
    rows = AidRows()
    twice = population.defects.double_aid_households
    for event in events:
        if not event.posts:
            continue
        for household in population.households:
            if not event.covers(household.village_code):
                continue
            if household.id not in twice and rng.random() >= REACHED_SHARE:
                continue
            _give(rng, rows, event, household, twice=household.id in twice)
    return rows


def _give(
    rng: random.Random, rows: AidRows, event: Event, household: SeedHousehold, *, twice: bool
) -> None:
    post = _nearest_post(rng, event, household.village_code)
    kinds = _ITEMS_BY_KIND[event.kind]
    chosen = rng.sample(
        kinds, rng.randint(ITEMS_PER_HANDOUT[0], min(ITEMS_PER_HANDOUT[1], len(kinds)))
    )
    size = len(household.members)
    # Shipments arrive the day after a post opens; handing out starts then.
    first = post.opened_on + timedelta(days=1)
    day = random_date(rng, first, event.last_aid_day)
    rows.hand_out(event, post, household, {item: _QUANTITY[item](size) for item in chosen}, day)
    if twice:
        # The same item again, at another post where nobody checked the first handout.
        again = rng.choice(event.posts)
        item = chosen[0]
        later = random_date(rng, max(day, again.opened_on + timedelta(days=1)), event.last_aid_day)
        rows.hand_out(event, again, household, {item: _QUANTITY[item](size)}, later)


def _nearest_post(rng: random.Random, event: Event, village_code: str) -> Post:
    for prefix_length in (13, 8, 5):
        near = [
            post
            for post in event.posts
            if post.village_code[:prefix_length] == village_code[:prefix_length]
        ]
        if near:
            return rng.choice(near)
    return rng.choice(event.posts)
