"""A regional node's answers are checked, not believed: a record that does not answer the
list's filter is dropped (whether a complaint is overdue is judged by the hub), and a
count below zero makes the source unavailable rather than a total smaller than it is."""

from typing import Any

from gateway.settings import Settings
from resolvers.population import Population
from tests.remote.support import answering_node, ask, hub_with_node, node_source, serving

VILLAGE = "11.01.01.2001"

# Open and due long ago: overdue, whatever the node says of it.
PENGADUAN = {
    "id": "1",
    "kind": "pengaduan",
    "villageCode": VILLAGE,
    "householdId": None,
    "channel": "kantor",
    "summary": "Bantuan Sembako bulan ini belum diterima.",
    "status": "diterima",
    "filedOn": "2020-01-01",
    "dueOn": "2020-01-15",
    "resolvedOn": None,
}

ANSWERS: dict[str, Any] = {
    "complaintPage": [PENGADUAN],
    "complaintTally": [{"regionCodes": [VILLAGE], "count": -3}],
}


LISTED = """
query ($filter: ComplaintFilterInput) {
  complaints(filter: $filter) { edges { node { id overdue } } }
}
"""
COUNTED = "query { complaints { totalCount } }"


def _ids(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body["errors"]
    return [edge["node"]["id"] for edge in body["data"]["complaints"]["edges"]]


async def test_records_outside_the_filter_are_dropped_and_a_negative_count_refused(
    settings: Settings, population: Population
) -> None:
    with serving(answering_node("regional", ANSWERS)) as url:
        async with hub_with_node(settings, node_source(url), agency="regional") as (app, http):
            everything = await ask(http, app, LISTED)
            sanggah = await ask(http, app, LISTED, {"filter": {"kind": "SANGGAH"}})
            on_time = await ask(http, app, LISTED, {"filter": {"overdue": False}})
            late = await ask(http, app, LISTED, {"filter": {"overdue": True}})
            count = await ask(http, app, COUNTED)
    assert _ids(everything) == ["1"]
    assert everything["data"]["complaints"]["edges"][0]["node"]["overdue"] is True
    assert _ids(sanggah) == []
    assert _ids(on_time) == []
    assert _ids(late) == ["1"]
    assert count["data"] == {"complaints": None}
    assert [error["extensions"] for error in count["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "regional"}
    ]
