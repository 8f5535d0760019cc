"""Disaster events over the seeded regions, and the emergency posts opened for them."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from resolvers.logistics.enums import DisasterKind, EventStatus
from resolvers.population import (
    DOUBLE_AID_REGENCY,
    LAST_DAY,
    REFERENCE_DATE,
    Population,
    random_date,
    region_name,
)

BANDUNG = "32.04"
EVENTS = (4, 6)

# Aid keeps flowing this long after an event starts, unless it ends sooner.
_AID_DAYS = 60
_RECENT_DAYS = 30
_CLOSED_WINDOW = (date(2026, 1, 1), date(2026, 3, 31))
_OPEN_WINDOW = (date(2026, 4, 1), date(2026, 10, 20))
_POSTS_PER_REGION = 3
_DISTRICTS_PER_EVENT = 3
_DISTRICT_LEVEL = 0.6
_LABELS = {
    DisasterKind.BANJIR: "Banjir",
    DisasterKind.TANAH_LONGSOR: "Tanah Longsor",
    DisasterKind.GEMPA_BUMI: "Gempa Bumi",
    DisasterKind.ERUPSI_GUNUNG_API: "Erupsi Gunung Api",
    DisasterKind.KEBAKARAN: "Kebakaran Permukiman",
    DisasterKind.ANGIN_PUTING_BELIUNG: "Angin Puting Beliung",
    DisasterKind.KEKERINGAN: "Kekeringan",
    DisasterKind.TSUNAMI: "Tsunami",
}
_OTHER_KINDS = (
    DisasterKind.BANJIR,
    DisasterKind.TANAH_LONGSOR,
    DisasterKind.GEMPA_BUMI,
    DisasterKind.ERUPSI_GUNUNG_API,
    DisasterKind.ANGIN_PUTING_BELIUNG,
    DisasterKind.KEKERINGAN,
)
_CITY_KINDS = (DisasterKind.BANJIR, DisasterKind.KEBAKARAN, DisasterKind.ANGIN_PUTING_BELIUNG)
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    event_id: int
    name: str
    village_code: str
    opened_on: date
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    name: str
    kind: DisasterKind
    status: EventStatus
    started_on: date
    ended_on: date | None
    regions: tuple[str, ...]
    posts: tuple[Post, ...]

    @property
    def last_aid_day(self) -> date:
        return self.ended_on or min(self.started_on + timedelta(days=_AID_DAYS), LAST_DAY)

    def covers(self, village_code: str) -> bool:
        return any(village_code.startswith(f"{region}.") for region in self.regions)


@dataclass(frozen=True, slots=True)
class _Scope:
    kind: DisasterKind
    regions: tuple[str, ...]
    closed: bool


def plan_events(rng: random.Random, population: Population) -> list[Event]:
    villages = sorted({household.village_code for household in population.households})
    districts: dict[str, list[str]] = {}
    for village in villages:
        districts.setdefault(village[:5], [])
        if village[:8] not in districts[village[:5]]:
            districts[village[:5]].append(village[:8])
    events: list[Event] = []
    for scope in _scopes(rng, districts):
        post_villages = [
            village
            for region in scope.regions
            for village in _some(
                rng, [v for v in villages if v.startswith(f"{region}.")], _POSTS_PER_REGION
            )
        ]
        events.append(_event(rng, len(events) + 1, scope, post_villages, _first_post_id(events)))
    return events


def _first_post_id(events: list[Event]) -> int:
    return sum(len(event.posts) for event in events) + 1


def _some(rng: random.Random, codes: list[str], most: int) -> list[str]:
    """One to ``most`` of ``codes``, in code order."""
    return sorted(rng.sample(codes, rng.randint(1, min(most, len(codes)))))


def _scopes(rng: random.Random, districts: dict[str, list[str]]) -> list[_Scope]:
    """Always a district-level flood in Kabupaten Bandung and a regency-wide event in the
    regency of the double-aid households; the rest over regencies no other event touches."""
    scopes = []
    if BANDUNG in districts:
        regions = tuple(_some(rng, districts[BANDUNG], _DISTRICTS_PER_EVENT))
        scopes.append(_Scope(DisasterKind.BANJIR, regions, closed=False))
    if DOUBLE_AID_REGENCY in districts:
        scopes.append(_Scope(rng.choice(_CITY_KINDS), (DOUBLE_AID_REGENCY,), closed=False))
    free = [code for code in sorted(districts) if code not in (BANDUNG, DOUBLE_AID_REGENCY)]
    for index in range(rng.randint(*EVENTS) - len(scopes)):
        if not free:
            break
        regency = free.pop(rng.randrange(len(free)))
        if rng.random() < _DISTRICT_LEVEL:
            regions = tuple(_some(rng, districts[regency], _DISTRICTS_PER_EVENT))
        else:
            regions = (regency,)
        scopes.append(_Scope(rng.choice(_OTHER_KINDS), regions, closed=index == 0))
    return scopes


def _event(
    rng: random.Random, event_id: int, scope: _Scope, villages: list[str], first_post: int
) -> Event:
    started_on = random_date(rng, *(_CLOSED_WINDOW if scope.closed else _OPEN_WINDOW))
    ended_on = started_on + timedelta(days=rng.randint(30, 60)) if scope.closed else None
    if scope.closed:
        status = EventStatus.SELESAI
    elif (REFERENCE_DATE - started_on).days <= _RECENT_DAYS:
        status = EventStatus.TANGGAP_DARURAT
    else:
        status = EventStatus.PEMULIHAN
    regency = region_name(scope.regions[0][:5])
    month = f"{_MONTHS[started_on.month - 1]} {started_on.year}"
    posts = tuple(
        Post(
            id=first_post + index,
            event_id=event_id,
            name=f"Posko {_LABELS[scope.kind]} {region_name(village)}",
            village_code=village,
            opened_on=started_on + timedelta(days=rng.randint(0, 2)),
            closed_on=ended_on,
        )
        for index, village in enumerate(villages)
    )
    return Event(
        id=event_id,
        name=f"{_LABELS[scope.kind]} {regency} {month}",
        kind=scope.kind,
        status=status,
        started_on=started_on,
        ended_on=ended_on,
        regions=scope.regions,
        posts=posts,
    )
