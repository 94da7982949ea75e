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

from .labels import (
    ASCENT,
    DESCENT,
    LINE_GAP,
    Extent,
    Rect,
    free_spot,
    separate,
    settle,
    text_width,
    wrap,
)

__all__ = ["NETWORK_CSS", "Edge", "Node", "draw", "ego_layout", "layout", "legend_html",
           "render_svg"]


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
    kind: Literal["relation", "event", "claim", "response"]
    """Relations are strong edges, shared events weaker ones; a claim edge goes from a
    speaker to an actor its claims are about, a response edge from the speaker of a
    response to the speaker of the claim it answers."""
    weight: int = 1
    """The number of shared events (or of claims, or of responses)."""
    status: str = "confirmed"
    """A relation's status: confirmed, reported, alleged, denied (not confirmed: dashed);
    a response's stance: denies, disputes, confirms."""
    directed: bool = False
    """Drawn with an arrow at the target: ``source label target`` reads one way only."""


# --- layout -------------------------------------------------------------------

#: Room left around the drawing for labels (a label is centred under its node).
_MARGIN_X: Final = 80.0
_MARGIN_Y: Final = 36.0
#: Attraction of an edge: a relation pulls harder than shared events.
_RELATION_PULL: Final = 1.0
_EVENT_PULL: Final = 0.25
_EVENT_PULL_MAX: Final = 0.75
#: Claims about an actor and responses between speakers pull like a few shared events.
_STATEMENT_PULL: Final = 0.5
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
#: Past this many neighbours an ego drawing puts every other one on an inner ring.
_EGO_ONE_RING: Final = 12
_EGO_INNER: Final = 0.62
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


def _edge_key(edge: Edge) -> tuple[str, str, str, bool, str, int, str, bool]:
    """A total order of edges, so that nothing depends on the order they come in."""
    return (edge.source, edge.target, edge.kind, edge.label is None, edge.label or "",
            edge.weight, edge.status, edge.directed)


def _pull(edge: Edge) -> float:
    if edge.kind == "relation":
        return _RELATION_PULL
    if edge.kind != "event":
        return _STATEMENT_PULL
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
    an ellipse that leaves a margin for labels (past 12, every other one on a
    smaller ellipse, so that neighbours' labels do not meet); rounded to one decimal.
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
    inner = _EGO_INNER if len(others) > _EGO_ONE_RING else 1.0
    for k, (node_id, (cos, sin)) in enumerate(zip(others, _ring(len(others)), strict=True)):
        scale = inner if k % 2 else 1.0  # many neighbours: every other one on an inner ring
        positions[node_id] = box.place(width / 2 + rx * scale * sin,
                                       height / 2 - ry * scale * cos)
    return positions


# --- drawing --------------------------------------------------------------------

_SVG_NS: Final = "http://www.w3.org/2000/svg"
#: The canvas is as wide as Material's text column at desktop width (about 690 CSS
#: px), so that one unit of the drawing is about one pixel there.
WIDTH: Final = 680.0
#: Text sizes in units of the drawing. A drawing never shrinks below
#: :data:`MIN_WIDTH` (it scrolls sideways instead), so no text is drawn smaller
#: than 13 × 628 / 680 = 12.0 px.
_NODE_FONT: Final = 14.0
_EDGE_FONT: Final = 13.0
MIN_WIDTH: Final = 628
#: Room around the drawing, between boxes and around each label.
_MARGIN: Final = 8.0
_GAP: Final = 4.0
_PAD: Final = 2.0
#: A node label starts this far below its dot, on lines at most this wide.
_LABEL_DROP: Final = 3.0
_LINE_MAX: Final = 176.0
_LABEL_LINES: Final = 2
_RADIUS_MIN: Final = 6.0
_RADIUS_MAX: Final = 18.0
_RELATION_WIDTH: Final = 2.0
_ARROW_LENGTH: Final = 9.0
_ARROW_HALF: Final = 4.5
#: Edges between the same two actors are drawn side by side, this far apart.
_PARALLEL: Final = 6.0
#: Edges that get a label drawn on them (if there is room), at most; the rest keep
#: their tooltip, and the page lists them all.
_MAX_EDGE_LABELS: Final = 80
#: Where along an edge its label may go, in order of preference.
_LABEL_SPOTS: Final = (0.5, 0.38, 0.62, 0.26, 0.74)
#: Initial canvas of the force layout: this much room per unit of label area, less
#: for big networks (whose drawings would grow very tall).
_ROOM: Final = 4.0
_ROOM_BIG: Final = 2.0
#: Rounds of pushing boxes apart before the rest are settled downwards.
_SEPARATE_ROUNDS: Final = 60
_MIN_HEIGHT: Final = 300.0
_ISOLATED_CAPTION: Final = "Not linked to any other actor in this drawing:"
_DASHES: Final = {"reported": "7 4", "alleged": "2 3", "denied": "9 3 2 3"}
_REFUSED_SCHEMES: Final = ("javascript:", "data:", "vbscript:")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_IGNORED = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)  # names and ids repeat across a site's drawings
def _text(value: str) -> str:
    """Plain text on one line, escaped: no character XML forbids, whitespace collapsed."""
    return str(escape(" ".join(_NOT_XML.sub("", value).split())))


@functools.lru_cache(maxsize=8192)
def _plain(value: str) -> str:
    return " ".join(_NOT_XML.sub("", value).split())


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


@functools.lru_cache(maxsize=8192)  # pages of one folder link to the same URLs
def _href(value: str) -> str:
    """The link, escaped; scripts and inline data are refused."""
    url = _URL_IGNORED.sub("", value)
    if _NOT_XML.search(url) or _CONTROL.search(url):
        raise ValueError(f"link {value!r} holds control characters")
    scheme = url.lstrip(" ").lower()
    if scheme.startswith(_REFUSED_SCHEMES):
        raise ValueError(f"link {value!r} is refused: only ordinary links may be drawn")
    return str(escape(url))


@functools.lru_cache(maxsize=1024)
def _radius(weight: int) -> float:
    return min(_RADIUS_MAX, _RADIUS_MIN + 3.0 * (math.sqrt(max(weight, 1)) - 1.0))


def _event_width(weight: int) -> float:
    return min(1.6, 0.6 + 0.2 * max(weight, 1))


def _line_height(size: float, lines: int) -> float:
    """Height of ``lines`` lines of ``size`` px text, ascent of the first to descent of the last."""
    return (ASCENT + DESCENT + (lines - 1) * LINE_GAP) * size


def _svg_id(title: str, description: str, ids: Sequence[str], highlight: str | None) -> str:
    """An id from the title, with a digest of the drawing so that two drawings differ."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")[:40].rstrip("-") or "network"
    digest = hashlib.sha256(
        "\0".join([title, description, highlight or "", *ids]).encode("utf-8", "replace")
    ).hexdigest()[:8]
    return f"ex-network-{slug}-{digest}"


def _plural(count: int, word: str) -> str:
    return f"{'a' if count == 1 else count} {word}{'' if count == 1 else 's'}"


def _edge_title(edge: Edge, names: Mapping[str, str]) -> str:
    """What the edge says, as a sentence (its tooltip)."""
    source, target = names[edge.source], names[edge.target]
    count = max(edge.weight, 1)
    if edge.kind == "event":
        return f"{source} and {target}: {count} shared event{'' if count == 1 else 's'}"
    if edge.kind == "claim":
        return f"{source} made {_plural(count, 'claim')} about {target}"
    if edge.kind == "response":
        return f"{source} {_plain(edge.status)} {_plural(count, 'claim')} by {target}"
    label = " ".join((edge.label or "").split())
    text = f"{source} {label} {target}" if label else f"{source} is linked to {target}"
    return text if edge.status == "confirmed" else f"{text} ({edge.status})"


# --- arranging: room for every label -------------------------------------------


@dataclass(frozen=True, slots=True)
class _NodeLabel:
    lines: tuple[str, ...]
    bold: bool


@dataclass(frozen=True, slots=True)
class _Segment:
    """How one edge is drawn: a line, and an arrowhead if it is directed."""

    edge: Edge
    x1: float
    y1: float
    x2: float
    y2: float
    arrow: tuple[tuple[float, float], ...] | None


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything :func:`render_svg` draws, placed."""

    height: float
    positions: Mapping[str, tuple[float, float]]
    labels: Mapping[str, _NodeLabel]
    segments: tuple[_Segment, ...]
    edge_labels: tuple[tuple[Edge, str, float, float], ...]
    isolated_top: float | None


def _node_label(node: Node, bold: bool) -> _NodeLabel:
    return _wrapped(node.label, node.id, bold)


@functools.lru_cache(maxsize=8192)
def _wrapped(label: str, node_id: str, bold: bool) -> _NodeLabel:
    return _NodeLabel(wrap(_plain(label) or node_id, _NODE_FONT, _LINE_MAX,
                           max_lines=_LABEL_LINES, bold=bold), bold)


def _extent(node: Node, label: _NodeLabel) -> Extent:
    return _label_extent(_radius(node.weight), label)


@functools.lru_cache(maxsize=8192)
def _label_extent(r: float, label: _NodeLabel) -> Extent:
    """The box of a node's dot and its label below it, around the dot's centre."""
    width = max((text_width(line, _NODE_FONT, bold=label.bold) for line in label.lines),
                default=0.0)
    return Extent(max(r, width / 2) + _PAD, r + _PAD,
                  r + _LABEL_DROP + _line_height(_NODE_FONT, len(label.lines)) + _PAD)


def _linked_ids(ids: Sequence[str], edges: Sequence[Edge], highlight: str | None) -> set[str]:
    present = set(ids)
    linked = {highlight} if highlight else set()
    for edge in edges:
        if edge.source in present and edge.target in present and edge.source != edge.target:
            linked.add(edge.source)
            linked.add(edge.target)
    return linked


def layout_height(nodes: Sequence[Node], width: float = WIDTH) -> float:
    """A canvas height for the force layout that leaves about the room the labels need."""
    area = 0.0
    for node in sorted(nodes, key=lambda n: n.id):
        e = _extent(node, _node_label(node, False))
        area += (2 * e.half_width + _GAP) * (e.up + e.down + _GAP)
    room = max(_ROOM_BIG, _ROOM - len(nodes) / 40)
    return max(_MIN_HEIGHT, math.floor(area * room / (width - 2 * _MARGIN)))


def ego_height(neighbours: int) -> float:
    """A canvas height for an ego drawing: its sides hold half the neighbours each."""
    return max(_MIN_HEIGHT, 120.0 + 30.0 * neighbours)


def _arrange(start: tuple[tuple[float, float], ...], extents: tuple[Extent, ...],
             pinned: frozenset[int], width: float) -> tuple[tuple[float, float], ...]:
    """Node centres such that no two boxes come closer than the gap (see labels.separate)."""
    xs = [x for x, _ in start]
    ys = [y for _, y in start]
    if not separate(xs, ys, extents, left=_MARGIN, right=width - _MARGIN, top=_MARGIN,
                    gap=_GAP, pinned=pinned, rounds=_SEPARATE_ROUNDS):
        settle(xs, ys, extents, gap=_GAP)
    # Up against the top margin, then rounded: the gap absorbs the rounding.
    shift = min((ys[i] - e.up for i, e in enumerate(extents)), default=_MARGIN) - _MARGIN
    return tuple((round(x, 1), round(y - shift, 1)) for x, y in zip(xs, ys, strict=True))


def _rows(order: Sequence[int], extents: Sequence[Extent], width: float,
          top: float) -> dict[int, tuple[float, float]]:
    """Boxes in rows from left to right, a new row where one is full: never overlapping."""
    rows: list[list[int]] = [[]]
    cursor = _MARGIN
    for i in order:
        w = 2 * extents[i].half_width
        if rows[-1] and cursor + w > width - _MARGIN:
            rows.append([])
            cursor = _MARGIN
        rows[-1].append(i)
        cursor += w + _GAP
    placed: dict[int, tuple[float, float]] = {}
    for row in rows:
        up = max((extents[i].up for i in row), default=0.0)
        cursor = _MARGIN
        for i in row:
            placed[i] = (cursor + extents[i].half_width, top + up)
            cursor += 2 * extents[i].half_width + _GAP
        top += up + max((extents[i].down for i in row), default=0.0) + _GAP
    return placed


def _segments(drawn: Sequence[Edge], positions: Mapping[str, tuple[float, float]],
              radii: Mapping[str, float]) -> list[_Segment]:
    """Lines from dot to dot; edges between the same two actors side by side."""
    pairs: dict[tuple[str, str], list[Edge]] = {}
    for edge in drawn:
        pairs.setdefault((min(edge.source, edge.target), max(edge.source, edge.target)),
                         []).append(edge)
    segments: list[_Segment] = []
    for (a, b), group in sorted(pairs.items()):
        (ax, ay), (bx, by) = positions[a], positions[b]
        dx = bx - ax
        dy = by - ay
        length = math.sqrt(dx * dx + dy * dy)
        if length < 1e-9:
            dx, dy, length = 1.0, 0.0, 1.0
        ux = dx / length
        uy = dy / length
        for k, edge in enumerate(group):
            offset = (k - (len(group) - 1) / 2) * _PARALLEL
            ox = -uy * offset
            oy = ux * offset
            sign = 1.0 if edge.source == a else -1.0
            (sx, sy), (tx, ty) = positions[edge.source], positions[edge.target]
            ex = ux * sign
            ey = uy * sign
            rs = radii[edge.source] + 1.0
            rt = radii[edge.target] + 1.0
            arrow = None
            head = _ARROW_LENGTH if edge.directed else 0.0
            if length <= rs + rt + head + 2.0:  # too close to draw between the dots
                segments.append(_Segment(edge, sx + ox, sy + oy, tx + ox, ty + oy, None))
                continue
            x1 = sx + ex * rs + ox
            y1 = sy + ey * rs + oy
            tip_x = tx - ex * rt + ox
            tip_y = ty - ey * rt + oy
            x2 = tip_x - ex * head
            y2 = tip_y - ey * head
            if edge.directed:
                arrow = ((tip_x, tip_y), (x2 - ey * _ARROW_HALF, y2 + ex * _ARROW_HALF),
                         (x2 + ey * _ARROW_HALF, y2 - ex * _ARROW_HALF))
            segments.append(_Segment(edge, x1, y1, x2, y2, arrow))
    return segments


_LABEL_ORDER: Final = {"relation": 0, "response": 1}


def _labelled_first(segment: _Segment) -> int:
    return _LABEL_ORDER.get(segment.edge.kind, 2)


def _edge_labels(segments: Sequence[_Segment], taken: list[Rect],
                 bounds: Rect) -> list[tuple[Edge, str, float, float]]:
    """Labels on the edges where there is room for them, clear of dots and other labels."""
    half_height = _line_height(_EDGE_FONT, 1) / 2 + 1.0
    placed: list[tuple[Edge, str, float, float]] = []
    # Claim edges go unlabelled: their colour says what they are, and there are many.
    candidates = [s for s in segments if s.edge.kind in ("relation", "response")
                  and s.edge.label and s.edge.label.strip()]
    for segment in sorted(candidates, key=_labelled_first)[:_MAX_EDGE_LABELS]:
        text = _plain(segment.edge.label or "")
        half_width = text_width(text, _EDGE_FONT) / 2 + 1.0
        dx = segment.x2 - segment.x1
        dy = segment.y2 - segment.y1
        length = math.sqrt(dx * dx + dy * dy) or 1.0
        # On the line, else beside it (just clear of it, on either side).
        nx = -dy / length
        ny = dx / length
        aside = abs(nx) * half_width + abs(ny) * half_height + 2.0
        spots = [(segment.x1 + dx * t + nx * shift, segment.y1 + dy * t + ny * shift)
                 for shift in (0.0, -aside, aside) for t in _LABEL_SPOTS]
        reach = half_height + aside + _GAP
        near = [r for r in taken if r.top < max(segment.y1, segment.y2) + reach
                and r.bottom > min(segment.y1, segment.y2) - reach]
        box = free_spot(spots, half_width, half_height, half_height, near, bounds, _GAP / 2)
        if box is None:
            continue
        taken.append(box)
        x = (box.left + box.right) / 2
        baseline = (box.top + box.bottom) / 2 + (ASCENT - DESCENT) / 2 * _EDGE_FONT
        placed.append((segment.edge, text, round(x, 1), round(baseline, 1)))
    return placed


def _plan(nodes: tuple[Node, ...], edges: tuple[Edge, ...],
          positions: tuple[tuple[str, float, float], ...], width: float,
          highlight: str | None) -> _Plan:
    by_id = {node.id: node for node in nodes}
    ids = sorted(by_id)
    linked = _linked_ids(ids, edges, highlight)
    labels = {i: _node_label(by_id[i], i == highlight) for i in ids}
    extents = {i: _extent(by_id[i], labels[i]) for i in ids}
    given = {node_id: (x, y) for node_id, x, y in positions}
    inner = [i for i in ids if i in linked]
    for node_id in inner:
        xy = given.get(node_id)
        if xy is None or not all(map(math.isfinite, xy)):
            raise ValueError(f"node {node_id!r} has no position")
    arranged = _arrange(tuple(given[i] for i in inner), tuple(extents[i] for i in inner),
                        frozenset(k for k, i in enumerate(inner) if i == highlight), width)
    placed = dict(zip(inner, arranged, strict=True))
    bottom = max((placed[i][1] + extents[i].down for i in inner), default=0.0)
    taken = [Rect(x - extents[i].half_width, y - extents[i].up, x + extents[i].half_width,
                  y + extents[i].down) for i, (x, y) in placed.items()]
    # ``edges`` come sorted: shared events first (drawn under the others), in that order.
    drawn = [e for e in edges if e.source in placed and e.target in placed
             and e.source != e.target]
    drawn = [e for e in drawn if e.kind == "event"] + [e for e in drawn if e.kind != "event"]
    radii = {i: _radius(by_id[i].weight) for i in ids}
    segments = _segments(drawn, placed, radii)
    labelled = _edge_labels(segments, taken, Rect(0.0, 0.0, width, bottom + _MARGIN))

    alone = sorted((i for i in ids if i not in linked),
                   key=lambda i: (_plain(by_id[i].label).casefold(), i))
    isolated_top = None
    if alone:
        isolated_top = bottom + _MARGIN if inner else 0.0
        first = isolated_top + _line_height(_EDGE_FONT, 1) + 2 * _GAP
        index = {i: k for k, i in enumerate(alone)}
        rows = _rows(range(len(alone)), [extents[i] for i in alone], width, first)
        for node_id, k in index.items():
            x, y = rows[k]
            placed[node_id] = (round(x, 1), round(y, 1))
        bottom = max(placed[i][1] + extents[i].down for i in alone)
    height = math.ceil(bottom + _MARGIN)
    return _Plan(height, placed, labels, tuple(segments), tuple(labelled), isolated_top)


_remembered_plan = functools.lru_cache(maxsize=8)(_plan)


def render_svg(nodes: Sequence[Node], edges: Sequence[Edge],
               positions: Mapping[str, tuple[float, float]], *, title: str, description: str,
               width: float = WIDTH, height: float | None = None,
               highlight: str | None = None) -> str:
    """Draw the network as one ``<svg>`` element, one element a line, no blank line.

    The nodes linked to another start where ``positions`` puts them and are
    moved just enough that no label touches another label or a dot (each label
    is under its dot, on up to two lines, shortened with "…" past that; the
    tooltip has the whole name). Nodes with no edge go in rows of their own at
    the bottom, under a caption. ``height`` is ignored: the drawing is as tall
    as it needs to be.

    Edges are drawn first (shared events, then the others, sorted), each a
    group with its tooltip, a line and, when directed, an arrowhead at the
    target; edges between the same two actors side by side. Then labels on
    relation, response and claim edges where there is room for them, then the
    nodes in label order, each a link. Colours come from classes (see
    :data:`NETWORK_CSS`); the only colour in the markup is ``currentColor``
    as a fallback, so the drawing stays legible without the stylesheet.

    Edges whose ends are not both among ``nodes``, and loops, are left out.
    Raises ValueError for a linked node without a finite position, an id given
    twice, an unknown ``highlight``, or a ``javascript:``/``data:``/``vbscript:`` link.
    """
    del height  # the plan decides
    if not (math.isfinite(width) and width > 2 * _MARGIN):
        raise ValueError(f"the canvas is too narrow to draw on: {width}")
    ids = _sorted_ids(nodes)
    if highlight is not None and highlight not in ids:
        raise ValueError(f"the highlighted node {highlight!r} is not among the nodes")
    by_id = {node.id: node for node in nodes}
    hrefs = {node_id: _href(by_id[node_id].href) for node_id in ids}
    # An ego drawing is made once per build; the network page's again after most edits
    # in the live preview, so its plan (the force layout's too) is remembered.
    make_plan = _plan if highlight is not None else _remembered_plan
    plan = make_plan(tuple(by_id[i] for i in ids), tuple(sorted(edges, key=_edge_key)),
                     tuple((i, *positions[i]) for i in ids if i in positions), width, highlight)
    names = {node_id: _plain(by_id[node_id].label) for node_id in ids}

    svg_id = _svg_id(title, description, ids, highlight)
    lines = [
        f'<svg xmlns="{_SVG_NS}" class="ex-network" viewBox="0 0 {_num(width)} '
        f'{_num(plan.height)}" width="{_num(width)}" height="{_num(plan.height)}"'
        f' role="group" aria-labelledby="{svg_id}-title {svg_id}-desc">',
        f'<title id="{svg_id}-title">{_text(title)}</title>',
        f'<desc id="{svg_id}-desc">{_text(description)}</desc>',
    ]
    lines.append('<g class="ex-edges" stroke="currentColor" fill="currentColor"'
                 ' stroke-linecap="round">')
    for segment in plan.segments:
        lines.append(_edge_markup(segment, names))
    lines.append("</g>")

    if plan.edge_labels:
        lines.append(f'<g class="ex-edge-labels" fill="currentColor"'
                     f' font-size="{_num(_EDGE_FONT)}" text-anchor="middle" aria-hidden="true">')
        for edge, text, x, y in plan.edge_labels:
            lines.append(f'<text class="ex-edge-label ex-edge-label--{edge.kind}"'
                         f' x="{_num(x)}" y="{_num(y)}">{_text(text)}</text>')
        lines.append("</g>")

    if plan.isolated_top is not None:
        top = plan.isolated_top
        if top > 0:
            lines.append(f'<line class="ex-net-rule" x1="{_num(_MARGIN)}" y1="{_num(top)}"'
                         f' x2="{_num(width - _MARGIN)}" y2="{_num(top)}"'
                         ' stroke="currentColor" stroke-width="1"/>')
        baseline = top + _GAP + ASCENT * _EDGE_FONT
        lines.append(f'<text class="ex-net-caption" x="{_num(_MARGIN)}" y="{_num(baseline)}"'
                     f' font-size="{_num(_EDGE_FONT)}" fill="currentColor">'
                     f"{_text(_ISOLATED_CAPTION)}</text>")

    lines.append(f'<g class="ex-nodes" fill="currentColor" font-size="{_num(_NODE_FONT)}"'
                 ' text-anchor="middle">')
    for node_id in sorted(ids, key=lambda i: (names[i].casefold(), names[i], i)):
        lines.append(_node_markup(by_id[node_id], plan, hrefs[node_id], node_id == highlight))
    lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


def _edge_markup(segment: _Segment, names: Mapping[str, str]) -> str:
    edge = segment.edge
    classes = f"ex-edge ex-edge--{edge.kind}"
    if edge.kind == "event":
        extra = f' stroke-width="{_num(_event_width(edge.weight))}"'
    else:
        classes += f" ex-edge--{_token(edge.status)}"
        extra = f' stroke-width="{_num(_RELATION_WIDTH if edge.kind != "claim" else 1.5)}"'
        dash = _DASHES.get(edge.status) if edge.kind == "relation" else None
        if dash:
            extra += f' stroke-dasharray="{dash}"'
    coords = (f'x1="{_num(segment.x1)}" y1="{_num(segment.y1)}" x2="{_num(segment.x2)}"'
              f' y2="{_num(segment.y2)}"')
    arrow = ""
    if segment.arrow:
        (ax, ay), (bx, by), (cx, cy) = segment.arrow
        arrow = (f'<path class="ex-arrow" d="M{_num(ax)} {_num(ay)}L{_num(bx)} {_num(by)}'
                 f'L{_num(cx)} {_num(cy)}Z" stroke-width="1" stroke-linejoin="round"/>')
    return (f'<g class="{classes}" data-ends="{_text(edge.source)} {_text(edge.target)}">'
            f"<title>{_text(_edge_title(edge, names))}</title>"
            f"<line {coords}{extra}/>{arrow}</g>")


def _node_markup(node: Node, plan: _Plan, href: str, current: bool) -> str:
    x, y = plan.positions[node.id]
    r = _radius(node.weight)
    label = plan.labels[node.id]
    classes = f"ex-node ex-node--{_token(node.group)}"
    extra = ""
    if current:
        classes += " ex-node--current"
        extra = ' aria-current="page"'
    first = y + r + _LABEL_DROP + ASCENT * _NODE_FONT
    if len(label.lines) == 1:
        text = (f'<text class="ex-node-label" x="{_num(x)}" y="{_num(first)}">'
                f"{_text(label.lines[0])}</text>")
    else:
        spans = "".join(
            f'<tspan x="{_num(x)}" y="{_num(first + k * LINE_GAP * _NODE_FONT)}">'
            f"{_text(line)}</tspan>" for k, line in enumerate(label.lines))
        text = f'<text class="ex-node-label">{spans}</text>'
    return (f'<a class="{classes}" href="{href}" data-id="{_text(node.id)}"{extra}>'
            f"<title>{_text(node.label)}</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>{text}</a>')


def draw(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, description: str,
         center: str | None = None) -> str:
    """The drawing with its legend, as one HTML block that Markdown leaves alone.

    Without ``center``, a force layout of the nodes linked to another; with
    it, ``center`` in the middle and the others around it. On a screen
    narrower than the drawing's smallest width it scrolls sideways, and a cue
    under it says so.
    """
    by_id = {node.id: node for node in nodes}
    if center is None:
        linked = _linked_ids(sorted(by_id), edges, None)
        inner = [by_id[i] for i in sorted(linked)]
        positions = layout(inner, edges, width=WIDTH, height=layout_height(inner))
    else:
        height = ego_height(len(nodes) - 1)
        positions = ego_layout(center, nodes, width=WIDTH, height=height)
    svg = render_svg(nodes, edges, positions, title=title, description=description,
                     highlight=center)
    return "\n".join([
        '<div class="ex-network-figure">',
        '<p class="ex-network-cue">The drawing is wider than the screen:'
        " scroll it sideways to see all of it.</p>",
        '<div class="ex-network-scroll">',
        svg,
        "</div>",
        legend_html(nodes, edges, center),
        "</div>",
    ])


_KIND_NAMES: Final = {
    "person": "Person",
    "organization": "Organisation",
    "state": "State",
    "government-body": "Government body",
    "armed-group": "Armed group",
    "media": "Media",
}


def _swatch_line(classes: str, extra: str = "", arrow: bool = False) -> str:
    head = ('<path class="ex-arrow" d="M30 6L22 1.5L22 10.5Z" stroke-width="1"'
            ' stroke-linejoin="round"/>') if arrow else ""
    return (f'<svg class="ex-legend-swatch" viewBox="0 0 32 12" width="32" height="12"'
            f' aria-hidden="true" focusable="false"><g class="{classes}" stroke="currentColor"'
            f' fill="currentColor"><line x1="2" y1="6" x2="{22 if arrow else 30}" y2="6"'
            f' stroke-linecap="round"{extra}/>{head}</g></svg>')


def _swatch_dot(classes: str) -> str:
    return (f'<svg class="ex-legend-swatch" viewBox="0 0 16 16" width="16" height="16"'
            f' aria-hidden="true" focusable="false"><g class="{classes}" fill="currentColor">'
            f'<circle cx="8" cy="8" r="6"/></g></svg>')


def legend_html(nodes: Sequence[Node], edges: Sequence[Edge],
                highlight: str | None = None) -> str:
    """A legend of what the drawing shows: the kinds of its nodes, the styles of its edges."""
    present = {node.id for node in nodes}
    drawn = [e for e in edges if e.source in present and e.target in present
             and e.source != e.target]
    items: list[str] = []
    groups = {node.group for node in nodes}
    for group in [*_KIND_NAMES, *sorted(groups - set(_KIND_NAMES))]:
        if group in groups:
            name = _KIND_NAMES.get(group) or _plain(group).replace("-", " ").capitalize()
            items.append(f"{_swatch_dot(f'ex-node ex-node--{_token(group)}')}{_text(name)}")
    if highlight is not None:
        items.append(f"{_swatch_dot('ex-node ex-node--current')}This actor")
    statuses = {e.status for e in drawn if e.kind == "relation"}
    width = f' stroke-width="{_num(_RELATION_WIDTH)}"'
    if "confirmed" in statuses:
        items.append(_swatch_line("ex-edge ex-edge--relation ex-edge--confirmed", width, True)
                     + "Relation, confirmed; the arrow points from subject to object"
                     " (“leads”, “part of”)")
    for status in ("reported", "alleged", "denied"):
        if status in statuses:
            extra = f'{width} stroke-dasharray="{_DASHES[status]}"'
            items.append(_swatch_line(f"ex-edge ex-edge--relation ex-edge--{status}", extra,
                                      True) + f"Relation, {status}")
    if any(e.kind == "event" for e in drawn):
        items.append(_swatch_line("ex-edge ex-edge--event", ' stroke-width="1.2"')
                     + "Took part in the same events (a thicker line: more of them)")
    if any(e.kind == "claim" for e in drawn):
        items.append(_swatch_line("ex-edge ex-edge--claim", ' stroke-width="1.5"', True)
                     + "Made claims about")
    stances = {e.status for e in drawn if e.kind == "response"}
    if stances & {"denies", "disputes"}:
        items.append(_swatch_line("ex-edge ex-edge--response ex-edge--denies", width, True)
                     + "Denied or disputed a claim by")
    if "confirms" in stances:
        items.append(_swatch_line("ex-edge ex-edge--response ex-edge--confirms", width, True)
                     + "Confirmed a claim by")
    if drawn:
        items.append("A bigger dot: more links. Hover over a line or a dot to see what it"
                     " stands for.")
    body = "".join(f"<li>{item}</li>" for item in items)
    return f'<ul class="ex-legend" aria-label="Legend">{body}</ul>'


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
#: Line colours, light scheme then dark: 5:1 and more against the background, but
#: shared events (3.3:1 and 3.7:1, above the 3:1 a line needs).
_LINE_COLOURS: Final = {
    "line": ("#5f6571", "#a9afba"),
    "event": ("#868c96", "#737a86"),
    "claim": ("#1565c0", "#6cb4f0"),
    "against": ("#c62828", "#f08c8c"),
    "for": ("#2e7d32", "#7cc680"),
}
_BOTH: Final = ":is(.ex-network, .ex-legend)"


def _colour_variables(scheme: int) -> str:
    return " ".join(f"--ex-net-{name}: {pair[scheme]};" for name, pair in _LINE_COLOURS.items())


NETWORK_CSS: Final[str] = "\n".join([
    "/* Actor network (generator/outputs/network.py). */",
    f"{_BOTH} {{ {_colour_variables(0)} }}",
    f'[data-md-color-scheme="slate"] {_BOTH} {{ {_colour_variables(1)} }}',
    ".ex-network-figure { margin: 1em 0; }",
    # The drawing scrolls sideways rather than shrink its labels below 12 px; shadows
    # at its edges show that there is more ("local" covers hide them at either end).
    ".ex-network-scroll { overflow-x: auto; background:"
    " linear-gradient(to right, var(--md-default-bg-color, #fff) 30%, transparent)"
    " left / 2rem 100% no-repeat local,"
    " linear-gradient(to left, var(--md-default-bg-color, #fff) 30%, transparent)"
    " right / 2rem 100% no-repeat local,"
    " radial-gradient(farthest-side at 0 50%, rgba(127, 127, 127, 0.55), transparent)"
    " left / 0.8rem 100% no-repeat scroll,"
    " radial-gradient(farthest-side at 100% 50%, rgba(127, 127, 127, 0.55), transparent)"
    " right / 0.8rem 100% no-repeat scroll; }",
    f".ex-network {{ display: block; width: 100%; height: auto; min-width: {MIN_WIDTH}px;"
    " color: var(--md-default-fg-color, #222); }",
    ".ex-network-cue { display: none; }",
    f"@media screen and (max-width: {_num((MIN_WIDTH + 40) / 16)}em) {{"
    " .md-typeset .ex-network-cue { display: block; margin: 0 0 0.3em; font-size: 0.7rem;"
    " color: var(--md-default-fg-color--light, #555); } }",
    '.ex-network-cue::before { content: "\\2194\\FE0E  "; }',
    f"{_BOTH} .ex-edge {{ color: var(--ex-net-line); }}",
    f"{_BOTH} .ex-edge--event {{ color: var(--ex-net-event); }}",
    f"{_BOTH} .ex-edge--claim {{ color: var(--ex-net-claim); }}",
    f"{_BOTH} .ex-edge--denies, {_BOTH} .ex-edge--disputes {{ color: var(--ex-net-against); }}",
    f"{_BOTH} .ex-edge--confirms {{ color: var(--ex-net-for); }}",
    ".ex-network .ex-edge-label, .ex-network .ex-net-caption"
    " { fill: var(--md-default-fg-color--light, #555); font-size: 13px; paint-order: stroke;"
    " stroke: var(--md-default-bg-color, #fff); stroke-width: 3px; stroke-linejoin: round; }",
    ".ex-network .ex-edge-label--claim { fill: var(--ex-net-claim); }",
    ".ex-network .ex-edge-label--response { fill: var(--md-default-fg-color, #222); }",
    ".ex-network .ex-net-rule { stroke: var(--md-default-fg-color--lightest, #ddd); }",
    f"{_BOTH} .ex-node circle {{ fill: var(--md-default-fg-color--light, #6d6d6d);"
    " stroke: var(--md-default-bg-color, #fff); stroke-width: 1.5px; }",
    *(f"{_BOTH} .ex-node--{group} circle {{ fill: {fill}; }}"
      for group, fill in _GROUP_FILLS.items()),
    ".ex-network .ex-node-label { fill: var(--md-default-fg-color, #222); font-size: 14px;"
    " paint-order: stroke; stroke: var(--md-default-bg-color, #fff); stroke-width: 3px;"
    " stroke-linejoin: round; }",
    ".ex-network a.ex-node:hover .ex-node-label, .ex-network a.ex-node:focus .ex-node-label"
    " { fill: var(--md-typeset-a-color, #1a5fb4); text-decoration: underline; }",
    ".ex-network a.ex-node:focus-visible { outline: 2px solid var(--md-accent-fg-color, #526cfe);"
    " outline-offset: 2px; }",
    ".ex-network a.ex-node:focus-visible circle { stroke: var(--md-accent-fg-color, #526cfe);"
    " stroke-width: 4px; }",
    f"{_BOTH} .ex-node--current circle {{ stroke: var(--md-accent-fg-color, #526cfe);"
    " stroke-width: 4px; }",
    ".ex-legend .ex-node--current circle { fill: none; stroke-width: 3px; }",
    ".ex-network .ex-node--current .ex-node-label { font-weight: 700; }",
    ".md-typeset .ex-legend { display: flex; flex-wrap: wrap; gap: 0.2em 1.2em;"
    " margin: 0.6em 0 0; padding: 0; list-style: none; font-size: 0.7rem; }",
    ".md-typeset .ex-legend li { display: inline-flex; align-items: center; gap: 0.4em;"
    " margin: 0; }",
    ".ex-legend-swatch { flex: none; }",
    "@media (forced-colors: active) {",
    "  .ex-network .ex-edge, .ex-legend .ex-edge { color: GrayText; }",
    "  .ex-network .ex-node circle, .ex-legend .ex-node circle { fill: LinkText;"
    " stroke: Canvas; }",
    "  .ex-network .ex-node-label, .ex-network .ex-edge-label, .ex-network .ex-net-caption"
    " { fill: CanvasText; stroke: Canvas; }",
    "  .ex-network .ex-node--current circle, .ex-network a.ex-node:focus-visible circle"
    " { stroke: Highlight; }",
    "}",
    "",
])
