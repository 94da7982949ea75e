"""Regenerate ``generator/core/data/world.json``: the country outlines the maps are drawn on.

The outlines are Natural Earth's 1:110m countries (public domain), as packaged
in TopoJSON by the npm package ``world-atlas`` (ISC licence, Mike Bostock). The
country codes are ISO 3166-1, from Debian's ``iso-codes`` package. Neither is
read at build time: the generator ships the result.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/world_atlas.py /tmp/package/countries-110m.json \\
        [--codes /usr/share/iso-codes/json/iso_3166-1.json]

What it does: decodes the TopoJSON arcs into rings of longitude and latitude,
simplifies each ring (Douglas–Peucker, 0.12°; a ring keeps at least four
points, and islands smaller than a tenth of a square degree go), rounds to a
tenth of a degree, and writes each country under its ISO 3166-1 alpha-2 code
with its name. Three outlines of world-atlas have no ISO code (N. Cyprus,
Somaliland, Kosovo): they are kept as land without a code. The output is
deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "core" / "data" / "world.json"
TOLERANCE = 0.12  # degrees
MIN_AREA = 0.1  # square degrees
Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iteratively (no recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, at = d, i
        if at >= 0 and best > tolerance:
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(points: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, points[1:] + points[:1], strict=True))) / 2


def polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[int]]]:
    """The geometry's rings (outer and holes), simplified, as flat lists of tenths."""
    shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    out = []
    for shape in shapes:
        for indexes in shape:
            points = ring(arcs, indexes)
            if area(points) < MIN_AREA:
                continue
            simple = simplify(points, TOLERANCE)
            if len(simple) < 4:
                simple = points
            flat: list[int] = []
            for lon, lat in simple[:-1] if simple[0] == simple[-1] else simple:
                flat.extend((round(lon * 10), round(lat * 10)))
            out.append(flat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--codes", type=Path,
                        default=Path("/usr/share/iso-codes/json/iso_3166-1.json"))
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    codes = json.loads(args.codes.read_text(encoding="utf-8"))["3166-1"]
    by_numeric = {c["numeric"]: c for c in codes}
    arcs = decode_arcs(topology)
    countries: dict[str, Any] = {}
    land: list[list[int]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = polygons(geometry, arcs)
        code = by_numeric.get(geometry.get("id", ""))
        if code is None:
            land.extend(rings)
            continue
        countries[code["alpha_2"]] = {"name": geometry["properties"]["name"], "rings": rings}
    table = {c["alpha_2"]: [c.get("common_name") or c["name"], c["alpha_3"]]
             for c in sorted(codes, key=lambda c: c["alpha_2"])}
    data = {
        "about": "Country outlines: Natural Earth 1:110m (public domain), from the npm package "
                 "world-atlas 2.0.2 (ISC), simplified by tools/world_atlas.py. Rings are flat "
                 "lists of longitude, latitude in tenths of a degree. Codes: ISO 3166-1.",
        "codes": table,
        "countries": dict(sorted(countries.items())),
        "land": land,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                      sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.output}: {args.output.stat().st_size:,} bytes, {len(countries)} countries")


if __name__ == "__main__":
    main()
