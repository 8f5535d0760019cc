"""A live hub on a free local port and a headless Chromium driven by Selenium."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.graphiql import asset_urls
from gateway.settings import Settings
from resolvers.population import Population

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "build" / "graphiql"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
STARTUP_TIMEOUT = 10.0


def download_prefs(folder: Path) -> dict[str, object]:
    """Chromium preferences that save downloads to ``folder`` without asking."""
    return {
        "download.default_directory": str(folder),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
    }


@dataclass(frozen=True)
class LiveHub:
    app: Starlette
    url: str


def _require_assets() -> None:
    missing = [name for name, url in asset_urls(UI_DIR).items() if not url.startswith("/")]
    if missing:
        pytest.fail(
            f"GraphiQL's assets are missing from {UI_DIR} ({', '.join(missing)}): "
            "run `make assets` (needs npm) before the browser tests",
            pytrace=False,
        )


def _require_browser() -> None:
    absent = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if absent:
        pytest.fail(
            f"{' and '.join(absent)} not found: install Debian's packages with "
            "`apt-get install -y chromium chromium-driver`",
            pytrace=False,
        )


def _wait_until_serving(server: uvicorn.Server, thread: threading.Thread, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            pytest.fail("the hub's server thread stopped during startup", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"the hub did not start within {STARTUP_TIMEOUT} s", pytrace=False)
        time.sleep(0.02)
    response = httpx.get(f"{url}/healthz", timeout=STARTUP_TIMEOUT)
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def live_hub(settings: Settings, population: Population) -> Iterator[LiveHub]:
    """The hub in dev mode, served by uvicorn in a background thread on 127.0.0.1."""
    _require_assets()
    app = create_app(replace(settings, dev_mode=True, ui_dir=UI_DIR))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    config = uvicorn.Config(
        app,
        lifespan="on",
        loop="asyncio",
        http="h11",
        ws="none",
        log_config=None,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="simpul-live-hub", daemon=True
    )
    thread.start()
    try:
        _wait_until_serving(server, thread, url)
        yield LiveHub(app, url)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        listener.close()
        assert not thread.is_alive(), "the hub's server did not stop"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile (so GraphiQL starts from its defaults) that
    saves downloads to ``tmp_path / "downloads"``."""
    _require_browser()
    profile = tmp_path / "chromium-profile"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", download_prefs(tmp_path / "downloads"))
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.set_page_load_timeout(15)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
