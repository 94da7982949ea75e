"""The timeline chart and the maps in a real Chromium, at desktop and phone width, light
and dark: labels measured in the page, links, JavaScript off, axe, and screenshots.

Two sites: the default content, and a fixture made to crowd the drawings (a
hundred events over seven decades with every kind of date, places a few
kilometres apart, a place without coordinates, no home story so that the
overview's strip is drawn). Screenshots of every view go to
``test-artifacts/views/`` (git-ignored), to look at after a run.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
from browser_support import DESKTOP, ROOT, build_and_serve, copy_default_project, watch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow

SHOTS = ROOT / "test-artifacts" / "views"
PHONE = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}

DEFAULT_PAGES = {
    "timeline": "timeline/",
    "map": "map/",
    "actor": "actors/kim-jong-un/",
    "actor-state": "actors/russia/",
    "place": "places/pyongyang/",
    "event": "events/shoigu-visit-to-pyongyang/",
}
FIXTURE_PAGES = {
    "home": "",
    "timeline": "timeline/",
    "map": "map/",
    "actor": "actors/kim-jong-un/",
    "place": "places/seoul/",
    "event": "events/crowd-event-7/",
}

_DATES = ["1950-06-25", "1953-07-27", "1968~", "1972-07-04", "1991-09-17", "1994-10?",
          "2000-06-13/2000-06-15", "2006-10-09", "2011-12/..", "2017-09-03", "2018-04-27",
          "2018-06-12", "2019-02-27/2019-02-28", "2019-06-30", "201X", "2020-06-16",
          "2022-02-24/..", "2022-09%", "2023-01", "2023-03-XX", "2023-07-25/2023-07-27",
          "2023-07-26?", "2023-08~/..", "2023-09-10/2023-09-17", "2023-09-04", "2023-10?",
          "../2023-08", "2023-11-21", "2024~"]
_PLACES = {"seoul": (37.5665, 126.978), "panmunjom": (37.956, 126.677),
           "kaesong": (37.971, 126.554), "sinuiju": (40.1006, 124.398),
           "dandong": (40.1244, 124.3947), "moscow": (55.7558, 37.6173),
           "tokyo": (35.6762, 139.6503), "singapore": (1.2903, 103.852),
           "hanoi": (21.0278, 105.8342), "havana": (23.1136, -82.3666)}
_ACTORS = ["kim-jong-un", "vladimir-putin", "sergei-shoigu", "north-korea", "russia",
           "united-states", "john-kirby", "white-house", "kcna", "wagner-group"]


def _fixture(project: Path) -> None:
    """The default project, crowded: many events, close places, an undrawn place."""
    copy_default_project(project)
    content = project / "content"
    for story in (content / "stories").glob("*.md"):
        story.write_text(story.read_text(encoding="utf-8").replace("home: true\n", ""),
                         encoding="utf-8")
    for pid, (lat, lon) in _PLACES.items():
        (content / "places" / f"{pid}.yml").write_text(
            f"name: {pid.title()}\nkind: city\ncoordinates: [{lat}, {lon}]\n", encoding="utf-8")
    (content / "places" / "undisclosed-site.yml").write_text(
        "name: An undisclosed site\nkind: facility\n", encoding="utf-8")
    rng = random.Random(13)
    places = [*_PLACES, "undisclosed-site", "pyongyang", "vladivostok"]
    for i in range(100):
        date = _DATES[i % len(_DATES)]
        status = "expected" if date.startswith(("2023-10", "2023-11", "2024")) else \
            rng.choice(["confirmed", "confirmed", "reported", "alleged", "postponed", "cancelled"])
        people = rng.sample(_ACTORS, rng.randint(0, 3))
        title = rng.choice(["Talks", "A very long title about a meeting of envoys and officials",
                            "Launch", "Statement on the summit", "Visit"]) + f" {i}"
        (content / "events" / f"crowd-event-{i}.yml").write_text(textwrap.dedent(f"""\
            title: "{title}"
            date: "{date}"
            status: {status}
            place: {places[i % len(places)]}
            participants: [{", ".join(people)}]
            tags: [{rng.choice(["diplomacy", "arms-trade", "history", "missiles"])}]
            summary: An event of the crowded fixture.
            sources: [nyt-kim-vladivostok-trip]
            """), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("as_of: 2023-09-05",
                                                                 "as_of: 2023-09-12"),
                      encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Path]]]:
    default = copy_default_project(tmp_path_factory.mktemp("default"))
    crowded = tmp_path_factory.mktemp("crowded")
    _fixture(crowded)
    with build_and_serve(default) as d_url, build_and_serve(crowded) as c_url:
        yield {"default": (d_url, default), "crowded": (c_url, crowded)}


def _pages(name: str) -> dict[str, str]:
    return DEFAULT_PAGES if name == "default" else FIXTURE_PAGES


def _context(browser: Browser, device: str, scheme: str, **extra: Any) -> Any:
    options: dict[str, Any] = ({"viewport": DESKTOP} if device == "desktop" else
                               {"viewport": PHONE, "is_mobile": True, "has_touch": True,
                                "device_scale_factor": 2})
    ctx = browser.new_context(**options, **extra)
    ctx.set_default_timeout(20_000)
    return ctx


# Every label of every drawing: its box, its font size as drawn (the CSS size times the
# SVG's scale), and the boxes of the map's markers, which labels must not cover either.
_MEASURE = """() => {
  const out = [];
  const drawings = 'svg.ex-chart:not(.ex-legend__swatch), svg.ex-map:not(.ex-legend__swatch)';
  document.querySelectorAll(drawings)
    .forEach((svg, n) => {
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      const labels = [...svg.querySelectorAll('text')].filter(t => {
        const a = t.closest('a'); return !(a && getComputedStyle(a).display === 'none');
      }).map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom,
                size: parseFloat(getComputedStyle(t).fontSize) * scale};
      });
      const markers = [...svg.querySelectorAll('.ex-place circle')].map(c => {
        const r = c.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom};
      });
      out.push({n, svg: {l: box.left, t: box.top, r: box.right, b: box.bottom}, labels, markers});
    });
  return out;
}"""


def _overlap(a: dict[str, float], b: dict[str, float], slack: float = 0.5) -> bool:
    return (a["l"] + slack < b["r"] and b["l"] + slack < a["r"]
            and a["t"] + slack < b["b"] and b["t"] + slack < a["b"])


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("site", ["default", "crowded"])
def test_labels_never_overlap_and_are_legible(sites: dict[str, tuple[str, Path]],
                                              browser: Browser, site: str, device: str,
                                              scheme: str) -> None:
    """And a screenshot of each view, for looking at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url, _ = sites[site]
    ctx = _context(browser, device, scheme)
    found: list[str] = []
    try:
        page = ctx.new_page()
        errors = watch(page)
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        for name, path in _pages(site).items():
            page.goto(url + path, wait_until="load")
            assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
            drawings = page.evaluate(_MEASURE)
            assert drawings, f"/{path}: no drawing"
            page.screenshot(path=str(SHOTS / f"{site}-{name}-{device}-{scheme}.png"),
                            full_page=True, animations="disabled")
            for drawing in drawings:
                labels, box = drawing["labels"], drawing["svg"]
                assert labels, f"/{path}: a drawing without any label"
                for i, a in enumerate(labels):
                    if device == "desktop" and a["size"] < 12:
                        found.append(f"/{path}: {a['text']!r} is {a['size']:.1f}px")
                    if a["l"] < box["l"] - 1 or a["r"] > box["r"] + 1:
                        found.append(f"/{path}: {a['text']!r} runs off the drawing")
                    found.extend(f"/{path}: {a['text']!r} overlaps {b['text']!r}"
                                 for b in labels[i + 1:] if _overlap(a, b))
                    found.extend(f"/{path}: {a['text']!r} covers a marker"
                                 for m in drawing["markers"] if _overlap(a, m))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > (DESKTOP if device == "desktop" else PHONE)["width"]:
                found.append(f"/{path}: the page is {width}px wide")
        assert errors == []
    finally:
        ctx.close()
    assert found == []


def _hrefs(page: Page, selector: str) -> set[str]:
    links = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return {urljoin(page.url, href).split("#")[0] for href in links}


@pytest.mark.parametrize("site", ["default", "crowded"])
def test_every_event_and_place_is_reachable_from_its_drawing(
        sites: dict[str, tuple[str, Path]], browser: Browser, site: str) -> None:
    url, project = sites[site]
    content = project / "content"
    ctx = _context(browser, "desktop", "light")
    try:
        page = ctx.new_page()
        page.goto(url + "timeline/", wait_until="load")
        events = {f"{url}events/{f.stem}/" for f in (content / "events").glob("*.yml")}
        assert _hrefs(page, "svg.ex-chart a.ex-mark") == events
        page.goto(url + "map/", wait_until="load")
        with_coordinates = {f"{url}places/{f.stem}/" for f in (content / "places").glob("*.yml")
                            if "coordinates:" in f.read_text(encoding="utf-8")}
        assert _hrefs(page, "svg.ex-map a.ex-place") == with_coordinates
        # The map's state shading links to the states' pages.
        assert f"{url}actors/north-korea/" in _hrefs(page, "svg.ex-map a.ex-country-link")
        if site == "crowded":
            listed = page.locator("#not-on-the-map + p + ul a").evaluate_all(
                "els => els.map(e => e.href)")
            assert listed == [f"{url}places/undisclosed-site/"]
            page.goto(url, wait_until="load")
            assert _hrefs(page, "svg.ex-chart a.ex-mark") == events  # the home page's strip
    finally:
        ctx.close()


def test_the_filter_filters_the_chart(sites: dict[str, tuple[str, Path]],
                                      browser: Browser) -> None:
    url, _ = sites["default"]
    ctx = _context(browser, "desktop", "light")
    try:
        page = ctx.new_page()
        page.goto(url + "timeline/", wait_until="load")
        page.select_option("select[name=actor]", "sergei-shoigu")
        shown = page.eval_on_selector_all(
            "svg.ex-chart a.ex-mark", "els => els.filter(e => getComputedStyle(e).display !== "
            "'none').map(e => e.getAttribute('data-actors'))")
        assert shown
        assert all("sergei-shoigu" in actors.split() for actors in shown)
        page.select_option("select[name=status]", "expected")
        statuses = page.eval_on_selector_all(
            "svg.ex-chart a.ex-mark", "els => els.filter(e => getComputedStyle(e).display !== "
            "'none').map(e => e.getAttribute('data-status'))")
        assert set(statuses) <= {"expected"}
        page.click("form[data-ex-filter] button[type=reset]")
        page.wait_for_function("!document.querySelector('svg.ex-chart a.ex-mark--out')")
    finally:
        ctx.close()


def test_focus_shows_title_date_and_status(sites: dict[str, tuple[str, Path]],
                                           browser: Browser) -> None:
    url, _ = sites["default"]
    ctx = _context(browser, "desktop", "light")
    try:
        page = ctx.new_page()
        page.goto(url + "timeline/", wait_until="load")
        page.focus("svg.ex-chart a.ex-mark[href*='kim-putin-vladivostok-meeting']")
        tip = page.locator(".ex-chart-tip")
        assert tip.is_visible()
        assert "September 2023 (uncertain)" in tip.inner_text()
        assert "expected" in tip.inner_text()
    finally:
        ctx.close()


@pytest.mark.parametrize("site", ["default", "crowded"])
def test_without_javascript_drawings_show_and_links_work(
        sites: dict[str, tuple[str, Path]], browser: Browser, site: str) -> None:
    url, _ = sites[site]
    ctx = _context(browser, "desktop", "light", java_script_enabled=False)
    try:
        page = ctx.new_page()
        for path in _pages(site).values():
            page.goto(url + path, wait_until="load")
            for svg in page.locator("svg.ex-chart:not(.ex-legend__swatch), svg.ex-map"
                                    ":not(.ex-legend__swatch)").all():
                box = svg.bounding_box()
                assert box is not None, path
                assert box["width"] > 300, path
                assert box["height"] > 100, path
        page.goto(url + "timeline/", wait_until="load")
        page.click("svg.ex-chart a.ex-mark[href*='shoigu-visit-to-pyongyang']")
        page.wait_for_url("**/events/shoigu-visit-to-pyongyang/")
        page.goto(url + "map/", wait_until="load")
        page.click("svg.ex-map a.ex-place[href*='vladivostok']", force=True)
        page.wait_for_url("**/places/vladivostok/")
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_serious_accessibility_violation_on_the_views(
        sites: dict[str, tuple[str, Path]], browser: Browser, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: list[str] = []
    ctx = _context(browser, "desktop", scheme)
    try:
        page = ctx.new_page()
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        for site, (url, _) in sites.items():
            for name, path in _pages(site).items():
                page.goto(url + path, wait_until="load")
                for violation in axe.run(page).response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [", ".join(n["target"]) for n in violation["nodes"]]
                        found.append(f"{site} {name} {scheme}: {violation['id']} "
                                     f"{violation['help']}: {targets[:3]}")
    finally:
        ctx.close()
    assert found == []
