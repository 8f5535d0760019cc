"""programSummary: exact figures for PII holders, suppression that survives differencing."""

from collections.abc import Callable
from typing import Any

import pytest

from auth.scopes import OVERSIGHT_READ
from resolvers.registry.coverage import suppress
from tests.conftest import GraphQLClient, SourceDatabases, statements

QUERY = """
query ($code: RegionCode!, $period: String!) {
  programSummary(regionCode: $code, period: $period) {
    programmes {
      programme
      total { ...figures }
      children { ...figures }
    }
  }
}
fragment figures on CoverageFigures {
  region { code }
  recipients { value suppressed }
  eligible { value suppressed }
  amountDisbursed { value suppressed }
  coverage
}
"""
MEASURES = ("recipients", "eligible", "amountDisbursed")
CEILINGS = {"PKH": 4, "SEMBAKO": 5, "PBI_JK": 6, "RTLH": 3}
Summary = dict[str, Any]


async def summary(client: GraphQLClient, code: str, period: str = "2026") -> Summary | None:
    data = await client.data(QUERY, {"code": code, "period": period})
    result: Summary | None = data["programSummary"]
    return result


@pytest.fixture
def overseer(caller: Callable[..., GraphQLClient]) -> GraphQLClient:
    return caller(scopes=[OVERSIGHT_READ])


async def seeded_regions(databases: SourceDatabases) -> list[str]:
    """Every province, regency and district that has a household in the seed."""
    rows = await databases.rows(
        "registry",
        "SELECT DISTINCT substr(village_code, 1, 2) FROM households UNION "
        "SELECT DISTINCT substr(village_code, 1, 5) FROM households UNION "
        "SELECT DISTINCT substr(village_code, 1, 8) FROM households",
    )
    return sorted(row[0] for row in rows)


async def busiest_regency(databases: SourceDatabases) -> str:
    code: str = await databases.value(
        "registry",
        "SELECT substr(village_code, 1, 5) AS r FROM households GROUP BY r ORDER BY count(*) DESC",
    )
    return code


async def expected(databases: SourceDatabases, prefix: str, programme: str) -> dict[str, int]:
    like = prefix + ".%"
    where = "(h.village_code = :prefix OR h.village_code LIKE :like)"
    recipients = await databases.value(
        "registry",
        "SELECT count(DISTINCT e.household_id) FROM enrolments e JOIN households h "
        f"ON h.id = e.household_id WHERE e.status = 'aktif' AND e.programme = :p AND {where}",
        p=programme.lower(),
        prefix=prefix,
        like=like,
    )
    eligible = await databases.value(
        "registry",
        "SELECT count(*) FROM households h "
        f"WHERE h.status = 'aktif' AND h.decile <= :c AND {where}",
        c=CEILINGS[programme],
        prefix=prefix,
        like=like,
    )
    amount = await databases.value(
        "registry",
        "SELECT coalesce(sum(d.amount), 0) FROM disbursements d "
        "JOIN enrolments e ON e.id = d.enrolment_id JOIN households h ON h.id = d.household_id "
        f"WHERE d.status = 'tersalur' AND e.programme = :p AND d.period LIKE '2026-%' AND {where}",
        p=programme.lower(),
        prefix=prefix,
        like=like,
    )
    return {"recipients": recipients, "eligible": eligible, "amountDisbursed": amount}


async def test_exact_figures_match_the_registry(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    regency = await busiest_regency(databases)
    result = await summary(client, regency)
    assert result is not None
    for entry in result["programmes"]:
        for figures in [entry["total"], *entry["children"]]:
            want = await expected(databases, figures["region"]["code"], entry["programme"])
            got = {m: figures[m]["value"] for m in MEASURES}
            assert got == want, (entry["programme"], figures["region"]["code"])
            assert not any(figures[m]["suppressed"] for m in MEASURES)
        assert (
            sum(c["recipients"]["value"] for c in entry["children"])
            == (entry["total"]["recipients"]["value"])
        )


async def test_small_counts_are_suppressed_without_pii(
    client: GraphQLClient, overseer: GraphQLClient, databases: SourceDatabases
) -> None:
    regency = await busiest_regency(databases)
    exact, masked = await summary(client, regency), await summary(overseer, regency)
    assert exact is not None and masked is not None
    seen_suppressed = False
    for full, shown in zip(exact["programmes"], masked["programmes"], strict=True):
        for f, s in zip(
            [full["total"], *full["children"]], [shown["total"], *shown["children"]], strict=True
        ):
            for measure in ("recipients", "eligible"):
                if f[measure]["value"] < 5:
                    assert s[measure] == {"value": None, "suppressed": True}
                    seen_suppressed = True
                if not s[measure]["suppressed"]:
                    assert s[measure]["value"] == f[measure]["value"]
            if s["recipients"]["suppressed"] or s["eligible"]["suppressed"]:
                assert s["coverage"] is None
    assert seen_suppressed


def _hidden(figures: dict[str, Any], measure: str) -> bool:
    hidden: bool = figures[measure]["suppressed"]
    assert hidden == (figures[measure]["value"] is None)
    return hidden


async def test_differencing_never_reveals_a_suppressed_child(
    client: GraphQLClient, overseer: GraphQLClient, databases: SourceDatabases
) -> None:
    totals_hidden: dict[tuple[str, str, str], bool] = {}
    hidden_as_child: dict[tuple[str, str, str], bool] = {}
    for code in await seeded_regions(databases):
        exact, masked = await summary(client, code), await summary(overseer, code)
        assert exact is not None and masked is not None
        for full, shown in zip(exact["programmes"], masked["programmes"], strict=True):
            truth = {c["region"]["code"]: c for c in full["children"]}
            for measure in ("recipients", "eligible"):
                hidden = [c for c in shown["children"] if _hidden(c, measure)]
                total_hidden = _hidden(shown["total"], measure)
                totals_hidden[(code, full["programme"], measure)] = total_hidden
                for child in shown["children"]:
                    key = (child["region"]["code"], full["programme"], measure)
                    hidden_as_child[key] = _hidden(child, measure)
                if total_hidden:
                    # The visible children must not add up to a suppressed total.
                    assert hidden or not shown["children"], (code, measure)
                elif hidden:
                    combined = sum(truth[c["region"]["code"]][measure]["value"] for c in hidden)
                    assert len(hidden) >= 2 and combined >= 5, (code, full["programme"], measure)
            amounts = [c for c in shown["children"] if _hidden(c, "amountDisbursed")]
            if not _hidden(shown["total"], "amountDisbursed"):
                assert len(amounts) != 1, (code, full["programme"])
    # A region is suppressed in its own summary exactly when it is among its siblings.
    for key, as_child in hidden_as_child.items():
        if key in totals_hidden:
            assert totals_hidden[key] == as_child, key


async def test_a_regency_cannot_see_another_regencys_summary(
    caller: Callable[..., GraphQLClient], databases: SourceDatabases
) -> None:
    regency = await busiest_regency(databases)
    other = next(c for c in await seeded_regions(databases) if c.count(".") == 1 and c != regency)
    local = caller(scopes=[OVERSIGHT_READ], regions=[regency])
    assert await summary(local, other) is None
    assert await summary(local, regency[:2]) is None
    assert await summary(local, regency) is not None


async def test_oversight_scope_is_required(
    caller: Callable[..., GraphQLClient], anonymous: GraphQLClient
) -> None:
    variables = {"code": "32", "period": "2026"}
    body = await caller(scopes=["registry:read", "registry:pii"]).post(QUERY, variables)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"]["programSummary"] is None
    body = await anonymous.post(QUERY, variables)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("period", ["26", "2026-13", "2026-Q5", "2026-q1", "2026-1", "2026-05-01"])
async def test_period_must_be_a_year_quarter_or_month(overseer: GraphQLClient, period: str) -> None:
    body = await overseer.post(QUERY, {"code": "32", "period": period})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"]["programSummary"] is None


async def test_periods_narrow_the_amount(client: GraphQLClient, databases: SourceDatabases) -> None:
    regency = await busiest_regency(databases)
    amounts = {}
    for period in ("2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"):
        result = await summary(client, regency, period)
        assert result is not None
        amounts[period] = {
            p["programme"]: p["total"]["amountDisbursed"]["value"] for p in result["programmes"]
        }
    for programme in CEILINGS:
        quarters = sum(amounts[f"2026-Q{q}"][programme] for q in range(1, 5))
        assert quarters == amounts["2026"][programme]
    assert amounts["2026"]["PKH"] > 0


async def test_one_statement_whatever_the_number_of_children(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    regency = await busiest_regency(databases)
    for code in (regency[:2], regency, f"{regency}.01"):
        body = await client.post(QUERY, {"code": code, "period": "2026-05"})
        assert "errors" not in body
        assert len(statements(body, "registry")) == 1


def test_suppression_rule() -> None:
    assert suppress(False, {"a": 7, "b": 9, "c": 20}) == set()
    assert suppress(False, {"a": 3, "b": 9, "c": 20}) == {"a", "b"}
    assert suppress(False, {"a": 1, "b": 1, "c": 6, "d": 20}) == {"a", "b", "c"}
    assert suppress(True, {"a": 7, "b": 9}) == {"a", "b"}
    assert suppress(True, {}) == set()
    assert suppress(False, {"a": 0, "b": 12}) == {"a", "b"}
