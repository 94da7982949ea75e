"""The map: places drawn on country outlines as SVG, at build time.

Markers are sized by the number of events at the place and link to its page;
labels are placed without collisions (:func:`place_labels`: for each place, most
events first, the first of a fixed list of positions around its marker that
overlaps no marker, no label placed before and stays inside the map; a place
with no room keeps its name in the tooltip and in the list beside the map).
Countries of the story's states are shaded and link to the state's page.

The module knows nothing of records: :mod:`generator.pages.views` gives it places.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ..core.geo import Ring, View, fit_view, world
from .svgtext import SVG_NS, drawing_id, href, num, shorten, text, text_width

__all__ = ["MAP_CSS", "Label", "PlaceMark", "Shade", "place_labels", "render_map"]

WIDTH: Final = 680.0
_LABEL_SIZE: Final = 13.0
_LABEL_HEIGHT: Final = 16.0
_LABEL_CHARS: Final = 32


@dataclass(frozen=True, slots=True)
class PlaceMark:
    id: str
    name: str
    href: str
    lon: float
    lat: float
    count: int  # events there
    current: bool = False  # the page's own place (a locator map)


@dataclass(frozen=True, slots=True)
class Shade:
    """A country to shade: an ISO 3166-1 alpha-2 code, and the state actor it stands for."""

    code: str
    name: str
    href: str


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    x: float
    y: float  # baseline
    anchor: str  # start, middle or end
    box: tuple[float, float, float, float]


def radius(count: int) -> float:
    """Marker radius: the area grows with the number of events, within bounds."""
    return min(16.0, 4.5 + 2.6 * math.sqrt(count))


def _box(x: float, y: float, anchor: str, width: float) -> tuple[float, float, float, float]:
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (left - 1, y - 12, left + width + 1, y + 4)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: Sequence[tuple[str, float, float, float]], width: float,
                 height: float) -> dict[int, Label]:
    """Labels for markers ``(name, x, y, r)`` in the order given (most important first).

    Returns the index of each labelled marker and its label; none overlaps a
    marker, another label or the edge.
    """
    markers = [(x - r, y - r, x + r, y + r) for _, x, y, r in points]
    placed: dict[int, Label] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for index, (name, x, y, r) in enumerate(points):
        label = shorten(name, _LABEL_CHARS)
        w = text_width(label, _LABEL_SIZE)
        for far in (0.0, 12.0, 26.0):
            d = r + 4 + far
            candidates = [
                (x + d, y + 4.5, "start"), (x - d, y + 4.5, "end"),
                (x, y - d - 2, "middle"), (x, y + d + 12, "middle"),
                (x + d * 0.7, y - d * 0.7 - 2, "start"), (x + d * 0.7, y + d * 0.7 + 10, "start"),
                (x - d * 0.7, y - d * 0.7 - 2, "end"), (x - d * 0.7, y + d * 0.7 + 10, "end"),
            ]
            found = None
            for lx, ly, anchor in candidates:
                box = _box(lx, ly, anchor, w)
                if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                    continue
                if any(_overlaps(box, m) for m in markers):
                    continue
                if any(_overlaps(box, b) for b in boxes):
                    continue
                found = Label(label, lx, ly, anchor, box)
                break
            if found is not None:
                placed[index] = found
                boxes.append(found.box)
                break
    return placed


def _path(rings: Sequence[Ring]) -> str:
    return "".join("M" + "L".join(f"{num(x)} {num(y)}" for x, y in ring) + "Z" for ring in rings)


@functools.lru_cache(maxsize=512)
def outline_paths(view: View) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The land without a code, and each country in sight (by code), as SVG paths.

    Projecting and clipping the outlines is most of a map's cost, and the events
    at one place share their locator map's view: each view is drawn once."""
    atlas = world()
    countries = ((code, _path(view.rings(atlas.countries[code].rings)))
                 for code in sorted(atlas.countries))
    return _path(view.rings(atlas.land)), tuple((c, p) for c, p in countries if p)


def render_map(places: Sequence[PlaceMark], shades: Sequence[Shade], *, title: str,
               description: str, width: float = WIDTH, caption: str = "",
               locator: bool = False) -> str:
    """The map as HTML: a figure with the SVG and a caption (legend and sources)."""
    view = fit_view([(p.lon, p.lat) for p in places], width,
                    min_height=240.0 if locator else 280.0,
                    max_height=300.0 if locator else 460.0)
    ids = drawing_id("map", title, description, *(p.id for p in places))
    atlas = world()
    shaded = {s.code: s for s in shades if s.code in atlas.countries}
    lines = [f'<svg xmlns="{SVG_NS}" class="ex-map" viewBox="0 0 {num(width)} '
             f'{num(view.height)}" width="{num(width)}" height="{num(view.height)}"'
             f' role="group" aria-labelledby="{ids}-title {ids}-desc">',
             f'<title id="{ids}-title">{text(title)}</title>',
             f'<desc id="{ids}-desc">{text(description)}</desc>',
             f'<rect class="ex-map__sea" width="{num(width)}" height="{num(view.height)}"/>',
             '<g class="ex-map__land">']
    land, countries = outline_paths(view)
    if land:
        lines.append(f'<path class="ex-country" d="{land}"/>')
    for code, path in countries:
        shade = shaded.get(code)
        if shade is None:
            lines.append(f'<path class="ex-country" d="{path}"/>')
        else:
            lines.append(f'<a class="ex-country-link" href="{href(shade.href)}">'
                         f"<title>{text(shade.name)}</title>"
                         f'<path class="ex-country ex-country--state" d="{path}"/></a>')
    lines.append("</g>")

    ordered = sorted(places, key=lambda p: (not p.current, -p.count, p.name.casefold(), p.id))
    spots = [(p, *view.project(p.lon, p.lat), radius(p.count)) for p in ordered]
    labels = place_labels([(p.name, x, y, r) for p, x, y, r in spots], width, view.height)
    lines.append('<g class="ex-map__places">')
    # Small markers on top of big ones, so that each can be reached.
    for index in sorted(range(len(spots)), key=lambda i: (-spots[i][3], i)):
        place, x, y, r = spots[index]
        noun = "event" if place.count == 1 else "events"
        classes = "ex-place" + (" ex-place--current" if place.current else "") + \
            (" ex-place--none" if place.count == 0 else "")
        current = ' aria-current="page"' if place.current else ""
        label = labels.get(index)
        label_svg = ""
        if label is not None:
            anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
            label_svg = (f'<text class="ex-place__label" x="{num(label.x)}" y="{num(label.y)}"'
                         f"{anchor}>{text(label.text)}</text>")
        lines.append(f'<a class="{classes}" href="{href(place.href)}"{current}>'
                     f"<title>{text(place.name)}: {place.count} {noun}</title>"
                     f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>{label_svg}</a>')
    lines.append("</g>")
    lines.append("</svg>")
    legend = ['<ul class="ex-legend">']
    if not locator:
        legend.append('<li><svg class="ex-map ex-legend__swatch" width="34" height="18"'
                      f' xmlns="{SVG_NS}" aria-hidden="true"><g class="ex-place">'
                      '<circle cx="8" cy="9" r="5"/><circle cx="25" cy="9" r="8"/></g></svg>'
                      "<span>a place; the more events there, the bigger</span></li>")
    if shaded:
        names = ", ".join(shaded[c].name for c in sorted(shaded, key=lambda c: shaded[c].name))
        legend.append('<li><svg class="ex-map ex-legend__swatch" width="34" height="18"'
                      f' xmlns="{SVG_NS}" aria-hidden="true"><rect class="ex-country'
                      ' ex-country--state" x="2" y="2" width="30" height="14"/></svg>'
                      f"<span>shaded: the states in the story ({text(names)})</span></li>")
    legend.append(f"<li><span>Projection: {text(view.projection)}; outlines: Natural Earth"
                  "</span></li>")
    legend.append("</ul>")
    return ('<figure class="ex-map-figure">\n<div class="ex-chart-scroll ex-map-scroll"'
            f' tabindex="0" role="region" aria-label="{text(title)} (scrolls sideways)">\n'
            + "\n".join(lines) + "\n</div>\n<figcaption>"
            '<span class="ex-chart-cue" aria-hidden="true">Scroll sideways to see the whole'
            " map.</span>" + (f"<span>{text(caption)}</span>" if caption else "")
            + "".join(legend) + "</figcaption>\n</figure>")


def view_of(places: Sequence[PlaceMark], width: float = WIDTH) -> View:
    """The view :func:`render_map` draws (for tests)."""
    return fit_view([(p.lon, p.lat) for p in places], width)


MAP_CSS: Final[str] = "\n".join([
    "/* Maps (generator/outputs/mapview.py). */",
    ".ex-map-figure { margin: 1em 0; }",
    ".ex-map-scroll > svg { display: block; width: 100%; min-width: 600px; height: auto; }",
    ".ex-map-figure figcaption { font-size: 0.7rem; text-align: left; max-width: none;"
    " margin: 0.3em 0 0; }",
    ".ex-map { color: var(--md-default-fg-color, #222); }",
    ".ex-map .ex-map__sea { fill: #eef3f7; }",
    ".ex-map .ex-country { fill: #d9dcd6; stroke: #ffffff; stroke-width: 0.6px;"
    " fill-rule: evenodd; }",
    ".ex-map .ex-country--state { fill: #efc59c; }",
    ".ex-map a.ex-country-link:hover .ex-country--state,"
    " .ex-map a.ex-country-link:focus .ex-country--state { fill: #e6a565; }",
    ".ex-map .ex-place circle { fill: #b3261e; fill-opacity: 0.85; stroke: #ffffff;"
    " stroke-width: 1.5px; }",
    ".ex-map .ex-place--none circle { fill: #ffffff; stroke: #b3261e; stroke-width: 2px; }",
    ".ex-map .ex-place--current circle { stroke: #1a1a1a; stroke-width: 2.5px; }",
    ".ex-map .ex-place__label { font-size: 13px; font-weight: 600; fill: #1a1a1a;"
    " paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }",
    ".ex-map a:hover .ex-place__label, .ex-map a:focus .ex-place__label"
    " { text-decoration: underline; }",
    ".ex-map a:focus-visible { outline: 2px solid var(--md-accent-fg-color, #526cfe);"
    " outline-offset: 2px; }",
    "[data-md-color-scheme=slate] .ex-map .ex-map__sea { fill: #18222c; }",
    "[data-md-color-scheme=slate] .ex-map .ex-country { fill: #3b4050; stroke: #1e2129; }",
    "[data-md-color-scheme=slate] .ex-map .ex-country--state { fill: #7a5433; }",
    "[data-md-color-scheme=slate] .ex-map a.ex-country-link:hover .ex-country--state,"
    " [data-md-color-scheme=slate] .ex-map a.ex-country-link:focus .ex-country--state"
    " { fill: #946640; }",
    "[data-md-color-scheme=slate] .ex-map .ex-place circle { fill: #ff8a65; stroke: #1e2129; }",
    "[data-md-color-scheme=slate] .ex-map .ex-place--none circle { fill: #1e2129;"
    " stroke: #ff8a65; }",
    "[data-md-color-scheme=slate] .ex-map .ex-place--current circle { stroke: #ffffff; }",
    "[data-md-color-scheme=slate] .ex-map .ex-place__label { fill: #f2f2f2; stroke: #1e2129; }",
    "@media (forced-colors: active) {",
    "  .ex-map .ex-country { fill: Canvas; stroke: CanvasText; }",
    "  .ex-map .ex-country--state { fill: GrayText; }",
    "  .ex-map .ex-place circle { fill: LinkText; stroke: Canvas; }",
    "  .ex-map .ex-place__label { fill: CanvasText; stroke: Canvas; }",
    "}",
    "",
])
