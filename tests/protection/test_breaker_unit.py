"""The circuit breaker's states on a clock the test moves: closed, open, half-open, and back."""

from resolvers.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _state(breaker: CircuitBreaker) -> BreakerState:
    """The state read afresh (it moves with the clock)."""
    return breaker.state


def _breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker(threshold=3, cooldown=10.0, clock=clock)


def _open(clock: Clock) -> CircuitBreaker:
    breaker = _breaker(clock)
    for _ in range(3):
        assert breaker.allow()
        breaker.record(False)
    return breaker


def test_failures_below_the_threshold_keep_the_circuit_closed() -> None:
    breaker = _breaker(Clock())
    breaker.record(False)
    breaker.record(False)
    assert _state(breaker) is BreakerState.CLOSED
    assert breaker.allow()


def test_only_consecutive_failures_count() -> None:
    breaker = _breaker(Clock())
    for outcome in (False, False, True, False, False):
        breaker.record(outcome)
    assert _state(breaker) is BreakerState.CLOSED


def test_threshold_consecutive_failures_open_the_circuit() -> None:
    clock = Clock()
    breaker = _open(clock)
    assert _state(breaker) is BreakerState.OPEN
    assert not breaker.allow()
    clock.now += 9.9
    assert not breaker.allow()


def test_after_the_cooldown_one_probe_is_let_through() -> None:
    clock = Clock()
    breaker = _open(clock)
    clock.now += 10.0
    assert _state(breaker) is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()  # a second caller while the probe runs fails fast


def test_a_probe_that_reaches_the_source_closes_the_circuit() -> None:
    clock = Clock()
    breaker = _open(clock)
    clock.now += 10.0
    assert breaker.allow()
    breaker.record(True)
    assert _state(breaker) is BreakerState.CLOSED
    assert breaker.allow()
    assert breaker.allow()
    breaker.record(False)  # the count starts again from nothing
    assert _state(breaker) is BreakerState.CLOSED


def test_a_failed_probe_opens_the_circuit_for_another_cooldown() -> None:
    clock = Clock()
    breaker = _open(clock)
    clock.now += 10.0
    assert breaker.allow()
    clock.now += 2.0
    breaker.record(False)
    assert _state(breaker) is BreakerState.OPEN
    assert not breaker.allow()
    clock.now += 9.9
    assert not breaker.allow()
    clock.now += 0.1
    assert _state(breaker) is BreakerState.HALF_OPEN
    assert breaker.allow()


def test_a_cancelled_probe_lets_the_next_caller_probe() -> None:
    clock = Clock()
    breaker = _open(clock)
    clock.now += 10.0
    assert breaker.allow()
    breaker.record(None)
    assert _state(breaker) is BreakerState.HALF_OPEN
    assert breaker.allow()
