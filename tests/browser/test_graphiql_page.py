"""GraphiQL, opened in a real browser, runs queries against the live hub."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import LiveHub

WAIT = 10.0
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
HEADER_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESPONSE = ".graphiql-response .CodeMirror"
EXECUTE = "button.graphiql-execute-button"

_EDITOR_VALUE = """
const node = document.querySelector(arguments[0]);
return node && node.CodeMirror ? node.CodeMirror.getValue() : null;
"""
_SET_EDITOR_VALUE = """
const editor = document.querySelector(arguments[0]).CodeMirror;
window.simpulDocumentBefore = editor.documentAST;
editor.setValue(arguments[1]);
return editor.getValue();
"""
# GraphiQL re-parses the query editor's text shortly after a change (debounced), and runs
# the operation it found then: execute only once the parse reflects the new text.
_QUERY_PARSED = """
const editor = document.querySelector(arguments[0]).CodeMirror;
return editor.documentAST != null && editor.documentAST !== window.simpulDocumentBefore;
"""


@contextmanager
def screenshot_on_failure(driver: webdriver.Chrome, folder: Path) -> Iterator[None]:
    """Turns a failed check or browser error into an assertion naming a screenshot."""
    try:
        yield
    except (AssertionError, WebDriverException) as error:
        shot = folder / "graphiql-failure.png"
        try:
            taken = driver.save_screenshot(str(shot))
        except WebDriverException:
            taken = False
        where = str(shot) if taken else "none (the browser could not take one)"
        raise AssertionError(f"{error}\nscreenshot: {where}") from error


def editor_value(driver: webdriver.Chrome, selector: str) -> str | None:
    value: str | None = driver.execute_script(_EDITOR_VALUE, selector)
    return value


def set_editor_value(driver: webdriver.Chrome, selector: str, text: str) -> None:
    written = driver.execute_script(_SET_EDITOR_VALUE, selector, text)
    assert written == text, f"the editor at {selector} holds {written!r}"


def open_graphiql(driver: webdriver.Chrome, hub: LiveHub) -> None:
    """Loads the page and waits until GraphiQL's editors are ready."""
    driver.get(f"{hub.url}/graphql")
    try:
        WebDriverWait(driver, WAIT).until(
            lambda d: (
                editor_value(d, QUERY_EDITOR) is not None
                and d.find_elements(By.CSS_SELECTOR, EXECUTE)
            )
        )
    except TimeoutException:
        body = driver.find_element(By.TAG_NAME, "body").text[:500]
        raise AssertionError(f"GraphiQL did not render within {WAIT} s; page: {body!r}") from None
    scripts: list[str] = driver.execute_script(
        "return Array.from(document.scripts, s => s.src).filter(Boolean);"
    )
    assert scripts, "the page loaded no scripts"
    assert all(src.startswith(f"{hub.url}/graphiql/") for src in scripts), scripts


def show_headers(driver: webdriver.Chrome) -> str:
    """Opens the header editor's tab and returns its text."""
    tab = WebDriverWait(driver, WAIT).until(
        expected_conditions.element_to_be_clickable(
            (By.XPATH, "//button[normalize-space()='Headers']")
        )
    )
    tab.click()
    WebDriverWait(driver, WAIT).until(lambda d: editor_value(d, HEADER_EDITOR) is not None)
    return editor_value(driver, HEADER_EDITOR) or ""


def run_query(driver: webdriver.Chrome, query: str, *expected: str) -> dict[str, Any]:
    """Types the query, presses the execute button and waits for the expected text."""
    set_editor_value(driver, QUERY_EDITOR, query)
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(_QUERY_PARSED, QUERY_EDITOR))
    driver.find_element(By.CSS_SELECTOR, EXECUTE).click()
    shown: list[str] = [""]

    def answered(d: webdriver.Chrome) -> bool:
        shown[0] = editor_value(d, RESPONSE) or ""
        return all(text in shown[0] for text in expected)

    try:
        WebDriverWait(driver, WAIT).until(answered)
    except TimeoutException:
        raise AssertionError(
            f"the response pane did not show {expected} within {WAIT} s: {shown[0]!r}"
        ) from None
    body: dict[str, Any] = json.loads(shown[0])
    return body


def test_demo_token_runs_a_query_in_the_browser(
    live_hub: LiveHub, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    with screenshot_on_failure(browser, tmp_path):
        open_graphiql(browser, live_hub)
        headers = json.loads(show_headers(browser))
        scheme, _, token = headers["Authorization"].partition(" ")
        assert (scheme, token.count(".")) == ("Bearer", 2), headers

        body = run_query(
            browser, "{ me { clientId } regions { code name } }", "graphiql-demo", "Jawa Barat"
        )

        assert "errors" not in body, body
        assert body["data"]["me"] == {"clientId": "graphiql-demo"}
        assert {"code": "32", "name": "Jawa Barat"} in body["data"]["regions"]


def test_without_a_token_a_protected_query_is_unauthenticated(
    live_hub: LiveHub, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    with screenshot_on_failure(browser, tmp_path):
        open_graphiql(browser, live_hub)
        show_headers(browser)
        set_editor_value(browser, HEADER_EDITOR, "{}")

        body = run_query(browser, "{ households(first: 1) { totalCount } }", "UNAUTHENTICATED")

        codes = {error["extensions"]["code"] for error in body["errors"]}
        assert codes == {"UNAUTHENTICATED"}, body
        assert [error["path"] for error in body["errors"]] == [["households"]], body
        assert body["data"] == {"households": None}, body
