"""The oversight page, opened in a real browser, shows what the API answers for the token."""

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from auth.scopes import OVERSIGHT_READ
from tests.browser.conftest import LiveHub
from tests.browser.test_graphiql_page import WAIT, screenshot_on_failure
from tests.conftest import mint

SUMMARY = """
query ($code: RegionCode!) {
  anomalySummary(regionCode: $code) { total children { region { code name } total } }
}
"""
PAGE_SIZE = 5
LIST_COLUMNS = ("type", "region", "village", "observed", "household", "nik", "evidence")
CSV_HEADER = [
    "id",
    "type",
    "regionCode",
    "village",
    "observedOn",
    "householdId",
    "subjectNik",
    "evidence",
]


def api_summary(hub: LiveHub, token: str, code: str) -> dict[str, Any]:
    response = httpx.post(
        f"{hub.url}/graphql",
        json={"query": SUMMARY, "variables": {"code": code}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=WAIT,
    )
    body = response.json()
    assert "errors" not in body, body
    summary: dict[str, Any] = body["data"]["anomalySummary"]
    return summary


def open_with_token(driver: webdriver.Chrome, hub: LiveHub, token: str) -> None:
    """Opens the page listing PAGE_SIZE anomalies at a time, and signs in with the token."""
    driver.get(f"{hub.url}/oversight?first={PAGE_SIZE}")
    field = WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "token"))
    assert field.get_attribute("type") == "password"
    field.send_keys(token)
    driver.find_element(By.ID, "open").click()
    assert token not in driver.current_url


def wait_until_shown(driver: webdriver.Chrome, code: str) -> None:
    try:
        WebDriverWait(driver, WAIT).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == code
        )
    except TimeoutException:
        page = driver.find_element(By.TAG_NAME, "body").text[:500]
        raise AssertionError(f"region {code} was not shown within {WAIT} s: {page!r}") from None


def table_totals(driver: webdriver.Chrome) -> list[tuple[str, int]]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#children-body tr.child")
    return [
        (
            row.get_attribute("data-code") or "",
            int(row.find_element(By.CSS_SELECTOR, "td.total").text),
        )
        for row in rows
    ]


def expected_totals(summary: dict[str, Any]) -> dict[str, int]:
    return {child["region"]["code"]: child["total"] for child in summary["children"]}


def list_rows(driver: webdriver.Chrome) -> list[list[str]]:
    rows: list[WebElement] = driver.find_elements(By.CSS_SELECTOR, "#anomalies-body tr.anomaly")
    return [
        [row.find_element(By.CSS_SELECTOR, f"td.{column}").text for column in LIST_COLUMNS]
        for row in rows
    ]


def more_rows_than(count: int) -> Callable[[webdriver.Chrome], bool]:
    return lambda driver: len(list_rows(driver)) > count


def load_whole_list(driver: webdriver.Chrome) -> int:
    """Presses "Load more" until every anomaly is listed; returns the total."""
    total = int(driver.find_element(By.ID, "anomalies").get_attribute("data-total") or "0")
    while len(list_rows(driver)) < total:
        driver.find_element(By.ID, "more").click()
        WebDriverWait(driver, WAIT).until(more_rows_than(len(list_rows(driver))))
    return total


def downloaded(folder: Path, name: str) -> Path:
    target = folder / name
    deadline = time.monotonic() + WAIT
    while not (target.is_file() and not list(folder.glob("*.crdownload"))):
        if time.monotonic() > deadline:
            found = sorted(p.name for p in folder.glob("*")) if folder.is_dir() else []
            raise AssertionError(f"{name} was not downloaded within {WAIT} s: {found}")
        time.sleep(0.05)
    return target


def test_page_sends_a_strict_content_security_policy(live_hub: LiveHub) -> None:
    page = httpx.get(f"{live_hub.url}/oversight", timeout=WAIT)
    script = httpx.get(f"{live_hub.url}/oversight/oversight.js", timeout=WAIT)
    missing = httpx.get(f"{live_hub.url}/oversight/nothing.js", timeout=WAIT)

    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, policy
    assert "<script>" not in page.text
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert missing.status_code == 404


def test_oversight_reader_sees_region_drills_down_and_exports(
    live_hub: LiveHub, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    token = mint(live_hub.app, scopes=[OVERSIGHT_READ], regions=["32"])
    summary = api_summary(live_hub, token, "32")
    with screenshot_on_failure(browser, tmp_path):
        open_with_token(browser, live_hub, token)
        wait_until_shown(browser, "32")

        shown = table_totals(browser)
        assert dict(shown) == expected_totals(summary)
        assert all(code.startswith("32.") for code, _ in shown), shown
        assert [total for _, total in shown] == sorted((t for _, t in shown), reverse=True)
        bars = browser.find_elements(By.CSS_SELECTOR, "#chart svg rect.bar")
        assert [bar.get_attribute("data-code") for bar in bars] == [code for code, _ in shown]

        assert len(list_rows(browser)) == PAGE_SIZE
        niks = [row[LIST_COLUMNS.index("nik")] for row in list_rows(browser)]
        assert any(niks), "the list shows no NIK"
        assert all("*" in nik for nik in niks if nik), niks

        total = load_whole_list(browser)
        assert total > PAGE_SIZE, "too few anomalies to page through"
        listed = list_rows(browser)
        browser.find_element(By.ID, "export").click()
        with downloaded(tmp_path / "downloads", "anomalies-32.csv").open(newline="") as file:
            header, *rows = list(csv.reader(file))
        assert header == CSV_HEADER
        assert len(rows) == total == len(listed)
        assert [row[1:] for row in rows] == listed

        regency = next(code for code, count in shown if count > 0)
        browser.find_element(
            By.CSS_SELECTOR, f'#children-body tr[data-code="{regency}"] button.drill'
        ).click()
        wait_until_shown(browser, regency)

        crumbs = browser.find_element(By.ID, "breadcrumb").text
        regency_summary = api_summary(live_hub, token, regency)
        regency_name = next(
            child["region"]["name"]
            for child in summary["children"]
            if child["region"]["code"] == regency
        )
        assert "Jawa Barat" in crumbs and regency_name in crumbs, crumbs
        districts = table_totals(browser)
        assert dict(districts) == expected_totals(regency_summary)
        assert districts and all(code.startswith(f"{regency}.") for code, _ in districts)

        browser.find_element(By.CSS_SELECTOR, '#breadcrumb button.crumb[data-code="32"]').click()
        wait_until_shown(browser, "32")
        assert table_totals(browser) == shown


def test_token_without_oversight_read_shows_forbidden(
    live_hub: LiveHub, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    token = mint(live_hub.app, scopes=["registry:read"], regions=["32"])
    with screenshot_on_failure(browser, tmp_path):
        open_with_token(browser, live_hub, token)
        error = browser.find_element(By.ID, "error")
        WebDriverWait(browser, WAIT).until(lambda _: error.text)
        assert "FORBIDDEN" in error.text, error.text
        assert not browser.find_element(By.ID, "summary").is_displayed()


def test_national_token_starts_from_the_provinces(
    live_hub: LiveHub, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    token = mint(live_hub.app, scopes=[OVERSIGHT_READ], regions=["*"])
    with screenshot_on_failure(browser, tmp_path):
        browser.get(f"{live_hub.url}/oversight")
        browser.find_element(By.ID, "region-input").send_keys("*")
        browser.find_element(By.ID, "token").send_keys(token)
        browser.find_element(By.ID, "open").click()
        wait_until_shown(browser, "*")

        shown = dict(table_totals(browser))
        assert len(shown) == 38 and all("." not in code for code in shown), shown
        assert shown["32"] == api_summary(live_hub, token, "32")["total"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "#chart svg rect.bar")) == 38
