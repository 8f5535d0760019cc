"""Oversight obeys the caller's scopes and regions, masks personal data, and costs a fixed
number of statements."""

from collections import Counter
from collections.abc import Callable

from auth.scopes import OVERSIGHT_READ
from resolvers.logistics import anomalies as logistics
from resolvers.regional import anomalies as regional
from resolvers.registry import anomalies as registry
from tests.conftest import GraphQLClient, statements
from tests.oversight.support import ANOMALIES, SUMMARY, every_anomaly

CHECK_READS = {"registry": registry.READS, "regional": regional.READS, "logistics": logistics.READS}

PERSONAL_TYPES = ["DUPLICATE_NIK", "INVALID_NIK", "DECEASED_STILL_PAID"]


async def _busiest_regency(client: GraphQLClient) -> str:
    nodes = await every_anomaly(client)
    busiest: str = Counter(node["regionCode"][:5] for node in nodes).most_common(1)[0][0]
    return busiest


async def test_oversight_read_is_required(
    caller: Callable[..., GraphQLClient], anonymous: GraphQLClient
) -> None:
    for query, variables in ((ANOMALIES, {}), (SUMMARY, {"code": "32"})):
        refused = await caller(scopes=["registry:read", "registry:pii"]).post(query, variables)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        anonymous_body = await anonymous.post(query, variables)
        assert anonymous_body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_regency_sees_only_its_own(
    client: GraphQLClient, caller: Callable[..., GraphQLClient]
) -> None:
    regency = await _busiest_regency(client)
    national = {
        node["id"] for node in await every_anomaly(client) if node["regionCode"][:5] == regency
    }
    office = caller(scopes=[OVERSIGHT_READ], regions=[regency])
    seen = await every_anomaly(office)
    assert seen and {node["id"] for node in seen} == national
    assert all(node["regionCode"].startswith(regency + ".") for node in seen)
    other = next(code for code in ("11", "32", "35", "51") if code != regency[:2])
    assert await every_anomaly(office, region=other) == []


async def test_summary_counts_add_up_over_children(
    client: GraphQLClient, caller: Callable[..., GraphQLClient]
) -> None:
    regency = await _busiest_regency(client)
    for code in (regency[:2], regency):
        summary = (await client.data(SUMMARY, {"code": code}))["anomalySummary"]
        assert summary["total"] == len(await every_anomaly(client, region=code)) > 0
        assert summary["total"] == sum(child["total"] for child in summary["children"])
        for position, count in enumerate(summary["counts"]):
            below = sum(child["counts"][position]["count"] for child in summary["children"])
            assert count["count"] == below

    office = caller(scopes=[OVERSIGHT_READ], regions=[regency])
    other = next(code for code in ("11", "32", "35", "51") if code != regency[:2])
    elsewhere = (await office.data(SUMMARY, {"code": other}))["anomalySummary"]
    assert elsewhere["total"] == 0
    assert all(count["count"] == 0 for count in elsewhere["counts"])
    assert all(child["total"] == 0 for child in elsewhere["children"])


def _niks_in(detail: str) -> list[str]:
    return [word.rstrip(":") for word in detail.split() if len(word.rstrip(":")) == 16]


async def test_personal_data_is_masked_without_pii(caller: Callable[..., GraphQLClient]) -> None:
    masked = await every_anomaly(caller(scopes=[OVERSIGHT_READ]), PERSONAL_TYPES)
    assert masked
    for node in masked:
        assert "*" in node["subjectNik"]
        for evidence in node["evidence"]:
            for nik in _niks_in(evidence["detail"] or ""):
                assert "*" in nik, evidence

    granted = caller(scopes=[OVERSIGHT_READ, "registry:pii", "regional:pii"])
    shown = await every_anomaly(granted, PERSONAL_TYPES)
    assert [node["id"] for node in shown] == [node["id"] for node in masked]
    for node in shown:
        assert node["subjectNik"].isdigit()
        niks = [nik for e in node["evidence"] for nik in _niks_in(e["detail"] or "")]
        assert niks and all(nik.isdigit() for nik in niks)


async def test_regional_evidence_needs_the_regional_pii_scope(
    caller: Callable[..., GraphQLClient],
) -> None:
    registry_only = caller(scopes=[OVERSIGHT_READ, "registry:pii"])
    nodes = await every_anomaly(registry_only, ["DECEASED_STILL_PAID"])
    visits = [e for node in nodes for e in node["evidence"] if e["agency"] == "regional"]
    assert visits and all("*" in _niks_in(e["detail"])[0] for e in visits)
    assert all(node["subjectNik"].isdigit() for node in nodes)


async def test_statements_do_not_grow_with_the_anomalies(
    client: GraphQLClient, caller: Callable[..., GraphQLClient], source_mode: str
) -> None:
    regency = await _busiest_regency(client)
    everywhere = await client.post(ANOMALIES, {"first": 1})
    one_regency = await caller(scopes=[OVERSIGHT_READ], regions=[regency]).post(
        ANOMALIES, {"first": 1}
    )
    assert (
        everywhere["data"]["anomalies"]["totalCount"]
        > one_regency["data"]["anomalies"]["totalCount"]
    )
    for agency, reads in CHECK_READS.items():
        counted = len(statements(everywhere, agency))
        if source_mode == "node":
            # Calls to a node: the checks run together, and how their reads fall into
            # rounds depends on timing; never more than one call per read, whatever the rows.
            assert 0 < counted <= len(reads)
            assert 0 < len(statements(one_regency, agency)) <= len(reads)
        else:
            assert counted == len(statements(one_regency, agency)) > 0
    assert len(statements(everywhere, "registry")) <= 10


async def test_pages_follow_one_another(client: GraphQLClient) -> None:
    every = [node["id"] for node in await every_anomaly(client)]
    first = (await client.data(ANOMALIES, {"first": 5}))["anomalies"]
    after = first["pageInfo"]["endCursor"]
    second = (await client.data(ANOMALIES, {"first": 5, "after": after}))["anomalies"]
    paged = [edge["node"]["id"] for edge in first["edges"] + second["edges"]]
    assert paged == every[:10]
    bad = await client.post(ANOMALIES, {"after": "bm9wZQ=="})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_observed_dates_filter(client: GraphQLClient) -> None:
    since = "2026-07-01"
    nodes = await every_anomaly(client)
    dated = [node for node in nodes if node["observedOn"] and node["observedOn"] >= since]
    variables = {"filter": {"observedFrom": since}, "first": 500}
    page = (await client.data(ANOMALIES, variables))["anomalies"]
    assert page["totalCount"] == len(dated)
