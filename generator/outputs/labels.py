"""Labels of build-time drawings: how wide a text will be, and room for it.

A drawing made at build time cannot ask the browser how wide a name is, so the
width is estimated from advance widths measured in Chromium for the two fonts a
Material page falls back to when it loads no web font: Liberation Sans (metric
twin of Arial and Helvetica) and DejaVu Sans (the widest common sans-serif).
Each character counts the larger of its two widths, so a label is never wider
than its estimate in either font; the price is a little air around labels set
in narrower fonts.

The boxes are then kept apart by :func:`separate`, and :func:`free_spot`
finds room for a secondary label (an edge's) among boxes already placed.

Only ``+ - * /``, ``min`` and ``max`` are used on floats, one operation at a
time, so that the same input gives the same bits everywhere (see
:mod:`generator.outputs.network`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["ASCENT", "DESCENT", "LINE_GAP", "Rect", "free_spot", "separate",
           "text_width", "wrap"]

#: Advance widths of printable ASCII (space to tilde) in thousandths of an em:
#: the larger of Liberation Sans and DejaVu Sans, measured in Chromium's canvas.
_ASCII_WIDTHS: Final = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556,
    1015, 684, 686, 722, 770, 667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787,
    667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838, 556,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)
#: Any other letter: a full em, wider than all but a few letters of either font
#: (Cyrillic and Greek letters average 0.6 to 0.8 em; CJK ones are 1 em).
_OTHER_WIDTH: Final = 1000
#: Bold is at most this much wider than regular, character by character.
_BOLD: Final = 1.27
#: Height of a line of text above and below its baseline, in ems (the larger of
#: the two fonts), and the distance between the baselines of wrapped lines.
ASCENT: Final = 0.93
DESCENT: Final = 0.24
LINE_GAP: Final = 1.2


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return _ASCII_WIDTHS[code - 0x20]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    parts = unicodedata.normalize("NFKD", char)
    if parts != char:  # é is e and an accent; ǅ is D and ž
        return sum(_char_width(part) for part in parts)
    return _OTHER_WIDTH


@functools.lru_cache(maxsize=8192)  # names repeat across the drawings of a site
def _em_width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The widest ``text`` set at ``size`` px can be, in either font."""
    width = _em_width(text) * size / 1000
    return width * _BOLD if bold else width


def wrap(text: str, size: float, max_width: float, *, max_lines: int = 2,
         bold: bool = False) -> tuple[str, ...]:
    """``text`` on at most ``max_lines`` lines of at most ``max_width`` px, broken at spaces.

    A word longer than a line stays whole on its line unless it is the last
    line's, and what does not fit on the last line is cut with an ellipsis.
    The result joined with spaces is the text whenever nothing was cut.
    """
    words = text.split()
    lines: list[str] = []
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, bold=bold) <= max_width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        last = " ".join(words)
        if text_width(last, size, bold=bold) > max_width:
            while len(last) > 1 and text_width(last + "…", size, bold=bold) > max_width:
                last = last[:-1]
            last = last.rstrip() + "…"
        lines.append(last)
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned box: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        """Whether the boxes come closer than ``gap``."""
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.top < other.bottom + gap and other.top < self.bottom + gap)


@dataclass(frozen=True, slots=True)
class Extent:
    """A box around a point: how far it reaches left/right, up and down."""

    half_width: float
    up: float
    down: float


def separate(xs: list[float], ys: list[float], extents: Sequence[Extent], *,
             left: float, right: float, top: float, gap: float,
             pinned: frozenset[int] = frozenset(), rounds: int = 200) -> bool:
    """Move points apart until no two of their boxes come closer than ``gap``.

    Boxes stay between ``left`` and ``right`` and below ``top``; downwards the
    drawing may grow. A pair that overlaps is pushed apart along the axis where
    that takes the smaller move, each by half (a pinned point does not move),
    sideways only where the walls leave room. Works in place, in a fixed order;
    returns whether every overlap was resolved within ``rounds``.
    """
    n = len(xs)
    lo = [left + e.half_width for e in extents]
    hi = [max(lo[i], right - e.half_width) for i, e in enumerate(extents)]
    for i in range(n):
        xs[i] = min(max(xs[i], lo[i]), hi[i])
        ys[i] = max(ys[i], top + extents[i].up)
    for _ in range(rounds):
        order = sorted(range(n), key=lambda i: (ys[i] - extents[i].up, i))
        clean = True
        for a, i in enumerate(order):
            ei = extents[i]
            for j in order[a + 1:]:
                ej = extents[j]
                if ys[j] - ej.up >= ys[i] + ei.down + gap:
                    break  # sorted by top, as this round began: later boxes start lower
                ox = ei.half_width + ej.half_width + gap - _gap(xs[i], xs[j])
                if ox <= _SLACK:
                    continue
                oy = (min(ys[i] + ei.down, ys[j] + ej.down) + gap
                      - max(ys[i] - ei.up, ys[j] - ej.up))
                if oy <= _SLACK:
                    continue
                clean = False
                _push(xs, ys, i, j, ox + _SLACK, oy + _SLACK, lo, hi, top, extents, pinned)
        if clean:
            return True
    return False


#: Overlaps smaller than this are rounding, not overlaps; a push goes this much further.
_SLACK: Final = 0.01


def _gap(a: float, b: float) -> float:
    return a - b if a > b else b - a


def _push(xs: list[float], ys: list[float], i: int, j: int, ox: float, oy: float,
          lo: list[float], hi: list[float], top: float, extents: Sequence[Extent],
          pinned: frozenset[int]) -> None:
    """Push boxes ``i`` and ``j`` apart by ``ox`` sideways or ``oy`` vertically."""
    west, east = (i, j) if (xs[i], i) < (xs[j], j) else (j, i)
    room = (0.0 if west in pinned else xs[west] - lo[west]) + (
        0.0 if east in pinned else hi[east] - xs[east])
    upper, lower = (i, j) if (ys[i], i) < (ys[j], j) else (j, i)
    stuck = lower in pinned and (upper in pinned or ys[upper] - extents[upper].up <= top + oy)
    if room >= ox and (ox <= oy or stuck):
        share_w = 0.0 if west in pinned else (ox if east in pinned else ox / 2)
        share_w = min(share_w, xs[west] - lo[west])
        share_e = 0.0 if east in pinned else ox - share_w
        share_e = min(share_e, hi[east] - xs[east])
        xs[west] -= share_w
        xs[east] += share_e
        xs[west] -= ox - share_w - share_e  # what the east wall did not allow
        return
    share_u = 0.0 if upper in pinned else (oy if lower in pinned else oy / 2)
    share_u = min(share_u, ys[upper] - (top + extents[upper].up))
    ys[upper] -= share_u
    if lower not in pinned:
        ys[lower] += oy - share_u
    else:
        ys[upper] -= oy - share_u  # a pinned box below: the other goes up (or grows the gap)


def free_spot(candidates: Sequence[tuple[float, float]], half_width: float, up: float,
              down: float, taken: Sequence[Rect], bounds: Rect, gap: float) -> Rect | None:
    """The first candidate point whose box fits inside ``bounds`` and clear of ``taken``."""
    for x, y in candidates:
        box = Rect(x - half_width, y - up, x + half_width, y + down)
        if (box.left < bounds.left or box.right > bounds.right or box.top < bounds.top
                or box.bottom > bounds.bottom):
            continue
        if not any(box.overlaps(other, gap) for other in taken):
            return box
    return None


def settle(xs: list[float], ys: list[float], extents: Sequence[Extent], *,
           gap: float) -> None:
    """Move boxes down, top first, until none comes closer than ``gap`` to another.

    The last resort after :func:`separate`: always ends, and keeps every box
    where it was sideways. Each box, in order of its top, goes just below any
    box already settled that it would touch, until it touches none.
    """
    order = sorted(range(len(xs)), key=lambda i: (ys[i] - extents[i].up, xs[i], i))
    settled: list[int] = []
    for i in order:
        ei = extents[i]
        moved = True
        while moved:
            moved = False
            for j in settled:
                ej = extents[j]
                if (_gap(xs[i], xs[j]) < ei.half_width + ej.half_width + gap
                        and ys[i] - ei.up < ys[j] + ej.down + gap
                        and ys[j] - ej.up < ys[i] + ei.down + gap):
                    ys[i] = ys[j] + ej.down + gap + ei.up + _SLACK
                    moved = True
        settled.append(i)
