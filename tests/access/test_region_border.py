"""Links across a regency border show each side only its own records (see ``border.py``)."""

import sqlite3
from contextlib import closing
from typing import Any

from tests.access.border import HOME, NEIGHBOUR
from tests.access.conftest import BorderHub
from tests.access.support import codes_at, ids, nodes, under

AFFECTED = """
query($id: ID!) {
  disasterEvent(id: $id) {
    id regions { code } distributionCount posts { id villageCode }
    affectedHouseholds(first: 500) { totalCount edges { node { id villageCode } } }
  }
}
"""
RESIDENTS = """
query($id: ID!) {
  institution(id: $id) {
    id residents { id residentNik resident { id nik household { id villageCode } } }
  }
}
"""
PLACEMENTS = """
query($nik: NIK!) { person(nik: $nik) { id institutionPlacements { id } } }
"""
AID = """
query($id: ID!) {
  household(id: $id) {
    id aidReceived { id villageCode post { id } event { id } household { id } }
  }
}
"""


def _households(border_hub: BorderHub) -> dict[str, list[int]]:
    registry = border_hub.border.data_dir / "registry.db"
    with closing(sqlite3.connect(registry)) as db:
        rows = db.execute("SELECT id, village_code FROM households ORDER BY id").fetchall()
    return {
        regency: [key for key, code in rows if under(code, regency)]
        for regency in (HOME, NEIGHBOUR)
    }


async def _event(border_hub: BorderHub, regions: list[str]) -> dict[str, Any]:
    body = await border_hub.client(regions).post(AFFECTED, {"id": str(border_hub.border.event_id)})
    assert codes_at(body) == {}
    event: dict[str, Any] = body["data"]["disasterEvent"]
    return event


async def test_event_over_two_regencies_shows_a_regency_only_its_own_households(
    border_hub: BorderHub,
) -> None:
    households = _households(border_hub)
    event = await _event(border_hub, [HOME])
    assert ids(nodes(event["affectedHouseholds"])) == households[HOME]


async def test_event_over_two_regencies_counts_only_the_regency_households(
    border_hub: BorderHub,
) -> None:
    households = _households(border_hub)
    event = await _event(border_hub, [HOME])
    assert event["affectedHouseholds"]["totalCount"] == len(households[HOME])


async def test_event_over_two_regencies_shows_the_nation_both_sides(
    border_hub: BorderHub,
) -> None:
    households = _households(border_hub)
    event = await _event(border_hub, ["*"])
    expected = sorted(households[HOME] + households[NEIGHBOUR])
    assert sorted(ids(nodes(event["affectedHouseholds"]))) == expected
    assert event["affectedHouseholds"]["totalCount"] == len(expected)


async def test_event_over_two_regencies_names_only_the_callers_region(
    border_hub: BorderHub,
) -> None:
    event = await _event(border_hub, [HOME])
    assert [region["code"] for region in event["regions"]] == [HOME]


async def test_event_posts_and_aid_across_the_border_stay_hidden(border_hub: BorderHub) -> None:
    event = await _event(border_hub, [HOME])
    assert event["posts"] == []
    assert event["distributionCount"] == 0
    neighbour = await _event(border_hub, [NEIGHBOUR])
    assert [under(post["villageCode"], NEIGHBOUR) for post in neighbour["posts"]] == [True]
    assert neighbour["distributionCount"] == 1


async def test_resident_from_another_regency_comes_back_null(border_hub: BorderHub) -> None:
    border = border_hub.border
    body = await border_hub.client([HOME]).post(RESIDENTS, {"id": str(border.institution_id)})
    assert codes_at(body) == {}
    residents = {r["residentNik"]: r["resident"] for r in body["data"]["institution"]["residents"]}
    assert set(residents) == {border.home_nik, border.neighbour_nik}
    assert residents[border.neighbour_nik] is None
    assert border.neighbour_nik not in str(residents[border.home_nik])


async def test_resident_from_the_regency_links_to_its_household(border_hub: BorderHub) -> None:
    border = border_hub.border
    data = (await border_hub.client([HOME]).post(RESIDENTS, {"id": str(border.institution_id)}))[
        "data"
    ]
    residents = {r["residentNik"]: r["resident"] for r in data["institution"]["residents"]}
    home = residents[border.home_nik]
    assert home["nik"] == border.home_nik
    assert under(home["household"]["villageCode"], HOME)


async def test_neighbour_regency_cannot_reach_the_institution_nor_the_placement(
    border_hub: BorderHub,
) -> None:
    border = border_hub.border
    neighbour = border_hub.client([NEIGHBOUR])
    institution = await neighbour.post(RESIDENTS, {"id": str(border.institution_id)})
    assert institution["data"] == {"institution": None}
    placements = await neighbour.post(PLACEMENTS, {"nik": border.neighbour_nik})
    assert codes_at(placements) == {}
    assert placements["data"]["person"]["institutionPlacements"] == []


async def test_aid_handed_out_across_the_border_is_hidden_from_the_household_regency(
    border_hub: BorderHub,
) -> None:
    border = border_hub.border
    body = await border_hub.client([HOME]).post(AID, {"id": str(border.aid_household)})
    assert codes_at(body) == {}
    received = body["data"]["household"]["aidReceived"]
    assert border.aid_id not in ids(received)
    assert all(under(aid["villageCode"], HOME) for aid in received)


async def test_aid_across_the_border_shows_the_nation_its_post_and_household(
    border_hub: BorderHub,
) -> None:
    border = border_hub.border
    data = await border_hub.client(["*"]).data(AID, {"id": str(border.aid_household)})
    handed = {int(aid["id"]): aid for aid in data["household"]["aidReceived"]}
    assert handed[border.aid_id]["household"] == {"id": str(border.aid_household)}
    assert handed[border.aid_id]["post"] is not None


async def test_neighbour_regency_cannot_reach_the_household_its_post_served(
    border_hub: BorderHub,
) -> None:
    border = border_hub.border
    body = await border_hub.client([NEIGHBOUR]).post(AID, {"id": str(border.aid_household)})
    assert body["data"] == {"household": None}
    assert codes_at(body) == {}
