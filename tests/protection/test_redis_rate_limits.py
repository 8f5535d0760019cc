"""Rate limits shared through a real redis-server, and the fall-back when it goes away."""

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from gateway.ratelimit import RedisBuckets, bucket_store
from gateway.settings import Settings
from resolvers.population import Population
from tests.protection.support import (
    RedisServer,
    assert_typed_json_error,
    graphql,
    http_from,
    register,
    separate_app,
    token_of,
)

WHO = "{ me { clientId } }"


@asynccontextmanager
async def redis_buckets(url: str) -> AsyncIterator[RedisBuckets]:
    store = bucket_store(url)
    assert isinstance(store, RedisBuckets)
    try:
        yield store
    finally:
        await store.close()


def _key() -> str:
    return f"client:test-{uuid.uuid4().hex}"


async def test_two_instances_share_one_bucket_in_redis(redis_server: RedisServer) -> None:
    key = _key()
    async with redis_buckets(redis_server.url) as one, redis_buckets(redis_server.url) as two:
        decisions = [await (one, two, one, two)[n].take(key, 3) for n in range(4)]
        stored = await one.redis.exists(one.prefix + key)
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == pytest.approx(20.0, abs=0.5)
    assert stored == 1  # the budget lives in Redis, not in either instance


async def test_a_bucket_in_redis_is_per_key(redis_server: RedisServer) -> None:
    spent, fresh = _key(), _key()
    async with redis_buckets(redis_server.url) as one, redis_buckets(redis_server.url) as two:
        assert (await one.take(spent, 1)).allowed
        assert not (await two.take(spent, 1)).allowed
        assert (await two.take(fresh, 1)).allowed


async def test_two_apps_share_a_clients_budget_through_redis(
    settings: Settings, population: Population, redis_server: RedisServer
) -> None:
    shared = replace(settings, redis_url=redis_server.url)
    async with separate_app(shared) as one, separate_app(shared) as two:
        limited = await register(one, "shared budget", requests_per_minute=3)
        token = token_of(one, limited)
        async with http_from(one, token) as first, http_from(two, token) as second:
            answers = [await graphql(http, WHO) for http in (first, second, first)]
            refused = await graphql(second, WHO)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert_typed_json_error(refused, 429, "RATE_LIMITED")
    assert int(refused.headers["retry-after"]) >= 1


async def test_buckets_fall_back_to_the_instance_when_redis_stops(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    key = _key()
    async with redis_buckets(own_redis_server.url) as store:
        assert (await store.take(key, 2)).allowed
        assert await store.redis.exists(store.prefix + key) == 1
        own_redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="simpul.ratelimit"):
            after = [(await store.take(key, 2)).allowed for _ in range(3)]
    # still limited, now per instance: a full bucket of two, then a refusal
    assert after == [True, True, False]
    assert "rate-limit store unreachable" in caplog.text


async def test_an_app_keeps_answering_and_limiting_when_redis_stops(
    settings: Settings, population: Population, own_redis_server: RedisServer
) -> None:
    async with separate_app(replace(settings, redis_url=own_redis_server.url)) as app:
        limited = await register(app, "outlives redis", requests_per_minute=2)
        async with http_from(app, token_of(app, limited)) as http:
            before = await graphql(http, WHO)
            store = app.state.hub.buckets
            assert await store.redis.exists(f"{store.prefix}client:{limited.client_id}") == 1
            own_redis_server.stop()
            after = [await graphql(http, WHO) for _ in range(2)]
            refused = await graphql(http, WHO)
    assert before.status_code == 200
    assert [a.status_code for a in after] == [200, 200]
    assert after[0].json()["data"]["me"]["clientId"] == limited.client_id
    assert_typed_json_error(refused, 429, "RATE_LIMITED")
