"""The 2026 disbursement calendar: PKH by quarter, Sembako by month, RTLH once."""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from resolvers.population import REFERENCE_DATE, random_date
from resolvers.registry.enums import Channel, DisbursementStatus, Programme

SEMBAKO_MONTHLY = 200_000
RTLH_AMOUNT = 20_000_000

_BANKS = (Channel.BRI, Channel.BNI, Channel.MANDIRI, Channel.BSI, Channel.BTN, Channel.POS)
_BANK_WEIGHTS = (42, 20, 12, 12, 4, 10)
# Aceh's banks all run on sharia terms: recipients there bank with BSI or collect at the post.
_SHARIA_PROVINCES = {"11"}
_SHARIA_WEIGHTS = (0, 0, 0, 88, 0, 12)
_ACCOUNT_DIGITS = {
    Channel.BRI: 15,
    Channel.BNI: 10,
    Channel.MANDIRI: 13,
    Channel.BSI: 10,
    Channel.BTN: 12,
}
_OUTCOMES = (DisbursementStatus.TERSALUR, DisbursementStatus.GAGAL, DisbursementStatus.DIKEMBALIKAN)
_OUTCOME_WEIGHTS = (975, 15, 10)


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    ends: date
    # Payments go out in the last ``pay_days`` days of the period.
    pay_days: int


@dataclass(frozen=True, slots=True)
class Payment:
    period: str
    amount: int
    status: DisbursementStatus
    disbursed_on: date | None


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


QUARTERS = tuple(
    Period(f"2026-Q{quarter}", _month_end(2026, 3 * quarter), 50) for quarter in range(1, 5)
)
MONTHS = tuple(Period(f"2026-{month:02d}", _month_end(2026, month), 20) for month in range(1, 11))


def payment_channel(rng: random.Random, province_code: str) -> tuple[Channel, str | None]:
    """The channel a household is paid through, with its account number at a bank."""
    weights = _SHARIA_WEIGHTS if province_code in _SHARIA_PROVINCES else _BANK_WEIGHTS
    channel = rng.choices(_BANKS, weights)[0]
    if channel is Channel.POS:
        return channel, None
    digits = _ACCOUNT_DIGITS[channel]
    return channel, str(rng.randrange(10 ** (digits - 1), 10**digits))


def payments(
    rng: random.Random, programme: Programme, yearly_amount: int, started_on: date
) -> Iterator[Payment]:
    """What an active enrolment was (or will be) paid in 2026."""
    if programme is Programme.PKH:
        yield from _schedule(rng, QUARTERS, yearly_amount // 4, started_on)
    elif programme is Programme.SEMBAKO:
        yield from _schedule(rng, MONTHS, SEMBAKO_MONTHLY, started_on)
    elif programme is Programme.RTLH:
        month = rng.choice(
            [period for period in MONTHS if period.ends >= started_on] or MONTHS[-1:]
        )
        yield from _schedule(rng, (month,), RTLH_AMOUNT, started_on)


def _schedule(
    rng: random.Random, periods: tuple[Period, ...], amount: int, started_on: date
) -> Iterator[Payment]:
    for period in periods:
        if period.ends < started_on:
            continue
        if period.ends >= REFERENCE_DATE:
            yield Payment(period.label, amount, DisbursementStatus.DIJADWALKAN, None)
            continue
        first = max(started_on, period.ends - timedelta(days=period.pay_days))
        paid_on = random_date(rng, first, period.ends)
        status = rng.choices(_OUTCOMES, _OUTCOME_WEIGHTS)[0]
        failed = status is DisbursementStatus.GAGAL
        yield Payment(period.label, amount, status, None if failed else paid_on)
