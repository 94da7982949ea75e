"""The built default site in a real Chromium (Debian's), served on 127.0.0.1.

Locally these tests skip when Chromium is missing; in CI (CI=true) a missing
browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

pytestmark = pytest.mark.slow


def _require_browser() -> None:
    missing = not Path(CHROMIUM).exists() or shutil.which("chromium") is None
    if missing and os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    if missing:
        pytest.skip(f"{CHROMIUM} is not installed")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("project")
    for name in ("content", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    site = project / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                    "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: object, url: str) -> tuple[object, list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    return page, errors


@pytest.mark.parametrize("path", [
    "", "actors/", "actors/sergei-shoigu/", "events/shoigu-visit-to-pyongyang/",
    "claims/russia-denies-seeking-north-korean-arms/", "sources/nsc-statement-2023-09-04/",
    "places/vladivostok/", "glossary/", "about/",
])
def test_page_loads_without_console_errors(browser: object, site_url: str, path: str) -> None:
    page, errors = _open(browser, site_url + path)
    assert page.title()  # type: ignore[attr-defined]
    assert errors == []


def test_event_names_participants_by_title_on_the_day(browser: object, site_url: str) -> None:
    page, _ = _open(browser, site_url + "events/shoigu-visit-to-pyongyang/")
    text = page.inner_text("article")  # type: ignore[attr-defined]
    assert "Sergei Shoigu, Minister of Defence" in text
    assert "25–27 July 2023" in text


def test_participant_link_reaches_the_actor_page(browser: object, site_url: str) -> None:
    page, _ = _open(browser, site_url + "events/shoigu-visit-to-pyongyang/")
    page.click("article a:text-is('Sergei Shoigu')")  # type: ignore[attr-defined]
    page.wait_for_url("**/actors/sergei-shoigu/")  # type: ignore[attr-defined]
    assert page.inner_text("h1").startswith("Sergei Shoigu")  # type: ignore[attr-defined]


def test_sidebar_lists_hubs_not_records(browser: object, site_url: str) -> None:
    page, _ = _open(browser, site_url + "actors/kim-jong-un/")
    nav = page.inner_text("nav.md-nav--primary")  # type: ignore[attr-defined]
    for hub in ("Actors", "Events", "Claims", "Sources", "Places"):
        assert hub in nav
    assert "Vladimir Putin" not in nav


def test_glossary_term_is_a_tooltip(browser: object, site_url: str) -> None:
    page, _ = _open(browser, site_url)
    titles = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "article abbr", "els => els.map(e => e.textContent + '=' + e.title)")
    assert any(t.startswith("NSC=National Security Council") for t in titles)
