"""Country outlines, map projections and clipping, for the maps drawn at build time.

The outlines ship with the package (``data/world.json``: Natural Earth 1:110m,
public domain, as packaged by the npm package ``world-atlas``; regenerate with
``tools/world_atlas.py``). Nothing is fetched: no tiles, no network.

A view is fitted to some points: it is centred on the shortest stretch of
longitude that holds them all (so a story in the Pacific is not cut at the
antimeridian), drawn in the Equal Earth projection when it spans much of the
world and in an equirectangular projection true at its middle latitude when
it covers a region, and given a margin around the points.
"""

from __future__ import annotations

import difflib
import enum
import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final

__all__ = [
    "Country",
    "View",
    "World",
    "fit_view",
    "world",
]

Point = tuple[float, float]
Ring = list[Point]

#: A view wider than this (degrees of longitude) or taller (latitude) is a world view.
_WIDE_LON: Final = 90.0
_WIDE_LAT: Final = 55.0
#: The least stretch shown around the points, in degrees (a locator map of one city).
_MIN_LON: Final = 24.0
_MIN_LAT: Final = 14.0
_MARGIN: Final = 0.18  # of the points' extent, on each side


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    rings: tuple[tuple[Point, ...], ...]  # (longitude, latitude)


@dataclass(frozen=True, slots=True)
class World:
    countries: dict[str, Country]
    land: tuple[tuple[Point, ...], ...]  # outlines without an ISO code
    codes: dict[str, tuple[str, str]]  # alpha-2 → (name, alpha-3), every ISO 3166-1 code


def _points(flat: Sequence[int]) -> tuple[Point, ...]:
    return tuple((flat[i] / 10, flat[i + 1] / 10) for i in range(0, len(flat), 2))


@functools.cache
def world() -> World:
    """The outlines and the ISO 3166-1 codes, read once per process."""
    raw = json.loads(resources.files("generator.core").joinpath("data/world.json")
                     .read_text(encoding="utf-8"))
    countries = {code: Country(code, item["name"], tuple(_points(r) for r in item["rings"]))
                 for code, item in raw["countries"].items()}
    codes = {code: (name, alpha3) for code, (name, alpha3) in raw["codes"].items()}
    return World(countries, tuple(_points(r) for r in raw["land"]), codes)


def country_code_hint(value: str) -> str | None:
    """``value`` if it is an ISO 3166-1 alpha-2 code; else the code it most likely means
    (lower case, an alpha-3 code, a country's name), or None."""
    codes = world().codes
    if value in codes:
        return value
    wanted = " ".join(value.split()).casefold()
    if wanted.upper() in codes:
        return wanted.upper()
    for code, (name, alpha3) in codes.items():
        if wanted in (alpha3.casefold(), name.casefold()):
            return code
    for code, country in world().countries.items():
        if wanted == country.name.casefold():
            return code
    names = {name.casefold(): code for code, (name, _) in codes.items()}
    names.update({c.name.casefold(): code for code, c in world().countries.items()})
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


# --- projections --------------------------------------------------------------------

# Equal Earth (Šavrič, Patterson, Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> Point:
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (
        _M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y


class _Sight(enum.Enum):
    """What a view must do with an outline."""

    HIDDEN = "out of sight"
    WHOLE = "project it as it is"
    CUT = "cut it at the seam first"


@dataclass(frozen=True, slots=True)
class View:
    """A fitted map: projection, centre meridian, scale and size in pixels."""

    centre_lon: float
    world_wide: bool
    parallel: float  # the standard parallel of the regional projection
    scale: float
    dx: float
    dy: float
    width: float
    height: float

    @property
    def projection(self) -> str:
        return ("Equal Earth" if self.world_wide else
                f"equirectangular, true at {abs(self.parallel):.0f}° "
                f"{'N' if self.parallel >= 0 else 'S'}")

    def relative_lon(self, lon: float) -> float:
        """Longitude from the centre meridian, in [-180, 180)."""
        return (lon - self.centre_lon + 180.0) % 360.0 - 180.0

    def _raw(self, rel_lon: float, lat: float) -> Point:
        if self.world_wide:
            return _equal_earth(rel_lon, lat)
        return math.radians(rel_lon) * math.cos(math.radians(self.parallel)), \
            -math.radians(lat)

    def project(self, lon: float, lat: float) -> Point:
        x, y = self._raw(self.relative_lon(lon), lat)
        return x * self.scale + self.dx, y * self.scale + self.dy

    def rings(self, rings: Iterable[Sequence[Point]], tolerance: float = 0.8) -> list[Ring]:
        """Rings in pixels: cut at the seam opposite the centre, clipped to the view."""
        out: list[Ring] = []
        pad = 4.0
        box = (-pad, -pad, self.width + pad, self.height + pad)
        centre = self.centre_lon
        for ring in rings:
            sight = self._sight(ring)
            if sight is _Sight.HIDDEN:
                continue
            # relative_lon, inline: this runs for every point of every map.
            relative = [((lon - centre + 180.0) % 360.0 - 180.0, lat) for lon, lat in ring]
            pieces = [relative] if sight is _Sight.WHOLE else _seam_pieces(relative)
            for piece in pieces:
                clipped = _clip_box(self._pixels(_densify(piece)), box)
                thin = _thin(clipped, tolerance)
                if len(thin) >= 3:
                    out.append(thin)
        return out

    def _pixels(self, ring: Ring) -> Ring:
        """Points in relative longitude and latitude, in pixels: what :meth:`project`
        computes, with the same operations in the same order (so the same bits)."""
        scale, dx, dy = self.scale, self.dx, self.dy
        if self.world_wide:
            return [(x * scale + dx, y * scale + dy)
                    for x, y in (_equal_earth(lo, la) for lo, la in ring)]
        radians, stretch = math.radians, math.cos(math.radians(self.parallel))
        return [(radians(lo) * stretch * scale + dx, -radians(la) * scale + dy)
                for lo, la in ring]

    def _sight(self, ring: Sequence[Point]) -> _Sight:
        """Whether a ring's box of longitude and latitude may fall inside the view
        (a cheap test that spares projecting the countries out of sight), and
        whether the seam may cut it."""
        west, east, south, north = _ring_bounds(ring)
        if east - west >= 180:
            return _Sight.CUT
        rel_w, rel_e = self.relative_lon(west), self.relative_lon(east)
        if rel_e < rel_w:
            return _Sight.CUT  # across the seam: the cut decides
        if self.world_wide:
            corners = [self._raw(lon, lat) for lon in (rel_w, (rel_w + rel_e) / 2, rel_e)
                       for lat in (south, north, *((0.0,) if south < 0 < north else ()))]
        else:
            # The regional projection is monotone in each axis: the box's corners are
            # its extremes (the same bits as projecting all nine points).
            corners = [self._raw(rel_w, north), self._raw(rel_e, south)]
        xs = [x * self.scale + self.dx for x, _ in corners]
        ys = [y * self.scale + self.dy for _, y in corners]
        pad = 24.0
        if (max(xs) < -pad or min(xs) > self.width + pad
                or max(ys) < -pad or min(ys) > self.height + pad):
            return _Sight.HIDDEN
        # Less than half the world wide and clear of the seam: its relative longitudes
        # run without a jump, inside [-180, 180), and cutting would keep every point.
        return _Sight.WHOLE if rel_w > -180.0 else _Sight.CUT


#: Each outline's box, by the outline's identity: the outlines live as long as the
#: process (``world()``), and every map of a build tests each of them.
_BOUNDS: dict[int, tuple[Sequence[Point], tuple[float, float, float, float]]] = {}


def _ring_bounds(ring: Sequence[Point]) -> tuple[float, float, float, float]:
    """West, east, south and north of a ring, in degrees."""
    known = _BOUNDS.get(id(ring))
    if known is not None and known[0] is ring:
        return known[1]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    bounds = (min(lons), max(lons), min(lats), max(lats))
    _BOUNDS[id(ring)] = (ring, bounds)
    return bounds


def _densify(ring: Ring, step: float = 4.0) -> Ring:
    """Points added along long edges, so that the cut edges curve with the projection."""
    out: Ring = []
    append = out.append
    for point, (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        append(point)
        x0, y0 = point
        # Most edges of the 1:110m outlines are short. (For a power of two such as
        # the default step the test is exactly "n >= 1"; else it may leave out a point
        # that the division would add.)
        if abs(x1 - x0) >= step or abs(y1 - y0) >= step:
            n = int(max(abs(x1 - x0), abs(y1 - y0)) / step)
            out.extend((x0 + (x1 - x0) * i / (n + 1), y0 + (y1 - y0) * i / (n + 1))
                       for i in range(1, n + 1))
    return out


def _seam_pieces(ring: Ring) -> list[Ring]:
    """A ring in relative longitudes, unwrapped and cut to [-180, 180]."""
    if not ring:
        return []
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        prev = unwrapped[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        unwrapped.append((lon, lat))
    low, high = min(p[0] for p in unwrapped), max(p[0] for p in unwrapped)
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        if high + shift < -180 or low + shift > 180:
            continue
        moved = [(lon + shift, lat) for lon, lat in unwrapped]
        if low + shift >= -180 and high + shift <= 180:
            clipped = moved  # all of it inside: clipping would keep every point
        else:
            clipped = _clip_half(_clip_half(moved, 0, -180.0, True), 0, 180.0, False)
        if len(clipped) >= 3:
            pieces.append(clipped)
    return pieces


def _clip_half(ring: Ring, axis: int, limit: float, keep_above: bool) -> Ring:
    """Sutherland–Hodgman against one axis-parallel line."""
    if not ring:
        return []
    inside = ([p[axis] >= limit for p in ring] if keep_above
              else [p[axis] <= limit for p in ring])
    out: Ring = []
    append = out.append
    previous, was_inside = ring[-1], inside[-1]
    for current, now_inside in zip(ring, inside, strict=True):
        if now_inside != was_inside:  # the edge crosses the line
            t = (limit - previous[axis]) / (current[axis] - previous[axis])
            append((previous[0] + t * (current[0] - previous[0]),
                    previous[1] + t * (current[1] - previous[1])))
        if now_inside:
            append(current)
        previous, was_inside = current, now_inside
    return out


def _clip_box(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    x0, y0, x1, y1 = box
    if not ring:
        return []
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
        return ring  # all of it inside: clipping would keep every point
    for axis, limit, above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        ring = _clip_half(ring, axis, limit, above)
        if not ring:
            return []
    return ring


def _thin(ring: Ring, tolerance: float) -> Ring:
    """Drop points closer than ``tolerance`` pixels to the last one kept."""
    out: Ring = []
    for x, y in ring:
        if not out or abs(x - out[-1][0]) + abs(y - out[-1][1]) >= tolerance:
            out.append((x, y))
    return out


# --- fitting ---------------------------------------------------------------------------


def _centre_meridian(lons: Sequence[float]) -> tuple[float, float]:
    """The middle and width of the shortest arc of longitude holding every point."""
    ordered = sorted(lon % 360.0 for lon in lons)
    if len(ordered) == 1:
        return ordered[0], 0.0
    gaps = [(ordered[(i + 1) % len(ordered)] - ordered[i]) % 360.0 for i in range(len(ordered))]
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], -i))
    start = ordered[(widest + 1) % len(ordered)]
    span = 360.0 - gaps[widest]
    centre = (start + span / 2 + 180.0) % 360.0 - 180.0
    return centre, span


def fit_view(points: Sequence[Point], width: float, *, min_height: float = 260.0,
             max_height: float = 460.0) -> View:
    """A view of ``width`` pixels that shows every (longitude, latitude) with a margin."""
    if not points:
        points = [(0.0, 20.0)]
    centre, span = _centre_meridian([lon for lon, _ in points])
    rel = [((lon - centre + 180.0) % 360.0 - 180.0, lat) for lon, lat in points]
    lats = [lat for _, lat in rel]
    lat_span = max(lats) - min(lats)
    world_wide = span > _WIDE_LON or lat_span > _WIDE_LAT
    lon_margin = max(span * _MARGIN, (_MIN_LON - span) / 2, 4.0)
    lat_margin = max(lat_span * _MARGIN, (_MIN_LAT - lat_span) / 2, 3.0)
    west = max(-180.0, min(lon for lon, _ in rel) - lon_margin)
    east = min(180.0, max(lon for lon, _ in rel) + lon_margin)
    south = max(-85.0, min(lats) - lat_margin)
    north = min(85.0, max(lats) + lat_margin)
    parallel = (south + north) / 2
    probe = View(centre, world_wide, parallel, 1.0, 0.0, 0.0, width, width)
    corners = [probe._raw(lon, lat)
               for lon in (west, (west + east) / 2, east) for lat in (south, 0.0, north)
               if south <= lat <= north]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    box_w, box_h = max(xs) - min(xs) or 1e-6, max(ys) - min(ys) or 1e-6
    height = min(max_height, max(min_height, width * box_h / box_w))
    scale = min(width / box_w, height / box_h)
    dx = width / 2 - scale * (min(xs) + max(xs)) / 2
    dy = height / 2 - scale * (min(ys) + max(ys)) / 2
    return View(centre, world_wide, parallel, scale, dx, dy, width, height)
