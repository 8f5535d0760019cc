"""A write sent to the agency's node whose answer is lost is retried under its key: the node
replays it, and the handout is recorded and its stock taken once. A node that answers a
write out of shape makes the agency unavailable, and the node runs a write only for a
caller holding its scope."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from auth.caller_context import Write
from auth.principal import Principal
from auth.regions import RegionScope
from gateway.settings import Settings
from resolvers.logistics.enums import Item
from resolvers.remote_writes import WRITE
from tests.conftest import GraphQLClient, mint
from tests.logistics_writes.conftest import WRITE_SCOPES
from tests.logistics_writes.operations import RECORD
from tests.logistics_writes.support import Household, Logistics
from tests.remote.support import (
    answering_node,
    caller_token,
    hub_with_node,
    losing_answers,
    node_source,
    post_to_node,
    serving,
)

MEALS = Item.MAKANAN_SIAP_SAJI


@asynccontextmanager
async def _writer(settings: Settings, url: str, home: Household) -> AsyncIterator[GraphQLClient]:
    async with hub_with_node(settings, node_source(url, retries=2)) as (app, http):
        token = mint(app, scopes=WRITE_SCOPES, regions=[home.regency], subject="node-retrier")
        yield GraphQLClient(http, token)


async def test_a_lost_answer_is_retried_and_the_node_replays_the_write(
    settings: Settings, logistics_node: str, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 10})
    proxy, writes = losing_answers(logistics_node, lost=1)
    with serving(proxy) as url:
        async with _writer(settings, url, home) as writer:
            body = await writer.post(RECORD, {"input": site.aid({MEALS: 4})})
    result = body["data"]["recordAidDistribution"]
    assert result["__typename"] == "AidDistributionRecorded"
    # The node did the work on the first call; the retry found the key and replayed it.
    assert writes == [200, 200]
    assert result["replayed"] is True
    assert len(await logistics.distributions(site.post)) == 1
    assert await logistics.quantity(site.place, MEALS) == 6


async def test_when_every_answer_is_lost_a_retry_with_the_key_tells_what_happened(
    settings: Settings, logistics_node: str, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 10})
    aid = site.aid({MEALS: 4})
    proxy, writes = losing_answers(logistics_node, lost=3)
    with serving(proxy) as url:
        async with _writer(settings, url, home) as writer:
            lost = await writer.post(RECORD, {"input": aid})
            again = await writer.post(RECORD, {"input": aid})
    assert lost["data"] == {"recordAidDistribution": None}
    assert [error["extensions"] for error in lost["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
    ]
    assert again["data"]["recordAidDistribution"]["replayed"] is True
    assert len(writes) == 4
    assert len(await logistics.distributions(site.post)) == 1
    assert await logistics.quantity(site.place, MEALS) == 6


async def test_a_write_answered_out_of_shape_makes_the_agency_unavailable(
    settings: Settings, logistics: Logistics, home: Household
) -> None:
    site = await logistics.site(home)
    await logistics.stock(site.place, {MEALS: 10})
    with serving(answering_node("logistics", {})) as url:
        async with _writer(settings, url, home) as writer:
            body = await writer.post(RECORD, {"input": site.aid({MEALS: 4})})
    assert body["data"] == {"recordAidDistribution": None}
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "logistics"}
    ]
    assert await logistics.distributions(site.post) == []


RECEIPT = {
    "operation": "receiveShipment",
    "key": "direct-0000001",
    "fingerprint": "0" * 64,
    "arguments": {"shipment": 1},
}


async def _write_at(
    node: str, settings: Settings, scopes: frozenset[str], write: Write | None
) -> dict[str, Any]:
    principal = Principal("dinsos", scopes, RegionScope.of(["*"]), "verval")
    token = caller_token(settings, "logistics", principal, write)
    return await post_to_node(node, WRITE, RECEIPT, token)


def _codes(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


async def test_the_node_runs_a_write_only_for_a_caller_holding_its_scope(
    settings: Settings, logistics_node: str
) -> None:
    reader = await _write_at(
        logistics_node, settings, frozenset({"logistics:read"}), ("receiveShipment", "0" * 64)
    )
    assert reader["data"] is None
    assert _codes(reader) == ["FORBIDDEN"]


async def test_the_node_runs_a_write_only_under_a_token_made_for_it(
    settings: Settings, logistics_node: str
) -> None:
    writer = frozenset({"logistics:read", "logistics:write"})
    for made_for in (None, ("receiveShipment", "1" * 64), ("dispatchShipment", "0" * 64)):
        refused = await _write_at(logistics_node, settings, writer, made_for)
        assert refused["data"] is None, made_for
        assert _codes(refused) == ["FORBIDDEN"], made_for
    # Made for this write, the token is taken: the node runs it (and finds no such shipment
    # in a dispatched state to receive, or replays the key).
    taken = await _write_at(logistics_node, settings, writer, ("receiveShipment", "0" * 64))
    assert _codes(taken) == []
    assert set(taken["data"]["agencyWrite"]) & {"stored", "refused", "keyReused"}
