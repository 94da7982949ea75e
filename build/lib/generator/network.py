"""The actor network: a deterministic force layout drawn as an accessible inline SVG.

Everything happens at build time, in pure Python: the page needs no JavaScript
and no CDN, and the same input gives the same bytes on every machine.

Same bytes everywhere
    The layout uses only ``+ - * /``, :func:`math.sqrt` and :func:`math.floor`
    on floats, one Python operation at a time. IEEE 754 rounds each of these
    exactly, so every machine computes the same bits. The C maths library is
    never called (``sin``, ``cos``, ``hypot``, ``exp`` may differ in the last
    bit between platforms; C code may fuse ``a * b + c``), and neither is the
    built-in ``sum`` (its rounding changed in Python 3.12). Angles come from
    :func:`_cos_sin`, a short Taylor series. Nodes are handled in sorted-id
    order, edges in a total order of all their fields, and no ``set`` or
    ``hash()`` is involved.

Embedding in Markdown
    Python-Markdown does not treat ``<svg>`` as a block-level tag: put the SVG
    inside a block-level element (``<figure>`` or ``<div>``) on a line of its
    own, so that Markdown leaves it alone. The SVG holds no blank line, and
    every text is escaped and on one line.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from markupsafe import escape

__all__ = ["NETWORK_CSS", "Edge", "Node", "ego_layout", "layout", "render_svg"]


@dataclass(frozen=True, slots=True)
class Node:
    """An actor drawn as a node of the network."""

    id: str
    """The record id, e.g. ``kim-jong-un``."""
    label: str
    """The display name, plain text (it is escaped)."""
    href: str
    """The link target, already relative to the page, e.g. ``../actors/kim-jong-un/``."""
    group: str
    """The actor kind: person, organization, state, government-body, armed-group, media."""
    weight: int = 1
    """The degree, for the node size."""


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two actors, or the events they share."""

    source: str
    target: str
    label: str | None
    """The relation label, e.g. ``leads``; None for shared-event edges."""
    kind: Literal["relation", "event"]
    """Relations are strong edges, shared events weaker ones."""
    weight: int = 1
    """The number of shared events, for event edges."""
    status: str = "confirmed"
    """The relation status: confirmed, reported, alleged, denied (not confirmed: dashed)."""


# --- layout -------------------------------------------------------------------

#: Room left around the drawing for labels (a label is centred under its node).
_MARGIN_X: Final = 80.0
_MARGIN_Y: Final = 36.0
#: Attraction of an edge: a relation pulls harder than shared events.
_RELATION_PULL: Final = 1.0
_EVENT_PULL: Final = 0.25
_EVENT_PULL_MAX: Final = 0.75
#: Ideal edge length, as a share of the side of the square each node would get.
_SPACING: Final = 0.8
#: Largest step in the first iteration, as a share of the larger inner side.
_START_TEMPERATURE: Final = 0.1
#: Pair computations (repulsion pairs plus edges) a layout may spend over all
#: its iterations; bigger networks get fewer iterations. The network page's
#: 120 nodes get about 125 (an eighth of a second): the drawing looks the same
#: as after 250. Up to about 80 nodes get all 300.
_WORK_BUDGET: Final = 1_000_000
_MIN_ITERATIONS: Final = 10
#: A drawing smaller than the canvas is enlarged at most this much.
_MAX_ENLARGE: Final = 2.0
#: Two nodes closer than this are pushed apart along a fixed direction.
_MIN_DISTANCE2: Final = 1e-6
#: The golden angle, in turns (2 − φ): consecutive spiral points never line up.
_GOLDEN_TURNS: Final = 0.3819660112501051


@dataclass(frozen=True, slots=True)
class _Box:
    """The part of the canvas where node centres may go."""

    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def of(cls, width: float, height: float) -> _Box:
        if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
            raise ValueError(f"the canvas must have a positive size, not {width} x {height}")
        mx = min(_MARGIN_X, width / 4)
        my = min(_MARGIN_Y, height / 4)
        # Whole tenths, so that rounded coordinates stay inside.
        mx = math.ceil(mx * 10) / 10
        my = math.ceil(my * 10) / 10
        box = cls(mx, my, math.floor((width - mx) * 10) / 10, math.floor((height - my) * 10) / 10)
        if box.right - box.left < 1 or box.bottom - box.top < 1:
            raise ValueError(f"the canvas is too small to draw on: {width} x {height}")
        return box

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def half_w(self) -> float:
        return (self.right - self.left) / 2

    @property
    def half_h(self) -> float:
        return (self.bottom - self.top) / 2

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Round to one decimal and keep inside."""
        return (min(max(round(x, 1), self.left), self.right),
                min(max(round(y, 1), self.top), self.bottom))


def _cos_sin(turns: float) -> tuple[float, float]:
    """Cosine and sine of an angle given in turns, from ``+ - * /`` only.

    The angle is brought to the nearest quarter turn, within ±1/8 turn, where
    twelve terms of the Taylor series reach full double precision.
    """
    quarter = math.floor(turns * 4.0 + 0.5)
    r = (turns - quarter * 0.25) * math.tau
    r2 = r * r
    cos = term_c = 1.0
    sin = term_s = r
    for k in range(1, 12):
        term_c = term_c * -r2 / ((2 * k - 1) * (2 * k))
        term_s = term_s * -r2 / ((2 * k) * (2 * k + 1))
        cos += term_c
        sin += term_s
    match quarter % 4:
        case 0:
            return cos, sin
        case 1:
            return -sin, cos
        case 2:
            return -cos, -sin
        case _:
            return sin, -cos


@functools.lru_cache(maxsize=64)  # every ego drawing of that many neighbours uses them
def _ring(count: int) -> tuple[tuple[float, float], ...]:
    """Cosine and sine of ``count`` angles evenly around a circle, from 0 turns."""
    return tuple(_cos_sin(i / count) for i in range(count))


def _sorted_ids(nodes: Sequence[Node]) -> list[str]:
    ids = sorted(node.id for node in nodes)
    for a, b in itertools.pairwise(ids):
        if a == b:
            raise ValueError(f"node {a!r} is given twice")
    return ids


def _edge_key(edge: Edge) -> tuple[str, str, str, bool, str, int, str]:
    """A total order of edges, so that nothing depends on the order they come in."""
    return (edge.source, edge.target, edge.kind, edge.label is None, edge.label or "",
            edge.weight, edge.status)


def _pull(edge: Edge) -> float:
    if edge.kind == "relation":
        return _RELATION_PULL
    return min(_EVENT_PULL_MAX, _EVENT_PULL * math.sqrt(max(edge.weight, 1)))


def _springs(edges: Sequence[Edge], index: Mapping[str, int]) -> list[tuple[int, int, float]]:
    """One spring per linked pair of nodes, its pull the sum of its edges' pulls.

    Edges to nodes that are not laid out, and loops, are left out.
    """
    pulls: dict[tuple[int, int], float] = {}
    for edge in sorted(edges, key=_edge_key):
        i = index.get(edge.source)
        j = index.get(edge.target)
        if i is None or j is None or i == j:
            continue
        pair = (min(i, j), max(i, j))
        pulls[pair] = pulls.get(pair, 0.0) + _pull(edge)
    return [(i, j, pull) for (i, j), pull in sorted(pulls.items())]


def layout(nodes: Sequence[Node], edges: Sequence[Edge], *, width: float = 960,
           height: float = 640, iterations: int = 300) -> dict[str, tuple[float, float]]:
    """Lay out a network with the Fruchterman–Reingold force model, deterministically.

    Nodes start on a sunflower spiral in sorted-id order and repel each other;
    edges pull their ends together, relations harder than shared events. A
    gravity towards the centre, just strong enough to hold the repulsion of all
    nodes inside an ellipse the shape of the canvas, keeps disconnected parts
    together. The temperature (largest step) falls linearly to nothing.
    ``iterations`` is the most iterations run: a big network gets fewer, so
    that the work stays about the same (120 nodes and 1,000 edges: about 125).
    The result is moved and scaled (uniformly) to fill the canvas, minus a
    margin for labels, and rounded to one decimal.

    Edges whose ends are not both among ``nodes``, and loops, are ignored.
    Raises ValueError for a node id given twice, a canvas without area, or a
    negative ``iterations``.
    """
    if iterations < 0:
        raise ValueError(f"iterations must not be negative, not {iterations}")
    box = _Box.of(width, height)
    ids = _sorted_ids(nodes)
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: box.place(box.cx, box.cy)}
    springs = _springs(edges, {node_id: i for i, node_id in enumerate(ids)})
    return dict(_force_layout(tuple(ids), tuple(springs), box, iterations))


@functools.lru_cache(maxsize=16)  # the live preview redraws an unchanged network after most edits
def _force_layout(ids: tuple[str, ...], springs: tuple[tuple[int, int, float], ...], box: _Box,
                  iterations: int) -> tuple[tuple[str, tuple[float, float]], ...]:
    """:func:`layout` of at least two nodes, by position in ``ids``."""
    n = len(ids)
    cx, cy, a, b = box.cx, box.cy, box.half_w, box.half_h
    xs = [0.0] * n
    ys = [0.0] * n
    for i in range(n):
        radius = math.sqrt((i + 0.5) / n)
        turns = i * _GOLDEN_TURNS
        cos, sin = _cos_sin(turns - math.floor(turns))
        xs[i] = cx + a * radius * cos
        ys[i] = cy + b * radius * sin

    k2 = _SPACING * _SPACING * (4 * a * b) / n
    k = math.sqrt(k2)
    # For repulsion k²/d, a uniform ellipse of n nodes with half-axes a, b
    # pushes outwards with 2nk²·x / (a(a+b)) and 2nk²·y / (b(a+b)).
    gravity_x = 2 * n * k2 / (a * (a + b))
    gravity_y = 2 * n * k2 / (b * (a + b))
    springs_k = [(i, j, pull / k) for i, j, pull in springs]
    work = n * (n - 1) // 2 + len(springs) + n
    rounds = min(iterations, max(_MIN_ITERATIONS, _WORK_BUDGET // work))
    start = _START_TEMPERATURE * 2 * max(a, b)

    for step in range(rounds):
        temperature = start * (rounds - step) / rounds
        fx = [0.0] * n
        fy = [0.0] * n
        # Repulsion k²/d between every pair, along the line between them.
        for i in range(n - 1):
            xi = xs[i]
            yi = ys[i]
            sx = 0.0
            sy = 0.0
            for j in range(i + 1, n):
                dx = xi - xs[j]
                dy = yi - ys[j]
                d2 = dx * dx + dy * dy
                if d2 < _MIN_DISTANCE2:
                    dx = 0.001
                    dy = 0.0
                    d2 = _MIN_DISTANCE2
                c = k2 / d2
                dx = dx * c
                dy = dy * c
                sx += dx
                sy += dy
                fx[j] -= dx
                fy[j] -= dy
            fx[i] += sx
            fy[i] += sy
        # Attraction d²/k along each spring.
        for i, j, pull in springs_k:
            dx = xs[i] - xs[j]
            dy = ys[i] - ys[j]
            c = math.sqrt(dx * dx + dy * dy) * pull
            dx = dx * c
            dy = dy * c
            fx[i] -= dx
            fy[i] -= dy
            fx[j] += dx
            fy[j] += dy
        # Gravity, then a step no longer than the temperature, inside the box.
        t2 = temperature * temperature
        for i in range(n):
            dx = fx[i] - gravity_x * (xs[i] - cx)
            dy = fy[i] - gravity_y * (ys[i] - cy)
            d2 = dx * dx + dy * dy
            if d2 > t2:
                c = temperature / math.sqrt(d2)
                dx = dx * c
                dy = dy * c
            xs[i] = min(max(xs[i] + dx, box.left), box.right)
            ys[i] = min(max(ys[i] + dy, box.top), box.bottom)

    return tuple(_fit(ids, xs, ys, box).items())


def _fit(ids: Sequence[str], xs: list[float], ys: list[float],
         box: _Box) -> dict[str, tuple[float, float]]:
    """Centre the drawing in the box and scale it to fill it (enlarging at most 2×)."""
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    scale = _MAX_ENLARGE
    if right > left:
        scale = min(scale, 2 * box.half_w / (right - left))
    if bottom > top:
        scale = min(scale, 2 * box.half_h / (bottom - top))
    mx = (left + right) / 2
    my = (top + bottom) / 2
    return {node_id: box.place(box.cx + (x - mx) * scale, box.cy + (y - my) * scale)
            for node_id, x, y in zip(ids, xs, ys, strict=True)}


def ego_layout(center: str, nodes: Sequence[Node], *, width: float = 640,
               height: float = 400) -> dict[str, tuple[float, float]]:
    """Put ``center`` in the middle of the canvas and every other node on an ellipse.

    The others go evenly around in sorted-id order, clockwise from the top, on
    an ellipse that leaves a margin for labels; rounded to one decimal.
    Raises ValueError if ``center`` is not among ``nodes`` or an id is given twice.
    """
    box = _Box.of(width, height)
    ids = _sorted_ids(nodes)
    if center not in ids:
        raise ValueError(f"the centre {center!r} is not among the nodes")
    others = [node_id for node_id in ids if node_id != center]
    positions = {center: box.place(width / 2, height / 2)}
    rx = min(width / 2 - box.left, box.right - width / 2)
    ry = min(height / 2 - box.top, box.bottom - height / 2)
    for node_id, (cos, sin) in zip(others, _ring(len(others)), strict=True):
        positions[node_id] = box.place(width / 2 + rx * sin, height / 2 - ry * cos)
    return positions


# --- drawing --------------------------------------------------------------------

_SVG_NS: Final = "http://www.w3.org/2000/svg"
#: Relation labels are drawn on the edges only up to this many relations.
_MAX_EDGE_LABELS: Final = 60
_RADIUS_MIN: Final = 6.0
_RADIUS_MAX: Final = 18.0
_RELATION_WIDTH: Final = 2.0
#: Visible node labels longer than this are shortened (the title keeps them whole).
_MAX_LABEL: Final = 32
_REFUSED_SCHEMES: Final = ("javascript:", "data:", "vbscript:")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_IGNORED = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _text(value: str) -> str:
    """Plain text on one line, escaped: no character XML forbids, whitespace collapsed."""
    return str(escape(" ".join(_NOT_XML.sub("", value).split())))


def _token(value: str) -> str:
    """A class name part: lower-case letters, digits and hyphens."""
    return _NOT_SLUG.sub("-", value.lower()).strip("-") or "other"


@functools.lru_cache(maxsize=4096)  # a drawing repeats its coordinates and sizes
def _num(value: float) -> str:
    """A number with at most one decimal, the same on every machine."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _href(value: str) -> str:
    """The link, escaped; scripts and inline data are refused."""
    url = _URL_IGNORED.sub("", value)
    if _NOT_XML.search(url) or _CONTROL.search(url):
        raise ValueError(f"link {value!r} holds control characters")
    scheme = url.lstrip(" ").lower()
    if scheme.startswith(_REFUSED_SCHEMES):
        raise ValueError(f"link {value!r} is refused: only ordinary links may be drawn")
    return str(escape(url))


def _radius(weight: int) -> float:
    return min(_RADIUS_MAX, _RADIUS_MIN + 3.0 * (math.sqrt(max(weight, 1)) - 1.0))


def _event_width(weight: int) -> float:
    return min(1.6, 0.6 + 0.2 * max(weight, 1))


def _short(label: str) -> str:
    label = " ".join(label.split())
    if len(label) <= _MAX_LABEL:
        return label
    return label[: _MAX_LABEL - 1].rstrip() + "…"


def _svg_id(title: str, description: str, ids: Sequence[str], highlight: str | None) -> str:
    """An id from the title, with a digest of the drawing so that two drawings differ."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")[:40].rstrip("-") or "network"
    digest = hashlib.sha256(
        "\0".join([title, description, highlight or "", *ids]).encode("utf-8", "replace")
    ).hexdigest()[:8]
    return f"ex-network-{slug}-{digest}"


def _edge_title(edge: Edge, names: Mapping[str, str]) -> str:
    source, target = names[edge.source], names[edge.target]
    if edge.kind == "event":
        count = max(edge.weight, 1)
        return f"{source} and {target}: {count} shared event{'' if count == 1 else 's'}"
    label = " ".join((edge.label or "").split())
    text = f"{source} {label} {target}" if label else f"{source} is linked to {target}"
    return text if edge.status == "confirmed" else f"{text} ({edge.status})"


def render_svg(nodes: Sequence[Node], edges: Sequence[Edge],
               positions: Mapping[str, tuple[float, float]], *, title: str, description: str,
               width: float = 960, height: float = 640, highlight: str | None = None) -> str:
    """Draw the network as one ``<svg>`` element, one element a line, no blank line.

    Edges are drawn first (shared events, then relations, each sorted), then
    relation labels (only up to 60 relations), then the nodes in label order,
    each a link. Colours come from classes (see :data:`NETWORK_CSS`); the
    only colour in the markup is ``currentColor`` as a fallback, so the drawing
    stays legible without the stylesheet, in light and dark schemes.

    Edges whose ends are not both among ``nodes``, and loops, are left out.
    Raises ValueError for a node without a finite position, an id given twice,
    an unknown ``highlight``, or a ``javascript:``/``data:``/``vbscript:`` link.
    """
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise ValueError(f"the canvas must have a positive size, not {width} x {height}")
    ids = _sorted_ids(nodes)
    if highlight is not None and highlight not in ids:
        raise ValueError(f"the highlighted node {highlight!r} is not among the nodes")
    by_id = {node.id: node for node in nodes}
    for node_id in ids:
        xy = positions.get(node_id)
        if xy is None or not all(map(math.isfinite, xy)):
            raise ValueError(f"node {node_id!r} has no position")
    names = {node_id: " ".join(by_id[node_id].label.split()) for node_id in ids}

    drawn = sorted((edge for edge in edges
                    if edge.source in by_id and edge.target in by_id
                    and edge.source != edge.target),
                   key=lambda edge: (edge.kind != "event", _edge_key(edge)))
    relations = [edge for edge in drawn if edge.kind == "relation"]

    svg_id = _svg_id(title, description, ids, highlight)
    lines = [
        f'<svg xmlns="{_SVG_NS}" class="ex-network" viewBox="0 0 {_num(width)} {_num(height)}"'
        f' role="group" aria-labelledby="{svg_id}-title {svg_id}-desc">',
        f'<title id="{svg_id}-title">{_text(title)}</title>',
        f'<desc id="{svg_id}-desc">{_text(description)}</desc>',
    ]

    lines.append('<g class="ex-edges" stroke="currentColor" stroke-linecap="round">')
    for edge in drawn:
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        coords = f'x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
        if edge.kind == "event":
            classes = "ex-edge ex-edge--event"
            extra = f' stroke-width="{_num(_event_width(edge.weight))}"'
        else:
            classes = f"ex-edge ex-edge--relation ex-edge--{_token(edge.status)}"
            extra = f' stroke-width="{_num(_RELATION_WIDTH)}"'
            if edge.status != "confirmed":
                extra += ' stroke-dasharray="6 4"'
        lines.append(f'<line class="{classes}" {coords}{extra}>'
                     f"<title>{_text(_edge_title(edge, names))}</title></line>")
    lines.append("</g>")

    if relations and len(relations) <= _MAX_EDGE_LABELS:
        lines.append('<g class="ex-edge-labels" fill="currentColor" font-size="12"'
                     ' text-anchor="middle" aria-hidden="true">')
        for edge in relations:
            if not edge.label or not edge.label.strip():
                continue
            (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
            lines.append(f'<text class="ex-edge-label" x="{_num((x1 + x2) / 2)}"'
                         f' y="{_num((y1 + y2) / 2 - 3)}">{_text(edge.label)}</text>')
        lines.append("</g>")

    lines.append('<g class="ex-nodes" fill="currentColor" font-size="15" text-anchor="middle">')
    for node_id in sorted(ids, key=lambda i: (names[i].casefold(), names[i], i)):
        node = by_id[node_id]
        x, y = positions[node_id]
        r = _radius(node.weight)
        classes = f"ex-node ex-node--{_token(node.group)}"
        current = ""
        if node_id == highlight:
            classes += " ex-node--current"
            current = ' aria-current="page"'
        lines.append(
            f'<a class="{classes}" href="{_href(node.href)}"{current}>'
            f"<title>{_text(node.label)}</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>'
            f'<text class="ex-node-label" x="{_num(x)}" y="{_num(y + r + 12)}">'
            f"{_text(_short(node.label))}</text></a>"
        )
    lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


# --- style ----------------------------------------------------------------------

#: Fill colours of the actor kinds. Each has a contrast of at least 3.2:1 with both
#: Material's light background (#fff) and its dark one (slate, about #1e2129).
_GROUP_FILLS: Final = {
    "person": "#0077bb",
    "organization": "#b35806",
    "state": "#2f7f33",
    "government-body": "#8064b0",
    "armed-group": "#d32f2f",
    "media": "#707070",
}

NETWORK_CSS: Final[str] = "\n".join([
    "/* Actor network (generator/network.py). */",
    ".ex-network { display: block; width: 100%; height: auto; max-width: 100%;"
    " color: var(--md-default-fg-color, #222); }",
    ".ex-network .ex-edge { stroke: var(--md-default-fg-color--light, #777); }",
    ".ex-network .ex-edge--event { stroke: var(--md-default-fg-color--lighter, #aaa); }",
    ".ex-network .ex-edge--reported, .ex-network .ex-edge--alleged"
    " { stroke-dasharray: 6 4; }",
    ".ex-network .ex-edge--denied { stroke-dasharray: 2 4; }",
    ".ex-network .ex-edge-label { fill: var(--md-default-fg-color--light, #555);"
    " font-size: 12px; paint-order: stroke; stroke: var(--md-default-bg-color, #fff);"
    " stroke-width: 3px; stroke-linejoin: round; }",
    ".ex-network .ex-node circle { fill: var(--md-default-fg-color--light, #6d6d6d);"
    " stroke: var(--md-default-bg-color, #fff); stroke-width: 1.5px; }",
    *(f".ex-network .ex-node--{group} circle {{ fill: {fill}; }}"
      for group, fill in _GROUP_FILLS.items()),
    ".ex-network .ex-node-label { fill: var(--md-default-fg-color, #222); font-size: 15px;"
    " paint-order: stroke; stroke: var(--md-default-bg-color, #fff); stroke-width: 3px;"
    " stroke-linejoin: round; }",
    ".ex-network a.ex-node:hover .ex-node-label, .ex-network a.ex-node:focus .ex-node-label"
    " { fill: var(--md-typeset-a-color, #1a5fb4); text-decoration: underline; }",
    ".ex-network a.ex-node:focus-visible { outline: 2px solid var(--md-accent-fg-color, #526cfe);"
    " outline-offset: 2px; }",
    ".ex-network a.ex-node:focus-visible circle { stroke: var(--md-accent-fg-color, #526cfe);"
    " stroke-width: 4px; }",
    ".ex-network .ex-node--current circle { stroke: var(--md-accent-fg-color, #526cfe);"
    " stroke-width: 4px; }",
    ".ex-network .ex-node--current .ex-node-label { font-weight: 700; }",
    "@media (forced-colors: active) {",
    "  .ex-network .ex-edge { stroke: GrayText; }",
    "  .ex-network .ex-node circle { fill: LinkText; stroke: Canvas; }",
    "  .ex-network .ex-node-label, .ex-network .ex-edge-label { fill: CanvasText;"
    " stroke: Canvas; }",
    "  .ex-network .ex-node--current circle, .ex-network a.ex-node:focus-visible circle"
    " { stroke: Highlight; }",
    "}",
    "",
])
