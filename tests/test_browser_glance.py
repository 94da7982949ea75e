"""The home page's panels and the hover previews of record links, in Chromium.

Screenshots go to ``test-artifacts/glance/`` (git-ignored), to look at after a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import ROOT, build_and_serve, copy_default_project, launch, require_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

SHOTS = ROOT / "test-artifacts" / "glance"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": "default", "dark": "slate"}
PANELS = ("facts", "latest", "disputed", "next")

#: A page written by hand that links records with [[id]].
HAND_WRITTEN = "# Reading notes\n\nStart with [[shoigu-visit-to-pyongyang]] and [[kim-jong-un]].\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_default_project(tmp_path_factory.mktemp("glance"))
    (project / "docs" / "reading.md").write_text(HAND_WRITTEN, encoding="utf-8")
    with build_and_serve(project) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("device", list(WIDTHS))
def test_home_panels_render(site: str, browser: Browser, device: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    viewport = WIDTHS[device]
    options: dict[str, Any] = {"viewport": viewport}
    if device == "phone":
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    ctx = browser.new_context(**options)
    try:
        page = ctx.new_page()
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        page.goto(site, wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
        for kind in PANELS:
            panel = page.locator(f".ex-panel--{kind}")
            assert panel.count() == 1, kind
            box = panel.bounding_box()
            assert box is not None, kind
            assert box["width"] > viewport["width"] * 0.6 or viewport["width"] > 1000, kind
            assert box["x"] >= 0, kind
            assert box["x"] + box["width"] <= viewport["width"], kind
        facts = page.locator(".ex-panel--facts")
        for label in ("What", "Who", "Where", "When", "Status"):
            assert facts.locator("dt", has_text=label).count() == 1, label
        # Legible: no text in a panel under 12 px (but the citation marks, superscript as on
        # every page), no label overlapping its text.
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
            '.ex-panel, .ex-panel *')].filter(e => !e.closest('sup, .footnote-ref'))
            .filter(e => e.childNodes.length && [...e.childNodes]
            .some(n => n.nodeType === 3 && n.textContent.trim())).map(e =>
            parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= 12, f"{smallest}px text in a panel"
        overlaps = page.evaluate("""() => { const out = [];
            for (const dt of document.querySelectorAll('.ex-panel--facts dt')) {
              const dd = dt.nextElementSibling; if (!dd) continue;
              const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
              if (a.right > b.left + 1 && a.bottom > b.top + 1 && a.top < b.bottom - 1)
                out.push(dt.textContent); }
            return out; }""")
        assert overlaps == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"home-{device}-{scheme}.png"), full_page=True,
                        animations="disabled")
        page.locator(".ex-panel--facts").screenshot(
            path=str(SHOTS / f"facts-{device}-{scheme}.png"), animations="disabled")
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})"
                   for v in Axe().run(page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        ctx.close()


@pytest.mark.parametrize(("path", "target"), [
    ("actors/kim-jong-un/", "events/shoigu-visit-to-pyongyang/"),  # a generated page
    ("reading/", "events/shoigu-visit-to-pyongyang/"),  # a page written by hand
])
def test_hovering_a_record_link_shows_its_preview(site: str, browser: Browser, path: str,
                                                  target: str) -> None:
    ctx = browser.new_context(viewport=WIDTHS["desktop"])
    try:
        page = ctx.new_page()
        page.goto(site + path, wait_until="load")
        link = page.locator(f'article a[href$="{target}"]').first
        assert link.get_attribute("data-preview") == ""
        link.hover()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=10_000)
        text = tooltip.inner_text()
        assert "Sergei Shoigu visits Pyongyang" in text
        assert "25–27 July 2023" in text
        assert "CONFIRMED" in text.upper()
        assert "70th anniversary" in text  # the summary
        page.screenshot(path=str(SHOTS / f"preview-{path.strip('/').replace('/', '-')}.png"))
    finally:
        ctx.close()


def test_without_javascript_a_record_link_is_a_plain_link(site: str, browser: Browser) -> None:
    ctx = browser.new_context(viewport=WIDTHS["desktop"], java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site + "reading/", wait_until="load")
        link = page.locator('article a[href$="events/shoigu-visit-to-pyongyang/"]').first
        link.click()
        page.wait_for_load_state("load")
        assert page.url.rstrip("/").endswith("events/shoigu-visit-to-pyongyang")
    finally:
        ctx.close()


def test_shots_folder_is_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "test-artifacts" in ignored
