"""A count below zero from any agency's node makes the source unavailable, rather than a
total smaller than it is: the check is the one every agency's remote loaders share."""

from typing import Any

import pytest

from gateway.settings import Settings
from resolvers.population import Population
from tests.remote.support import answering_node, ask, hub_with_node, node_source, serving

# Each agency's list, the node's tally field, and a region the national caller sees.
COUNTS = {
    "logistics": ("disasterEvents", "disasterEventTally", "11"),
    "institutions": ("institutions", "institutionTally", "11.01.01.2001"),
    "regional": ("complaints", "complaintTally", "11.01.01.2001"),
}


@pytest.mark.parametrize("agency", sorted(COUNTS))
async def test_a_negative_tally_makes_the_source_unavailable(
    agency: str, settings: Settings, population: Population
) -> None:
    root, tally, region = COUNTS[agency]
    answers: dict[str, Any] = {tally: [{"regionCodes": [region], "count": -3}]}
    with serving(answering_node(agency, answers)) as url:
        async with hub_with_node(settings, node_source(url), agency=agency) as (app, http):
            body = await ask(http, app, f"query {{ {root} {{ totalCount }} }}")
    assert body["data"] == {root: None}
    assert [error["extensions"] for error in body["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": agency}
    ]
