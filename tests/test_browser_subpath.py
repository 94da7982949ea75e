"""A site built for a sub-path (a pull-request preview) works when served there."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    build_site,
    copy_default_project,
    require_browser,
    serve,
    watch,
)

pytestmark = pytest.mark.slow
PREFIX = "pr-preview/pr-7/"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    root = tmp_path_factory.mktemp("host")
    project = copy_default_project(tmp_path_factory.mktemp("project"))
    # The port must be known before the build: SITE_URL names it.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    site = build_site(project, root / PREFIX, SITE_URL=f"http://127.0.0.1:{port}/{PREFIX}")
    with serve(root, {f"/{PREFIX}": site / "404.html"}, port=port) as base:
        yield base + PREFIX


@pytest.fixture(scope="module")
def page(preview: str, browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.errors = watch(tab)
    yield tab
    tab.close()


def _stylesheets_loaded(page: Any) -> bool:
    return bool(page.evaluate(
        "() => [...document.styleSheets].some(s => (s.href || '').includes('explainer.css'))"
        " && getComputedStyle(document.querySelector('.md-header')).position !== 'static'"))


def test_assets_and_links_work_under_the_sub_path(page: Any, preview: str) -> None:
    page.goto(preview)
    assert _stylesheets_loaded(page)
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Actors").first.click()
    page.wait_for_url(preview + "actors/")
    page.click("article a:text-is('Sergei Shoigu')")
    page.wait_for_url(preview + "actors/sergei-shoigu/")
    assert page.inner_text("h1").startswith("Sergei Shoigu")
    assert page.errors == []


def test_search_works_under_the_sub_path(page: Any, preview: str) -> None:
    page.goto(preview)
    page.click(".md-search__input")
    page.keyboard.type("Shoigu", delay=20)
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for()
    # His own page is the first result (actor pages are boosted in the search).
    assert "actors/sergei-shoigu/" in (first.get_attribute("href") or "")
    first.click()
    page.wait_for_url(preview + "actors/sergei-shoigu/**")


def test_the_404_page_works_under_the_sub_path(page: Any, preview: str) -> None:
    response = page.goto(preview + "actors/nobody-by-this-name/")
    assert response is not None
    assert response.status == 404
    assert _stylesheets_loaded(page)
    page.click(".md-header__button.md-logo")
    page.wait_for_url(preview)


def test_canonical_links_name_the_sub_path(page: Any, preview: str) -> None:
    page.goto(preview + "events/")
    canonical = page.get_attribute("link[rel=canonical]", "href")
    assert canonical == preview + "events/"
    assert Path(page.url).name  # a real URL, not about:blank
