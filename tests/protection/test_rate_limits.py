"""Token buckets per client, and per address for anonymous callers and the token endpoint."""

import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import httpx
import pytest
from starlette.applications import Starlette

import gateway.ratelimit as ratelimit
from auth.policy import ANONYMOUS_POLICY
from gateway.ratelimit import InProcessBuckets
from tests.protection.support import (
    TOKEN,
    assert_typed_json_error,
    graphql,
    http_from,
    register,
    token_of,
)

WHO = "{ me { clientId authenticated } }"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(monotonic=fake))
    return fake


def assert_rate_limited(response: httpx.Response) -> int:
    """A 429 with a Retry-After in whole seconds, the same in the typed error."""
    body = assert_typed_json_error(response, 429, "RATE_LIMITED")
    retry_after = int(response.headers["retry-after"])
    assert retry_after >= 1
    assert body["errors"][0]["extensions"]["retryAfter"] == retry_after
    return retry_after


async def test_a_bucket_holds_per_minute_requests_then_refuses_with_a_wait(
    clock: FakeClock,
) -> None:
    buckets = InProcessBuckets()
    assert [(await buckets.take("k", 3)).allowed for _ in range(4)] == [True, True, True, False]
    refused = await buckets.take("k", 3)
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(20.0)  # one token at 3 a minute


async def test_a_bucket_refills_at_its_rate(clock: FakeClock) -> None:
    buckets = InProcessBuckets()
    for _ in range(60):
        assert (await buckets.take("k", 60)).allowed
    assert not (await buckets.take("k", 60)).allowed
    clock.now += 0.5
    half = await buckets.take("k", 60)
    assert not half.allowed
    assert half.retry_after == pytest.approx(0.5)
    clock.now += 0.5
    assert (await buckets.take("k", 60)).allowed
    assert not (await buckets.take("k", 60)).allowed


async def test_a_bucket_never_holds_more_than_its_capacity(clock: FakeClock) -> None:
    buckets = InProcessBuckets()
    await buckets.take("k", 2)
    clock.now += 3600
    assert [(await buckets.take("k", 2)).allowed for _ in range(3)] == [True, True, False]


async def test_buckets_are_per_key(clock: FakeClock) -> None:
    buckets = InProcessBuckets()
    assert (await buckets.take("a", 1)).allowed
    assert not (await buckets.take("a", 1)).allowed
    assert (await buckets.take("b", 1)).allowed


async def test_a_client_limited_to_three_a_minute_gets_three_answers_then_429(
    app: Starlette,
) -> None:
    limited = await register(app, "three a minute", requests_per_minute=3)
    async with http_from(app, token_of(app, limited)) as http:
        answers = [await graphql(http, WHO) for _ in range(3)]
        refused = await graphql(http, WHO)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.json()["data"]["me"]["clientId"] == limited.client_id for a in answers)
    assert assert_rate_limited(refused) <= 20


async def test_another_client_is_not_limited_by_a_client_that_ran_out(app: Starlette) -> None:
    spent = await register(app, "spent", requests_per_minute=1)
    other = await register(app, "other", requests_per_minute=1)
    address = "10.99.0.1"  # both call from the same address: the key is the client
    async with http_from(app, token_of(app, spent), address) as http:
        assert (await graphql(http, WHO)).status_code == 200
        assert_rate_limited(await graphql(http, WHO))
    async with http_from(app, token_of(app, other), address) as http:
        answer = await graphql(http, WHO)
    assert answer.status_code == 200
    assert answer.json()["data"]["me"]["clientId"] == other.client_id


async def _until_refused(
    send: Callable[[], Awaitable[httpx.Response]], rate: int
) -> tuple[list[int], httpx.Response]:
    """Statuses of the requests before the first 429, and that 429; tokens come back at
    ``rate`` a minute while the requests run, so a few more may pass."""
    started, statuses = time.monotonic(), list[int]()
    for _ in range(rate + 10):
        response = await send()
        if response.status_code == 429:
            assert len(statuses) <= rate + (time.monotonic() - started) * rate / 60 + 1
            return statuses, response
        statuses.append(response.status_code)
    raise AssertionError(f"{len(statuses)} requests passed without a refusal")


async def test_anonymous_callers_are_limited_per_address(app: Starlette) -> None:
    rate = ANONYMOUS_POLICY.limits.requests_per_minute
    async with http_from(app) as http:
        statuses, refused = await _until_refused(lambda: graphql(http, WHO), rate)
    assert len(statuses) >= rate
    assert set(statuses) == {200}
    assert_rate_limited(refused)
    async with http_from(app) as elsewhere:
        assert (await graphql(elsewhere, WHO)).status_code == 200


async def test_the_token_endpoint_is_limited_per_address(app: Starlette) -> None:
    rate = ANONYMOUS_POLICY.limits.requests_per_minute
    form = {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"}
    async with http_from(app) as http:
        statuses, refused = await _until_refused(lambda: http.post(TOKEN, data=form), rate)
    assert len(statuses) >= rate
    assert set(statuses) == {400}  # an unknown client, answered every time until the limit
    assert_rate_limited(refused)
    async with http_from(app) as elsewhere:
        assert (await elsewhere.post(TOKEN, data=form)).status_code == 400
