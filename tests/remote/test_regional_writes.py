"""Writes at a regional node: the public's complaint, filed without a key, is sent once —
an answer lost on the way leaves one complaint, never two — and its token is good for one
write only, while an office's filing with a key is retried and replayed by the node."""

from typing import Any

import httpx
from starlette.applications import Starlette

from auth.principal import Principal
from auth.regions import RegionScope
from gateway.settings import Settings
from resolvers.population import Population
from resolvers.remote_writes import WRITE
from tests.complaints.operations import FILE_COMPLAINT, pengaduan
from tests.conftest import SourceDatabases, mint
from tests.remote.support import (
    caller_token,
    hub_with_node,
    losing_answers,
    node_source,
    post_to_node,
    serving,
)

SUMMARY = "SELECT count(*) FROM complaints WHERE summary = :summary"


async def _filings(databases: SourceDatabases, summary: str) -> int:
    return int(await databases.value("regional", SUMMARY, summary=summary))


async def test_a_keyless_filing_is_sent_once_and_a_keyed_one_retried(
    settings: Settings,
    population: Population,
    regional_node: str,
    databases: SourceDatabases,
) -> None:
    village = await databases.value("regional", "SELECT min(village_code) FROM complaints")
    public: dict[str, Any] = pengaduan(village)
    public["input"]["summary"] = "Bantuan belum diterima, diajukan tanpa kunci (uji node)."
    office: dict[str, Any] = pengaduan(village, idempotencyKey="regional-node-retry-0001")
    office["input"]["summary"] = "Bantuan belum diterima, diajukan kantor (uji node)."
    proxy, writes = losing_answers(regional_node, lost=2)
    with serving(proxy) as url:
        source = node_source(url, retries=2)
        async with hub_with_node(settings, source, agency="regional") as (app, http):
            answered = await http.post(
                "/graphql", json={"query": FILE_COMPLAINT, "variables": public}
            )
            retried = await http.post(
                "/graphql",
                json={"query": FILE_COMPLAINT, "variables": office},
                headers={"Authorization": f"Bearer {mint(app)}"},
            )
    # The public's filing reached the node once; its answer was lost, and not asked again.
    lost = answered.json()
    assert lost["data"] == {"fileComplaint": None}
    assert [error["extensions"] for error in lost["errors"]] == [
        {"code": "SOURCE_UNAVAILABLE", "agency": "regional"}
    ]
    assert await _filings(databases, public["input"]["summary"]) == 1
    # The office's was asked again under its key: the node replayed the first filing.
    filed = retried.json()["data"]["fileComplaint"]
    assert (filed["__typename"], filed["replayed"]) == ("ComplaintFiled", True)
    assert await _filings(databases, office["input"]["summary"]) == 1
    assert writes == [200, 200, 200]


async def test_a_keyless_write_token_is_good_once_at_the_node(
    settings: Settings, population: Population, regional_node: str, databases: SourceDatabases
) -> None:
    village = await databases.value("regional", "SELECT min(village_code) FROM complaints")
    summary = "Bantuan belum diterima, token dipakai ulang (uji node)."
    arguments = {
        "kind": "pengaduan",
        "village_code": village,
        "summary": summary,
        "channel": "layanan_publik",
        "household_id": None,
        "objector_nik": None,
    }
    variables = {
        "operation": "fileComplaint",
        "key": None,
        "fingerprint": "f" * 64,
        "arguments": arguments,
    }
    public = Principal(None, frozenset(), RegionScope.of([]), None)
    token = caller_token(settings, "regional", public, ("fileComplaint", "f" * 64))
    first = await post_to_node(regional_node, WRITE, variables, token)
    again = await post_to_node(regional_node, WRITE, variables, token)
    assert "stored" in first["data"]["agencyWrite"], first
    assert again["data"] is None
    assert [error["extensions"]["code"] for error in again["errors"]] == ["FORBIDDEN"]
    assert await _filings(databases, summary) == 1


async def test_two_alike_keyless_filings_in_one_request_are_both_filed(
    federated_regional: tuple[Starlette, httpx.AsyncClient], databases: SourceDatabases
) -> None:
    _, http = federated_regional
    village = await databases.value("regional", "SELECT min(village_code) FROM complaints")
    public: dict[str, Any] = pengaduan(village)
    public["input"]["summary"] = "Dua pengaduan sama dalam satu permintaan (uji node)."
    twice = FILE_COMPLAINT.replace(
        "fileComplaint(input: $input)", "first: fileComplaint(input: $input)", 1
    ).replace("}\n}", "}\n  second: fileComplaint(input: $input) { __typename }\n}", 1)
    answer = (await http.post("/graphql", json={"query": twice, "variables": public})).json()
    assert "errors" not in answer, answer
    assert answer["data"]["second"]["__typename"] == "ComplaintFiled"
    assert await _filings(databases, public["input"]["summary"]) == 2
