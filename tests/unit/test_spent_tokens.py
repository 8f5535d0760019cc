"""A node takes a caller-context token for a keyless write once, remembers it until it
would have expired, and never more than its limit."""

import time

import pytest

from auth.caller_context import CALLER_CONTEXT_TTL
from auth.spent_tokens import SpentTokens


def test_a_token_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "monotonic", lambda: 1000.0)
    spent = SpentTokens()
    assert spent.spend("a")
    assert not spent.spend("a")
    assert spent.spend("b")


def test_a_token_is_forgotten_once_it_would_have_expired(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    spent = SpentTokens()
    assert spent.spend("a")
    now[0] += CALLER_CONTEXT_TTL - 1
    assert not spent.spend("a")
    now[0] += 2
    # Expired by now: the node would refuse the token itself.
    assert spent.spend("a")


def test_no_more_than_the_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "monotonic", lambda: 1000.0)
    spent = SpentTokens(limit=3)
    for token in ("a", "b", "c", "d"):
        assert spent.spend(token)
    # The oldest was forgotten to make room; the newer ones are still taken.
    assert spent.spend("a")
    assert not spent.spend("d")
