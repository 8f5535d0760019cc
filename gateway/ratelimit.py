"""Token-bucket rate limits per client (and per address for anonymous callers).

Two stores behind one interface: in-process buckets (the default, per instance) and Redis
(shared by every instance and worker). If Redis cannot be reached the hub falls back to
in-process buckets rather than letting every request through or refusing them all.
"""

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from auth.principal import ANONYMOUS, Principal
from gateway.media import media_type_of
from gateway.responses import refusal

logger = logging.getLogger("simpul.ratelimit")


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0


class BucketStore(Protocol):
    async def take(self, key: str, per_minute: int) -> Decision: ...


class InProcessBuckets:
    """Buckets of one process: capacity ``per_minute``, refilled at ``per_minute`` a minute."""

    MAX_KEYS = 100_000

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}

    async def take(self, key: str, per_minute: int) -> Decision:
        now = time.monotonic()
        if len(self._buckets) > self.MAX_KEYS:
            # Buckets untouched for a minute are full again: forgetting them changes nothing.
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        rate = per_minute / 60.0
        tokens, updated = self._buckets.get(key, (float(per_minute), now))
        tokens = min(float(per_minute), tokens + (now - updated) * rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            return Decision(True)
        self._buckets[key] = (tokens, now)
        return Decision(False, (1.0 - tokens) / rate)


# Atomic refill-and-take on the server's clock, so instances never disagree on time.
_TAKE = """
local rate = tonumber(ARGV[1]) / 60.0
local capacity = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return {allowed, tostring(wait)}
"""


class RedisBuckets:
    def __init__(self, redis: Redis, prefix: str = "simpul:rate:") -> None:
        self.redis = redis
        self.prefix = prefix
        self._script = redis.register_script(_TAKE)
        self._fallback = InProcessBuckets()

    async def take(self, key: str, per_minute: int) -> Decision:
        try:
            allowed, wait = await self._script(keys=[self.prefix + key], args=[per_minute])
        except (RedisError, OSError) as error:
            logger.warning("rate-limit store unreachable, limiting per instance: %s", error)
            return await self._fallback.take(key, per_minute)
        return Decision(bool(int(allowed)), float(wait))

    async def close(self) -> None:
        await self.redis.aclose()


def bucket_store(redis_url: str | None) -> BucketStore:
    if redis_url:
        return RedisBuckets(Redis.from_url(redis_url, socket_timeout=0.5))
    return InProcessBuckets()


def rate_limited(scope: Scope, retry_after: float) -> JSONResponse:
    seconds = max(1, math.ceil(retry_after))
    message = f"Too many requests; retry after {seconds} s"
    headers = {"Retry-After": str(seconds)}
    media = media_type_of(scope)
    return refusal(media, 429, "RATE_LIMITED", message, headers, retryAfter=seconds)


def caller_key(scope: Scope, principal: Principal) -> str:
    if principal.client_id is not None:
        return f"client:{principal.client_id}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


class RateLimiting:
    """Refuses a caller's request with 429 once its bucket is empty."""

    def __init__(self, app: ASGIApp, store: BucketStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        principal = scope.get("state", {}).get("principal", ANONYMOUS)
        decision = await self.store.take(
            caller_key(scope, principal), principal.policy.limits.requests_per_minute
        )
        if not decision.allowed:
            await rate_limited(scope, decision.retry_after)(scope, receive, send)
            return
        await self.app(scope, receive, send)
