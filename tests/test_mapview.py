"""Unit tests of the maps: the vendored outlines, projections, fitting, clipping, labels, SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.geo import (
    Point,
    View,
    _centre_meridian,
    _equal_earth,
    _seam_pieces,
    country_code_hint,
    fit_view,
    world,
)
from generator.outputs.mapview import PlaceMark, Shade, place_labels, radius, render_map

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def _place(pid: str, lon: float, lat: float, count: int = 1, name: str | None = None) -> PlaceMark:
    return PlaceMark(pid, name or pid.title(), f"../places/{pid}/", lon, lat, count)


def test_the_outlines_ship_small_with_their_licence_note() -> None:
    data = resources.files("generator.core").joinpath("data")
    assert data.joinpath("world.json").read_bytes().__len__() < 200_000
    note = data.joinpath("README.md").read_text(encoding="utf-8")
    assert "public domain" in note
    assert "ISC" in note
    atlas = world()
    assert {"KP", "RU", "US", "UA", "KR"} <= set(atlas.countries)
    assert len(atlas.codes) >= 249


@pytest.mark.parametrize(("written", "hint"), [
    ("KP", "KP"), ("kp", "KP"), ("PRK", "KP"), ("North Korea", "KP"), ("Rusia", "RU"),
    ("ZZ", None),
])
def test_country_code_hints(written: str, hint: str | None) -> None:
    assert country_code_hint(written) == hint


def test_the_view_is_centred_on_the_shortest_arc() -> None:
    # Across the antimeridian: Tokyo and Honolulu are 120° apart over the Pacific.
    centre, span = _centre_meridian([139.7, -157.8])
    assert span == pytest.approx(62.5, abs=0.1)
    assert centre > 160 or centre < -170


def test_regional_and_world_projections() -> None:
    korea = fit_view([(125.76, 39.04), (131.89, 43.12)], 680)
    assert not korea.world_wide
    assert "equirectangular" in korea.projection
    story = fit_view([(-77.0, 38.9), (131.9, 43.1), (32.0, 49.0)], 680)
    assert story.world_wide
    assert story.projection == "Equal Earth"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-70, 75)), min_size=1, max_size=8))
def test_every_place_falls_inside_its_view(points: list[tuple[float, float]]) -> None:
    view = fit_view(points, 680)
    for lon, lat in points:
        x, y = view.project(lon, lat)
        assert -1 <= x <= view.width + 1
        assert -1 <= y <= view.height + 1


def test_a_ring_across_the_seam_is_cut_in_two() -> None:
    ring = [(170.0, 0.0), (190.0, 0.0), (190.0, 10.0), (170.0, 10.0)]
    pieces = _seam_pieces([((lon + 180) % 360 - 180, lat) for lon, lat in ring])
    assert len(pieces) == 2
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _ in piece)


def test_labels_never_overlap_markers_labels_or_edges() -> None:
    # A crowded cluster: many places a few pixels apart.
    points = [(f"Place number {i}", 300 + (i % 5) * 9.0, 150 + (i // 5) * 7.0, 6.0)
              for i in range(20)]
    labels = place_labels(points, 680, 320)
    boxes = [label.box for label in labels.values()]
    markers = [(x - r, y - r, x + r, y + r) for _, x, y, r in points]
    for i, a in enumerate(boxes):
        assert a[0] >= 0
        assert a[2] <= 680
        assert a[1] >= 0
        assert a[3] <= 320
        for b in boxes[i + 1:] + markers:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert len(labels) >= 6  # room is found for many of them


def test_markers_grow_with_events_within_bounds() -> None:
    assert radius(0) < radius(1) < radius(9) <= radius(10_000) == 16


def test_the_map_links_every_place_and_shaded_state() -> None:
    places = [_place("pyongyang", 125.76, 39.04, 4), _place("vladivostok", 131.89, 43.12, 1),
              _place("washington", -77.04, 38.9, 3)]
    html = render_map(places, [Shade("KP", "North Korea", "../actors/north-korea/"),
                               Shade("ZZ", "Nowhere", "../actors/nowhere/")],
                      title="Map", description="Places.")
    root = _svg(html)
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert sorted(h for h in hrefs if h and "places" in h) == sorted(p.href for p in places)
    assert "../actors/north-korea/" in hrefs
    assert "../actors/nowhere/" not in hrefs
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None
    assert "North Korea" in html
    assert "Natural Earth" in html


def test_same_places_same_bytes_and_names_are_escaped() -> None:
    places = [_place("x", 10.0, 10.0, 1, name="<b>X</b> & Y")]
    first = render_map(places, [], title="Map", description="D")
    assert first == render_map(places, [], title="Map", description="D")
    assert "<b>" not in first
    assert "&lt;b&gt;" in first


def test_a_script_link_is_refused() -> None:
    bad = PlaceMark("x", "X", "javascript:alert(1)", 0.0, 0.0, 1)
    with pytest.raises(ValueError, match="script link"):
        render_map([bad], [], title="Map", description="D")


# --- the fast paths of View.rings, against the plain method ------------------------------


def _plain_rings(view: View, rings: list[tuple[tuple[float, float], ...]]) -> list[list[Point]]:
    """View.rings as first written: test nine projected points of every outline's box,
    always cut at the seam (the unchanged ``_seam_pieces``), densify every edge,
    project each point with ``project``'s formula, then clip with the first
    Sutherland–Hodgman loop (the reference the fast paths must match bit for bit)."""
    def raw(lon: float, lat: float) -> Point:
        if view.world_wide:
            return _equal_earth(lon, lat)
        return math.radians(lon) * math.cos(math.radians(view.parallel)), -math.radians(lat)

    def may_show(ring: tuple[Point, ...]) -> bool:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        if east - west >= 180:
            return True
        rel_w, rel_e = view.relative_lon(west), view.relative_lon(east)
        if rel_e < rel_w:
            return True
        corners = [raw(lon, lat) for lon in (rel_w, (rel_w + rel_e) / 2, rel_e)
                   for lat in (south, north, *((0.0,) if south < 0 < north else ()))]
        xs = [x * view.scale + view.dx for x, _ in corners]
        ys = [y * view.scale + view.dy for _, y in corners]
        return not (max(xs) < -24 or min(xs) > view.width + 24
                    or max(ys) < -24 or min(ys) > view.height + 24)

    def densify(ring: list[Point]) -> list[Point]:
        out: list[Point] = []
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            out.append((x0, y0))
            n = int(max(abs(x1 - x0), abs(y1 - y0)) / 4.0)
            out.extend((x0 + (x1 - x0) * i / (n + 1), y0 + (y1 - y0) * i / (n + 1))
                       for i in range(1, n + 1))
        return out

    def clip_half(ring: list[Point], axis: int, limit: float, above: bool) -> list[Point]:
        def inside(p: Point) -> bool:
            return p[axis] >= limit if above else p[axis] <= limit

        def cross(a: Point, b: Point) -> Point:
            t = (limit - a[axis]) / (b[axis] - a[axis])
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        out: list[Point] = []
        for i, current in enumerate(ring):
            previous = ring[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    out = []
    box = (-4.0, -4.0, view.width + 4.0, view.height + 4.0)
    for ring in rings:
        if not may_show(ring):
            continue
        for piece in _seam_pieces([(view.relative_lon(lon), lat) for lon, lat in ring]):
            pixels = [(x * view.scale + view.dx, y * view.scale + view.dy)
                      for x, y in (raw(lo, la) for lo, la in densify(piece))]
            xs, ys = [p[0] for p in pixels], [p[1] for p in pixels]
            if not (min(xs) >= box[0] and max(xs) <= box[2]
                    and min(ys) >= box[1] and max(ys) <= box[3]):
                for axis, limit, above in ((0, box[0], True), (0, box[2], False),
                                           (1, box[1], True), (1, box[3], False)):
                    pixels = clip_half(pixels, axis, limit, above) if pixels else []
            thin: list[Point] = []
            for x, y in pixels:
                if not thin or abs(x - thin[-1][0]) + abs(y - thin[-1][1]) >= 0.8:
                    thin.append((x, y))
            if len(thin) >= 3:
                out.append(thin)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-70, 75)), min_size=1, max_size=4),
       st.booleans())
def test_the_fast_outline_paths_give_the_same_bits_as_the_plain_method(
        points: list[tuple[float, float]], locator: bool) -> None:
    """Regional views skip the nine-point box test and the seam cut where they cannot
    matter, and project without a call per point: every outline, bit for bit the same."""
    view = fit_view(points, 720.0, min_height=240.0 if locator else 280.0,
                    max_height=300.0 if locator else 460.0)
    atlas = world()
    for rings in (atlas.land, *(c.rings for c in atlas.countries.values())):
        assert view.rings(rings) == _plain_rings(view, list(rings))
