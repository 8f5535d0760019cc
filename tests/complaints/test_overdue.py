"""The 14-day clock of a filed sanggah, read through complaints(filter: {overdue: true})
with the hub's notion of today moved forward. Against the regional database only: a node
keeps its own calendar, which moving the hub's does not move."""

import datetime
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from resolvers.regional import loaders
from tests.complaints.operations import (
    FILE_COMPLAINT,
    RESOLVE_COMPLAINT,
    pengaduan,
    resolution,
    sanggah,
)
from tests.complaints.support import Household, insert_complaint, offices, outcome, today
from tests.conftest import GraphQLClient


@pytest.fixture
def office(app: Starlette, http: httpx.AsyncClient) -> Callable[..., GraphQLClient]:
    """An office of the given regions, of the hub reading the regional database."""
    return offices(app, http)


OVERDUE_IDS = """
query Overdue($filter: ComplaintFilterInput) {
  complaints(filter: $filter, first: 100) { edges { node { id overdue } } }
}
"""


def days_later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    later = today() + datetime.timedelta(days=days)
    monkeypatch.setattr(loaders, "reference_date", lambda: later)


async def filed_id(client: GraphQLClient, variables: dict[str, Any]) -> str:
    return str(
        outcome(await client.post(FILE_COMPLAINT, variables), "fileComplaint")["complaint"]["id"]
    )


async def overdue_ids(client: GraphQLClient, village_code: str) -> set[str]:
    where = {"overdue": True, "regionCode": village_code}
    data = await client.data(OVERDUE_IDS, {"filter": where})
    return {edge["node"]["id"] for edge in data["complaints"]["edges"]}


async def test_filed_sanggah_is_overdue_fifteen_days_later(
    office: Callable[..., GraphQLClient], listed: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    filer = office(listed.regency)
    complaint_id = await filed_id(filer, sanggah(listed.village_code, listed.id))

    days_later(monkeypatch, 15)

    assert complaint_id in await overdue_ids(filer, listed.village_code)


async def test_filed_sanggah_is_not_overdue_on_its_due_day(
    office: Callable[..., GraphQLClient], listed: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    filer = office(listed.regency)
    complaint_id = await filed_id(filer, sanggah(listed.village_code, listed.id))

    days_later(monkeypatch, 14)

    assert complaint_id not in await overdue_ids(filer, listed.village_code)


async def test_filed_pengaduan_has_no_clock(
    office: Callable[..., GraphQLClient], listed: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    filer = office(listed.regency)
    complaint_id = await filed_id(filer, pengaduan(listed.village_code))

    days_later(monkeypatch, 365)

    assert complaint_id not in await overdue_ids(filer, listed.village_code)


async def test_resolved_sanggah_is_no_longer_overdue(
    office: Callable[..., GraphQLClient], listed: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    filer = office(listed.regency)
    complaint_id = await filed_id(filer, sanggah(listed.village_code, listed.id))
    days_later(monkeypatch, 15)
    outcome(await filer.post(RESOLVE_COMPLAINT, resolution(complaint_id)), "resolveComplaint")

    assert complaint_id not in await overdue_ids(filer, listed.village_code)


async def test_open_sanggah_filed_three_weeks_ago_is_overdue_today(
    office: Callable[..., GraphQLClient], listed: Household, regional_store: AsyncEngine
) -> None:
    complaint_id = await insert_complaint(regional_store, listed.village_code, "diproses")

    assert str(complaint_id) in await overdue_ids(office(listed.regency), listed.village_code)
