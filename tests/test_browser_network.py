"""The network drawings, measured in a real Chromium (Debian's), served on 127.0.0.1.

Two sites are built once: the default content, and a dense one (the synthetic
corpus of the benchmarks at about 1,100 records, past the network page's cap of
120 actors, plus a few actors with long names and claims between them). At
1280 px and 390 px, in Material's light (default) and dark (slate) schemes, every
drawing on the network page and on the actor pages is measured:

- no label's box overlaps another label's box or a dot;
- labels are drawn at 12 px or more (font size times the drawing's scale);
- every dot is a link to its actor's page, and every actor is drawn or named;
- without JavaScript the drawing is visible and its links work;
- axe-core finds no serious or critical violation;
- on a phone the drawing scrolls sideways inside its frame, with a visible cue,
  and the page itself does not.

Screenshots go to ``test-artifacts/network/`` (git-ignored), to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
import yaml
from browser_support import DESKTOP, ROOT, build_and_serve, copy_default_project, watch

from benchmarks.corpus import write_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow

SHOTS = ROOT / "test-artifacts" / "network"
PHONE = {"width": 390, "height": 844}
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}
SCHEMES = {"light": "default", "dark": "slate"}

#: Actors with long names, claims and responses between them, added to the dense site.
LONG_NAMES: dict[str, str] = {
    "actors/ministry-of-foreign-affairs-of-the-democratic-peoples-republic.yml": """\
name: Ministry of Foreign Affairs of the Democratic People's Republic of Korea
kind: government-body
summary: A ministry with a very long name.
relations:
  - type: part-of
    to: state-committee-for-the-supervision-of-international-arms-transfers
    sources: [long-names-report]
""",
    "actors/state-committee-for-the-supervision-of-international-arms-transfers.yml": """\
name: State Committee for the Supervision of International Arms Transfers and Dual-Use Goods
kind: organization
summary: A committee with a long name.
""",
    "actors/aleksandr-vladimirovich-konstantinopolsky.yml": """\
name: Aleksandr Vladimirovich Konstantinopolsky-Rimsky
kind: person
summary: A spokesperson with a long name.
relations:
  - type: spokesperson-for
    to: ministry-of-foreign-affairs-of-the-democratic-peoples-republic
    status: reported
    sources: [long-names-report]
""",
    "actors/a-lonely-actor-with-no-link.yml": """\
name: Международный комитет по наблюдению за перемирием
kind: organization
summary: An actor linked to no other, with a name in Cyrillic.
""",
    "claims/konstantinopolsky-claims-transfers.yml": """\
speaker: aleksandr-vladimirovich-konstantinopolsky
date: 2023-08
text: The committee approved the transfers.
about: [state-committee-for-the-supervision-of-international-arms-transfers]
sources: [long-names-report]
""",
    "claims/committee-denies-transfers.yml": """\
speaker: state-committee-for-the-supervision-of-international-arms-transfers
date: 2023-08
text: The committee approved nothing.
responds_to: konstantinopolsky-claims-transfers
stance: denies
sources: [long-names-report]
""",
    "sources/long-names-report.yml": """\
title: A report on actors with long names
kind: report
date: 2023-08
""",
}

#: Every node label, edge label and caption of each drawing, and every dot: boxes as
#: the browser lays them out. Overlaps of more than a tenth of a pixel either way count.
_MEASURE = """() => [...document.querySelectorAll('svg.ex-network')].map(svg => {
  const boxes = [];
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    boxes.push({kind: 'label', name: t.textContent, size, l: r.left, t: r.top, r: r.right,
                b: r.bottom});
  }
  for (const c of svg.querySelectorAll('circle')) {
    const r = c.getBoundingClientRect();
    const a = c.closest('a');
    boxes.push({kind: 'dot', name: a ? a.querySelector('title').textContent : '',
                l: r.left, t: r.top, r: r.right, b: r.bottom});
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.kind === 'dot' && b.kind === 'dot') continue;
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 0.1 && h > 0.1) overlaps.push(`${a.kind} ${a.name} / ${b.kind} ${b.name}`);
    }
  }
  const sizes = boxes.filter(b => b.kind === 'label').map(b => [b.name, b.size]);
  const frame = svg.parentElement;
  return {overlaps, sizes, labels: sizes.length, scrolls: frame.scrollWidth > frame.clientWidth};
})"""

_NODES = """els => els.map(e => [e.getAttribute('href'), e.querySelector('title').textContent])"""


@dataclass(frozen=True)
class Site:
    name: str
    project: Path
    url: str
    actor_pages: list[str]

    def actors(self) -> dict[str, str]:
        """Every actor: id → name, read from the content."""
        found = {}
        for path in sorted((self.project / "content" / "actors").glob("*.yml")):
            found[path.stem] = yaml.safe_load(path.read_text("utf-8"))["name"]
        return found


def _dense_project(target: Path) -> Path:
    write_project(1100, target)
    for rel, text in LONG_NAMES.items():
        (target / "content" / rel).write_text(text, encoding="utf-8")
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    config["theme"]["palette"] = [  # light and dark, by the reader's preference
        {"media": "(prefers-color-scheme: light)", "scheme": "default"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
    ]
    del config["site_url"]  # from SITE_URL, the address it is served at
    text = yaml.safe_dump(config, sort_keys=False)
    (target / "mkdocs.yml").write_text(f"site_url: !ENV SITE_URL\n{text}", "utf-8")
    return target


def _busiest_actors(project: Path, count: int) -> list[str]:
    """The actors named most often across the content: the biggest ego drawings."""
    from collections import Counter

    ids = {p.stem for p in (project / "content" / "actors").glob("*.yml")}
    seen: Counter[str] = Counter()
    for path in (project / "content").rglob("*.yml"):
        text = path.read_text("utf-8")
        for actor in ids:
            if actor in text:
                seen[actor] += 1
    return [a for a, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    default = copy_default_project(tmp_path_factory.mktemp("default"))
    dense = _dense_project(tmp_path_factory.mktemp("dense"))
    with build_and_serve(default) as default_url, build_and_serve(dense) as dense_url:
        default_actors = sorted(p.stem for p in (default / "content" / "actors").glob("*.yml"))
        dense_actors = [*_busiest_actors(dense, 6), *sorted(
            p.removesuffix(".yml").split("/")[1] for p in LONG_NAMES if p.startswith("actors/"))]
        yield {
            "default": Site("default", default, default_url,
                            [f"actors/{a}/" for a in default_actors]),
            "dense": Site("dense", dense, dense_url,
                          [f"actors/{a}/" for a in dict.fromkeys(dense_actors)]),
        }


@pytest.fixture(scope="module")
def shots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


def _page(browser: Browser, device: str, scheme: str, **options: Any) -> tuple[Any, Page]:
    ctx = browser.new_context(**DEVICES[device], **options)
    page = ctx.new_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    return ctx, page


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("name", ["default", "dense"])
def test_labels_never_overlap_and_are_at_least_12px(sites: dict[str, Site], browser: Browser,
                                                     shots: Path, name: str, device: str,
                                                     scheme: str) -> None:
    site = sites[name]
    ctx, page = _page(browser, device, scheme)
    problems: list[str] = []
    errors = watch(page)
    try:
        for path in ["network/", *site.actor_pages]:
            response = page.goto(site.url + path, wait_until="load")
            assert response is not None, path
            assert response.ok, path
            assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
            drawings = page.evaluate(_MEASURE)
            if path == "network/":
                assert drawings, f"{name}: no drawing on /network/"
            for drawing in drawings:
                problems += [f"/{path}: overlap: {o}" for o in drawing["overlaps"]]
                problems += [f"/{path}: {label!r} at {size:.1f}px"
                             for label, size in drawing["sizes"] if size < 12]
                if device == "phone":
                    cue = page.locator(".ex-network-cue").first
                    if drawing["scrolls"] and not cue.is_visible():
                        problems.append(f"/{path}: scrolls sideways without a visible cue")
                else:
                    assert not drawing["scrolls"], f"/{path} scrolls at desktop width"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > DEVICES[device]["viewport"]["width"]:
                problems.append(f"/{path}: the page is {width}px wide")
            if path == "network/" or path == site.actor_pages[0]:
                slug = path.strip("/").replace("/", "-")
                page.screenshot(path=str(shots / f"{name}-{slug}-{device}-{scheme}.png"),
                                full_page=True, animations="disabled")
    finally:
        ctx.close()
    assert problems == []
    assert errors == []


@pytest.mark.parametrize("name", ["default", "dense"])
def test_every_actor_is_reachable_from_the_drawings(sites: dict[str, Site], browser: Browser,
                                                    name: str) -> None:
    site = sites[name]
    ctx, page = _page(browser, "desktop", "light")
    try:
        page.goto(site.url + "network/", wait_until="load")
        nodes: list[list[str]] = page.eval_on_selector_all("svg.ex-network a.ex-node", _NODES)
        drawn = {href.strip("/").split("/")[-1] for href, _ in nodes}
        note = page.locator("article .admonition").all_inner_texts()
        actors = site.actors()
        missing = [actors[a] for a in actors if a not in drawn]
        if name == "default":
            assert missing == [], "every actor of the default story is drawn"
            assert note == []
        else:
            assert len(nodes) == len(drawn) == 120
            assert len(missing) == len(actors) - 120
            assert f"The 120 most connected of {len(actors)} actors" in note[0]
            assert any(actor in note[0] for actor in missing)  # named, most connected first
        # Each drawn dot reaches its actor's page, on the network page and on actor pages.
        checked: dict[str, str] = {}
        for path in ["network/", *site.actor_pages]:
            page.goto(site.url + path, wait_until="load")
            for href, title in page.eval_on_selector_all("svg.ex-network a.ex-node", _NODES):
                checked.setdefault(urljoin(page.url, href), title)
        other = ctx.new_page()
        wrong = []
        for url, title in sorted(checked.items()):
            response = other.goto(url, wait_until="domcontentloaded")
            heading = other.evaluate(
                "document.querySelector('article h1').firstChild.textContent.trim()")
            if response is None or not response.ok or heading != title:
                wrong.append(f"{url}: {response and response.status} {heading!r} != {title!r}")
        assert wrong == []
    finally:
        ctx.close()


def test_without_javascript_drawings_show_and_links_work(sites: dict[str, Site],
                                                         browser: Browser) -> None:
    site = sites["default"]
    ctx = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = ctx.new_page()
        for path in ("network/", "actors/north-korea/"):
            page.goto(site.url + path, wait_until="load")
            drawing = page.locator("svg.ex-network").first
            assert drawing.is_visible()
            box = drawing.bounding_box()
            assert box is not None
            assert box["width"] > 600
            assert box["height"] > 250
            assert page.locator(".ex-legend").first.is_visible()
            assert page.evaluate(_MEASURE)[0]["overlaps"] == []
        page.locator("svg.ex-network a.ex-node[data-id='russia'] circle").click()
        page.wait_for_url(site.url + "actors/russia/")
        assert page.inner_text("article h1").startswith("Russia")
    finally:
        ctx.close()


def test_network_page_lists_claims_and_isolated_actors_in_words(sites: dict[str, Site],
                                                                browser: Browser) -> None:
    ctx, page = _page(browser, "desktop", "light")
    try:
        page.goto(sites["default"].url + "network/", wait_until="load")
        text = page.inner_text("article")
        assert "Russia made a claim about North Korea" in text
        assert "John Kirby disputes a claim by North Korea" in text
        unlinked = next(line for line in text.splitlines()
                        if line.startswith("Not linked to any other actor:"))
        assert "Workers' Party of Korea" in unlinked
        titles = page.eval_on_selector_all("svg.ex-network .ex-edge > title",
                                           "els => els.map(e => e.textContent)")
        assert "John Kirby disputes a claim by North Korea" in titles
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_serious_accessibility_violation(sites: dict[str, Site], browser: Browser,
                                            scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ctx, page = _page(browser, "desktop", scheme)
    found = []
    try:
        for name, path in (("default", "network/"), ("default", "actors/north-korea/"),
                           ("dense", "network/"), ("dense", sites["dense"].actor_pages[0])):
            page.goto(sites[name].url + path, wait_until="load")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    found.append(f"{name} /{path}: {violation['id']} {violation['help']}: "
                                 f"{[n['target'] for n in violation['nodes']][:3]}")
    finally:
        ctx.close()
    assert found == []
