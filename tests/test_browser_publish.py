"""The hosted site's extras in a real Chromium (Debian's): redirects, structured data, feed.

A small project (MINIMAL content, with a renamed actor and a record whose text
tries to close a script element) is built with ``mkdocs build --strict`` for the
loopback address it is then served at. Locally the tests skip when Chromium or
Playwright is missing; in CI (``CI`` set) that is a failure.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from browser_support import ROOT, build_and_serve, watch
from conftest import AS_OF, MINIMAL, write_files

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

HOSTILE = "</script><script>alert(1)</script>"

pytestmark = pytest.mark.slow

MKDOCS_YML = f"""\
site_name: Renamed records
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: docs
theme:
  name: material
  custom_dir: overrides
  font: false
plugins:
  - search
  - explainer:
      as_of: {AS_OF}
"""


def _content() -> dict[str, str]:
    alice = textwrap.dedent(MINIMAL["actors/alice.yml"]).replace(
        "name: Alice Example", "name: Alice Example\nformerly: [alice-example, a-example]")
    quoted = json.dumps(HOSTILE)
    return {
        "actors/alice.yml": alice,
        "events/hostile.yml": f"""\
            title: {quoted}
            date: 2023-08-01
            summary: {quoted}
            participants: [alice]
            sources: [report-one]
            """,
    }


@dataclass(frozen=True)
class Served:
    site: Path
    url: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The project built for the loopback address it is served at."""
    project = tmp_path_factory.mktemp("renamed")
    write_files(project / "content", MINIMAL)
    write_files(project / "content", _content())
    (project / "docs").mkdir()
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    with build_and_serve(project) as url:
        yield Served(project / "site", url)


def _watched(context: BrowserContext) -> tuple[Page, list[str]]:
    page = context.new_page()
    return page, watch(page)


def _h1(page: Page) -> str:
    return page.inner_text("article h1").strip()


@pytest.mark.parametrize("old", ["alice-example", "a-example"])
def test_a_former_id_lands_on_the_renamed_page(served: Served, context: BrowserContext,
                                               old: str) -> None:
    page, problems = _watched(context)
    response = page.goto(f"{served.url}actors/{old}/", wait_until="load")
    assert response is not None
    assert response.ok
    page.wait_for_url(f"{served.url}actors/alice/")
    page.wait_for_selector("article h1")
    assert _h1(page) == "Alice Example"
    assert problems == []


def test_structured_data_holds_hostile_text_as_data(served: Served,
                                                    context: BrowserContext) -> None:
    page, problems = _watched(context)
    page.goto(f"{served.url}events/hostile/", wait_until="load")
    scripts = page.evaluate(
        """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
                 .map(s => s.textContent)""")
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "Event"
    assert data["name"] == HOSTILE
    assert data["description"] == HOSTILE
    assert data["@id"] == f"{served.url}events/hostile/#event"
    injected = page.evaluate(
        """() => [...document.scripts].filter(s => s.type !== 'application/ld+json'
                 && s.textContent.includes('alert(1)')).length""")
    assert injected == 0
    assert page.title().startswith(HOSTILE)  # shown as text in the tab, not run
    assert HOSTILE in _h1(page)
    assert problems == []


def test_the_feed_link_in_the_head_reaches_the_feed(served: Served,
                                                    context: BrowserContext) -> None:
    page, problems = _watched(context)
    page.goto(f"{served.url}actors/alice/", wait_until="load")
    feed_link = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    href = feed_link.get_attribute("href")
    assert href == f"{served.url}feed.xml"
    response = page.request.get(href)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert [e.id for e in feed.entries] == [f"{served.url}events/hostile/",
                                           f"{served.url}events/summit/"]
    assert feed.entries[0].title == HOSTILE
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description == "A spokesperson for Acme Ministry."
    assert problems == []
