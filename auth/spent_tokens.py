"""Caller-context tokens a node has taken for a write that has no idempotency key.

Such a write must not run twice, and nothing at the agency would recognise a second one:
so its token is good once. A token is remembered until it would have expired anyway, and
at most ``LIMIT`` are kept (the oldest forgotten first), so memory stays bounded. Each node
process remembers its own; several processes of one node would need a shared store.
"""

import time
from collections import OrderedDict

from auth.caller_context import CALLER_CONTEXT_TTL

LIMIT = 100_000


class SpentTokens:
    def __init__(self, limit: int = LIMIT) -> None:
        self._limit = limit
        # token id -> when it may be forgotten (monotonic seconds), oldest first
        self._until: OrderedDict[str, float] = OrderedDict()

    def spend(self, token_id: str) -> bool:
        """Take the token for a write; False when it was taken before."""
        now = time.monotonic()
        while self._until and next(iter(self._until.values())) <= now:
            self._until.popitem(last=False)
        if token_id in self._until:
            return False
        self._until[token_id] = now + CALLER_CONTEXT_TTL
        if len(self._until) > self._limit:
            self._until.popitem(last=False)
        return True
