"""The timeline chart: events drawn on a time axis as SVG, at build time.

What is known is drawn, and no more: an exact day is a dot, an interval a bar,
an open span runs to the edge with an arrow, and a date known only to a month,
a year or a decade is a bar over every day it may mean, with soft ends. An
approximate date ("c.") has blurred ends reaching past its range; an uncertain
one ("?") is striped with a dashed outline. Expected events are hollow.

Long empty stretches of time are cut out of the axis (a visible break), so that
a story with a 1953 armistice and a 2023 visit shows both legibly. Each part
of the axis gets its own ticks, chosen so that their labels fit.

The chart is laid out in lanes (an actor's events, a tag's, or one lane), and
in each lane marks go to the first row with room, each with its title beside
it where the title fits; a mark without room for its title keeps the title in
its tooltip. Every mark is a link to its event. Past a number of events the
chart becomes a histogram of events per year or month (see
:func:`render_histogram`), so it stays bounded.

The module knows nothing of the site: :mod:`generator.pages.views` builds the
:class:`Mark` list from the records.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from ..core.dates import MONTH_NAMES, DayKey, Edtf, days_in_month
from .svgtext import SVG_NS, drawing_id, href, num, shorten, text, text_width, token

__all__ = [
    "CHART_CSS",
    "Bin",
    "Mark",
    "Scale",
    "day_number",
    "from_day_number",
    "render_chart",
    "render_histogram",
    "shape_of",
]

WIDTH: Final = 680.0
_SIDE: Final = 12.0  # room left and right of the axis
_BREAK: Final = 22.0  # the width of a break in the axis
_MIN_PART: Final = 72.0  # the least width of one part of the axis
_MIN_BREAK_DAYS: Final = 90
_BREAK_SHARE: Final = 0.3  # a gap is cut out when it is this share of its stretch
_MAX_PARTS: Final = 6
_TOP: Final = 26.0  # the band of the "as of" label
_LANE_HEAD: Final = 20.0
_ROW: Final = 24.0
_AXIS: Final = 34.0
_LABEL_SIZE: Final = 13.0
_TICK_SIZE: Final = 12.0
_TITLE_CHARS: Final = 34
_DOT: Final = 5.5
_BAR: Final = 10.0
_MIN_BAR: Final = 8.0
_GAP: Final = 6.0  # between a mark and its label, and between labels

_MONTH_ABBR: Final = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                      "Oct", "Nov", "Dec")


# --- days ------------------------------------------------------------------------


def day_number(key: DayKey) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian day (any year; H. Hinnant's method)."""
    year, month, day = key
    year -= month <= 2
    era = year // 400  # Python's // floors, which the C original does by hand
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def from_day_number(number: int) -> DayKey:
    """The day ``number`` days after 1970-01-01."""
    number += 719468
    era = number // 146097
    doe = number - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return (yoe + era * 400 + (month <= 2), month, day)


# --- marks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """One event on the chart."""

    id: str
    title: str
    href: str
    """Already relative to the page."""
    date: Edtf
    status: str
    lanes: tuple[str, ...] = ()
    """The lanes it is drawn in (by label); none: the last lane."""
    actors: str = ""
    """Space-separated actor ids, for the page's filter."""
    tags: str = ""


@dataclass(frozen=True, slots=True)
class Shape:
    """What a date looks like: its days, and how sure they are."""

    start: int | None  # first day (day number); None: open start
    end: int | None  # last day, inclusive; None: open or unknown end
    kind: str  # "day", "range" (somewhere within), "span" (all of it)
    approximate: bool
    uncertain: bool
    open_start: bool  # ../x: runs off the left edge
    open_end: bool  # x/..: ongoing, runs off the right edge
    unknown_end: bool  # x/: fades out


def shape_of(date: Edtf) -> Shape:
    """The drawing of a date, from its earliest and latest days and its qualifiers."""
    written = date.text
    first, _, second = written.partition("/")
    approximate = "~" in written or "%" in written
    uncertain = "?" in written or "%" in written
    start = None if date.earliest is None else day_number(date.earliest)
    end = None if date.latest is None else day_number(date.latest)
    if date.is_interval:
        return Shape(start, end, "span", approximate, uncertain,
                     open_start=first in ("..", ""), open_end=second == "..",
                     unknown_end=second == "")
    kind = "day" if start == end else "range"
    return Shape(start, end, kind, approximate, uncertain, False, False, False)


# --- the axis ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """A tick step: days of the month (1, 2, 5, 10) or months (1, 3, 6, 12 × n)."""

    days: int = 0
    months: int = 0


_UNITS: Final = (
    *(_Unit(days=d) for d in (1, 2, 5, 10)),
    *(_Unit(months=m) for m in (1, 3, 6)),
    *(_Unit(months=12 * y) for y in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000,
                                      10000, 100000, 1000000)),
)


def _ticks_from(unit: _Unit, start: int) -> tuple[int, Callable[[int], int]]:
    """The first tick at or before ``start``, and the step to the next tick."""
    year, month, day = from_day_number(start)
    if unit.days:
        step = unit.days

        def month_days(y: int, m: int) -> range:
            # Steps over 1 stop at the 28th, so that no tick crowds the first of the next month.
            return range(1, (days_in_month(y, m) if step == 1 else 28) + 1, step)

        def next_day(n: int) -> int:
            y, m, d = from_day_number(n)
            later = [t for t in month_days(y, m) if t > d]
            if later:
                return day_number((y, m, later[0]))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return day_number((y, m, 1))
        first = max(t for t in month_days(year, month) if t <= day)
        return day_number((year, month, first)), next_day
    months = unit.months
    index = (year * 12 + month - 1) // months * months  # months since year 0, floored

    def next_month(n: int) -> int:
        y, m, _ = from_day_number(n)
        total = y * 12 + m - 1 + months
        return day_number((total // 12, total % 12 + 1, 1))
    return day_number((index // 12, index % 12 + 1, 1)), next_month


def _longest_step(unit: _Unit) -> int:
    """The most days between two ticks of ``unit``: a month has at most 31 days, and a
    step of days over 1 stops at the 28th, then goes on from the 1st."""
    if unit.days:
        return 1 if unit.days == 1 else unit.days + 3
    return 31 * unit.months


def _year_text(year: int) -> str:
    return str(year) if year > 0 else f"{1 - year} BCE"


def _tick_label(unit: _Unit, number: int, first: bool) -> str:
    year, month, day = from_day_number(number)
    if unit.days:
        if first or (day == 1 and month == 1):
            return f"{day} {_MONTH_ABBR[month]} {_year_text(year)}"
        return f"{day} {_MONTH_ABBR[month]}" if day == 1 or first else str(day)
    if unit.months < 12:
        if first or month == 1:
            return f"{_MONTH_ABBR[month]} {_year_text(year)}"
        return _MONTH_ABBR[month]
    return _year_text(year)


@dataclass(slots=True)
class _Part:
    """One stretch of the axis between breaks."""

    start: int  # first day shown
    end: int  # the day after the last day shown
    weight: float
    x0: float = 0.0
    x1: float = 0.0
    ticks: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scale:
    """Days to x, across the parts of the axis and the breaks between them."""

    parts: tuple[_Part, ...]

    def x(self, number: float) -> float:
        parts = self.parts
        if number <= parts[0].start:
            return parts[0].x0
        for i, part in enumerate(parts):
            if number <= part.end:
                if number >= part.start:
                    span = part.end - part.start
                    return part.x0 + (number - part.start) / span * (part.x1 - part.x0)
                before = parts[i - 1]  # in the break before this part
                share = (number - before.end) / (part.start - before.end)
                return before.x1 + share * (part.x0 - before.x1)
        return parts[-1].x1

    @property
    def left(self) -> float:
        return self.parts[0].x0

    @property
    def right(self) -> float:
        return self.parts[-1].x1

    def breaks(self) -> list[tuple[float, float, int, int]]:
        """Each break: its x from and to, and the days it leaves out."""
        return [(a.x1, b.x0, a.end, b.start) for a, b in zip(self.parts, self.parts[1:],
                                                             strict=False)]


def _clusters(anchors: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Anchors (first, last day) merged where they touch: [first, last, count]."""
    merged: list[list[int]] = []
    for first, last in sorted(anchors):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
            merged[-1][2] += 1
        else:
            merged.append([first, last, 1])
    return merged


def _split(clusters: list[list[int]], budget: int) -> list[list[list[int]]]:
    """Cut the clusters at their widest gap while it is long for its stretch."""
    if len(clusters) < 2 or budget < 2:
        return [clusters]
    extent = clusters[-1][1] - clusters[0][0]
    gaps = [(clusters[i + 1][0] - clusters[i][1], -i) for i in range(len(clusters) - 1)]
    gap, neg = max(gaps)
    if gap < _MIN_BREAK_DAYS or gap < _BREAK_SHARE * extent:
        return [clusters]
    at = -neg + 1
    left, right = clusters[:at], clusters[at:]
    left_parts = _split(left, max(1, budget // 2))
    return left_parts + _split(right, budget - len(left_parts))


def _allocate(parts: list[_Part], width: float) -> None:
    """Widths in proportion to the weights, each at least ``_MIN_PART`` (water-filling)."""
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(parts)) if i not in fixed]
        room = width - _MIN_PART * len(fixed)
        total = sum(parts[i].weight for i in free) or 1.0
        small = [i for i in free if parts[i].weight / total * room < _MIN_PART]
        if not small or len(fixed) + len(small) == len(parts):
            if small:
                fixed.update(small)
            break
        fixed.update(small)
    free = [i for i in range(len(parts)) if i not in fixed]
    room = width - _MIN_PART * len(fixed)
    total = sum(parts[i].weight for i in free) or 1.0
    x = _SIDE
    for i, part in enumerate(parts):
        share = _MIN_PART if i in fixed else parts[i].weight / total * room
        if not free:
            share = width / len(parts)
        part.x0, part.x1 = x, x + share
        x += share + _BREAK


def _fit_ticks(part: _Part, first_day: int, last_day: int) -> None:
    """The finest tick step whose labels fit; the part widens to whole steps."""
    part.start, part.end, ticks = _ticks_for(part.x1 - part.x0, first_day, last_day)
    part.ticks = list(ticks)


@functools.lru_cache(maxsize=4096)
def _ticks_for(width: float, first_day: int,
               last_day: int) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    """The shown days and the ticks of a part ``width`` wide (charts share many)."""
    steps_to_fail = max(1, math.floor(width / 8))  # stepping would give up at this step
    most_ticks = max(2, math.floor(width / 8) + 1)  # (counting the end of the part)
    for unit in range(len(_UNITS)):
        start = _first_tick(unit, first_day)
        if steps_to_fail <= (last_day - start) // _longest_step(_UNITS[unit]):
            continue  # too fine: it would give up before the last day (spares stepping it)
        ticks = _unit_ticks(unit, first_day, last_day)
        if len(ticks) > most_ticks:
            continue  # too many ticks for the width
        shown, end = ticks[:-1], ticks[-1]  # the end of the part is not a tick of it
        scale = width / (end - start)
        edges = [(t - start) * scale for t in shown] + [width]
        # Labels are made only as far as they fit (a step too fine fails at once).
        if all(3 + text_width(_tick_text(unit, t, i == 0), _TICK_SIZE) + _GAP
               <= edges[i + 1] - edges[i] for i, t in enumerate(shown)):
            return start, end, tuple((t, _tick_text(unit, t, i == 0))
                                     for i, t in enumerate(shown))
    return first_day, last_day + 1, ()  # no step fits: no ticks


#: Each unit's step from one tick to the next (it does not depend on where it starts).
_STEPS: Final = tuple(_ticks_from(unit, 0)[1] for unit in _UNITS)


@functools.lru_cache(maxsize=8192)
def _first_tick(unit: int, first_day: int) -> int:
    """The first tick of ``_UNITS[unit]`` at or before ``first_day``."""
    return _ticks_from(_UNITS[unit], first_day)[0]


@functools.lru_cache(maxsize=65536)  # the charts of one story step over the same days
def _next_tick(unit: int, tick: int) -> int:
    return _STEPS[unit](tick)


@functools.lru_cache(maxsize=65536)
def _tick_text(unit: int, tick: int, first: bool) -> str:
    return _tick_label(_UNITS[unit], tick, first)


@functools.lru_cache(maxsize=8192)
def _unit_ticks(unit: int, first_day: int, last_day: int) -> tuple[int, ...]:
    """The ticks of ``_UNITS[unit]`` from the first at or before ``first_day`` to the
    first after ``last_day``.

    :func:`_ticks_for` asks only for units coarse enough to give up stepping within
    the width, so the ticks stay few."""
    ticks = [_first_tick(unit, first_day)]
    while ticks[-1] <= last_day:
        ticks.append(_next_tick(unit, ticks[-1]))
    return tuple(ticks)


def make_scale(anchors: Sequence[tuple[int, int]], width: float = WIDTH) -> Scale:
    """The axis for some anchors (first and last day of what must be seen)."""
    clusters = _clusters(anchors)
    groups = _split(clusters, _MAX_PARTS)
    inner = width - 2 * _SIDE - _BREAK * (len(groups) - 1)
    total_days = sum(g[-1][1] - g[0][0] + 1 for g in groups)
    total_count = sum(c[2] for g in groups for c in g)
    parts: list[_Part] = []
    for group in groups:
        days = group[-1][1] - group[0][0] + 1
        count = sum(c[2] for c in group)
        parts.append(_Part(group[0][0], group[-1][1] + 1,
                           0.5 * days / total_days + 0.5 * count / total_count))
    bounds = [(g[0][0], g[-1][1]) for g in groups]
    for _ in range(3):  # widths depend on the steps' rounding, and the steps on widths
        _allocate(parts, inner)
        for part, (first, last) in zip(parts, bounds, strict=True):
            _fit_ticks(part, first, last)
        shown = sum(p.end - p.start for p in parts)
        for part, count in zip(parts, (sum(c[2] for c in g) for g in groups), strict=True):
            part.weight = 0.5 * (part.end - part.start) / shown + 0.5 * count / total_count
    _allocate(parts, inner)
    for part, (first, last) in zip(parts, bounds, strict=True):
        _fit_ticks(part, first, last)
    return Scale(tuple(parts))


# --- drawing -------------------------------------------------------------------------


@dataclass(slots=True)
class _Placed:
    mark: Mark
    shape: Shape
    x0: float
    x1: float
    row: int = 0
    label: str = ""
    label_x: float = 0.0
    label_end: bool = False  # anchored at its end (left of the mark)


def _extent(shape: Shape, scale: Scale, as_of: int) -> tuple[float, float]:
    """The mark's x from and to (before the blur of an approximate date)."""
    if shape.kind == "day":
        assert shape.start is not None
        centre = scale.x(shape.start + 0.5)
        return centre - _DOT, centre + _DOT
    x0 = scale.left if shape.start is None else scale.x(shape.start)
    if shape.end is None:
        x1 = scale.right if (shape.open_end or shape.start is None) else \
            max(x0 + 40.0, scale.x(max(as_of, shape.start or as_of) + 1))
        x1 = min(x1, scale.right)
    else:
        x1 = scale.x(shape.end + 1)
    if x1 - x0 < _MIN_BAR:
        middle = (x0 + x1) / 2
        x0, x1 = middle - _MIN_BAR / 2, middle + _MIN_BAR / 2
    return x0, x1


def _blur(shape: Shape, x0: float, x1: float) -> float:
    return max(6.0, 0.25 * (x1 - x0)) if shape.approximate else 0.0


def _pack(placed: list[_Placed], rows: int, width: float) -> int:
    """Rows for the marks of one lane, and room for their titles; returns the rows used.

    A mark goes to the first row with room for it and its title. Without such a
    row it goes, untitled, to a row where it covers no title (marks may overlap
    marks); failing that, to the row where it covers fewest, and the titles it
    covers are dropped (they stay in the tooltips): a mark never hides a title.
    """
    taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    titled: list[list[tuple[float, float, _Placed]]] = [[] for _ in range(rows)]

    def free(row: int, a: float, b: float) -> bool:
        return all(b <= c or a >= d for c, d in taken[row])

    def covered(row: int, a: float, b: float) -> list[tuple[float, float, _Placed]]:
        return [t for t in titled[row] if not (b <= t[0] or a >= t[1])]

    used = 1
    for item in placed:
        blur = _blur(item.shape, item.x0, item.x1)
        a, b = item.x0 - blur - 2, item.x1 + blur + 2
        label = shorten(item.mark.title, _TITLE_CHARS)
        size = text_width(label, _LABEL_SIZE)
        after = (b + _GAP - 2, b + _GAP + size + _GAP)
        before = (a - _GAP - size - _GAP, a - _GAP + 2)
        choice: tuple[int, tuple[float, float], bool] | None = None
        for row in range(min(used + 1, rows)):  # the rows in use, then one more
            if after[1] <= width - 2 and free(row, a, after[1]):
                choice = (row, (a, after[1]), False)
                break
            if before[0] >= 2 and free(row, before[0], b):
                choice = (row, (before[0], b), True)
                break
        if choice is not None:
            row, span, at_end = choice
            item.row, item.label, item.label_end = row, label, at_end
            item.label_x = a - _GAP + 2 if at_end else b + _GAP - 2
            taken[row].append(span)
            text_span = (span[0], a) if at_end else (b, span[1])
            titled[row].append((text_span[0], text_span[1], item))
        else:
            open_row = next((r for r in range(rows) if free(r, a, b)), None)
            row = open_row if open_row is not None else min(
                range(rows), key=lambda r: (len(covered(r, a, b)), len(taken[r]), r))
            for hidden in covered(row, a, b):
                hidden[2].label = ""
                titled[row].remove(hidden)
            item.row = row
            taken[row].append((a, b))
        used = max(used, item.row + 1)
    return used


def _mark_svg(item: _Placed, y: float, ids: str, tip: str) -> str:
    """One mark: its shape, blur, stripes and title, inside its link."""
    shape, mark = item.shape, item.mark
    classes = [f"ex-mark ex-mark--{token(mark.status)}"]
    if mark.status == "expected":
        classes.append("ex-mark--hollow")
    if shape.uncertain:
        classes.append("ex-mark--uncertain")
    if shape.approximate:
        classes.append("ex-mark--approximate")
    parts = []
    fill = f' mask="url(#{ids}-stripes)"' if shape.uncertain else ""
    blur = _blur(shape, item.x0, item.x1)
    if shape.kind == "day" and not shape.approximate:
        cx = (item.x0 + item.x1) / 2
        parts.append(f'<circle class="ex-mark__core" cx="{num(cx)}" cy="{num(y)}"'
                     f' r="{num(_DOT)}"{fill}/>')
    else:
        top, height = y - _BAR / 2, _BAR
        core = ""
        if shape.kind == "range" and not shape.approximate:
            core = f' mask="url(#{ids}-soft)"'  # somewhere within: soft ends
        body = (f'<rect class="ex-mark__core" x="{num(item.x0)}" y="{num(top)}"'
                f' width="{num(item.x1 - item.x0)}" height="{num(height)}" rx="2"{core}/>')
        if shape.uncertain and core:
            body = f'<g mask="url(#{ids}-stripes)">{body}</g>'
        elif shape.uncertain:
            body = body.replace("/>", f"{fill}/>")
        parts.append(body)
        if blur:
            if not (shape.open_start or shape.start is None):
                parts.append(f'<rect class="ex-mark__blur" x="{num(item.x0 - blur)}"'
                             f' y="{num(top)}" width="{num(blur)}" height="{num(height)}"'
                             f' mask="url(#{ids}-fade-in)"/>')
            if shape.end is not None:
                parts.append(f'<rect class="ex-mark__blur" x="{num(item.x1)}" y="{num(top)}"'
                             f' width="{num(blur)}" height="{num(height)}"'
                             f' mask="url(#{ids}-fade-out)"/>')
        if shape.unknown_end:
            parts.append(f'<rect class="ex-mark__blur" x="{num(item.x1 - 40)}" y="{num(top)}"'
                         f' width="40" height="{num(height)}" mask="url(#{ids}-fade-out)"/>')
        if shape.uncertain or mark.status == "expected":
            parts.append(f'<rect class="ex-mark__outline" x="{num(item.x0)}" y="{num(top)}"'
                         f' width="{num(item.x1 - item.x0)}" height="{num(height)}" rx="2"/>')
        if shape.open_end:
            parts.append(_arrow(item.x1, y, 1))
        if shape.open_start or (shape.kind == "span" and shape.start is None):
            parts.append(_arrow(item.x0, y, -1))
    if shape.kind == "day" and (shape.uncertain or mark.status == "expected"):
        cx = (item.x0 + item.x1) / 2
        parts.append(f'<circle class="ex-mark__outline" cx="{num(cx)}" cy="{num(y)}"'
                     f' r="{num(_DOT)}"/>')
    if item.label:
        anchor = ' text-anchor="end"' if item.label_end else ""
        parts.append(f'<text class="ex-mark__label" x="{num(item.label_x)}"'
                     f' y="{num(y + 4.5)}"{anchor}>{text(item.label)}</text>')
    return (f'<a class="{" ".join(classes)}" href="{href(mark.href)}"'
            f' data-actors="{text(mark.actors)}" data-tags="{text(mark.tags)}"'
            f' data-status="{text(mark.status)}"><title>{text(tip)}</title>'
            + "".join(parts) + "</a>")


def _arrow(x: float, y: float, direction: int) -> str:
    tip = x + 7 * direction
    return (f'<path class="ex-mark__arrow" d="M{num(x)} {num(y - 7)}L{num(tip)} {num(y)}'
            f'L{num(x)} {num(y + 7)}Z"/>')


def _defs(ids: str) -> str:
    """Masks shared by the marks: soft ends, blur either way, and stripes."""
    def gradient(name: str, stops: str) -> str:
        return (f'<linearGradient id="{ids}-{name}-g">{stops}</linearGradient>'
                f'<mask id="{ids}-{name}" maskContentUnits="objectBoundingBox">'
                f'<rect width="1" height="1" fill="url(#{ids}-{name}-g)"/></mask>')
    white, black = 'stop-color="#fff"', 'stop-color="#000"'
    return ("<defs>"
            + gradient("soft", f'<stop offset="0" {black}/><stop offset="0.25" {white}/>'
                               f'<stop offset="0.75" {white}/><stop offset="1" {black}/>')
            + gradient("fade-in", f'<stop offset="0" {black}/><stop offset="1" {white}/>')
            + gradient("fade-out", f'<stop offset="0" {white}/><stop offset="1" {black}/>')
            + f'<pattern id="{ids}-stripes-p" width="6" height="6" patternUnits="userSpaceOnUse"'
              ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#555"/>'
              '<rect width="3.2" height="6" fill="#fff"/></pattern>'
            + f'<mask id="{ids}-stripes" maskUnits="userSpaceOnUse" x="-10" y="-10"'
              ' width="100000" height="100000"><rect x="-10" y="-10" width="100000"'
              f' height="100000" fill="url(#{ids}-stripes-p)"/></mask>'
            + "</defs>")


@dataclass(frozen=True, slots=True)
class Legend:
    """What a chart draws, for its legend."""

    kinds: frozenset[str]
    statuses: tuple[str, ...]
    breaks: bool


def _legend_html(ids: str, legend: Legend, as_of_text: str) -> str:
    items: list[tuple[str, str]] = []

    def swatch(inner: str) -> str:
        return (f'<svg class="ex-chart ex-legend__swatch" xmlns="{SVG_NS}" width="34"'
                f' height="16" viewBox="0 0 34 16" aria-hidden="true">{inner}</svg>')
    core = 'class="ex-mark__core"'
    if "day" in legend.kinds:
        items.append((f'<g class="ex-mark ex-mark--confirmed"><circle {core} cx="17" cy="8"'
                      ' r="5.5"/></g>', "a day"))
    if "span" in legend.kinds:
        items.append((f'<g class="ex-mark ex-mark--confirmed"><rect {core} x="3" y="3"'
                      ' width="28" height="10" rx="2"/></g>', "from one day to another"))
    if "open" in legend.kinds:
        items.append(('<g class="ex-mark ex-mark--confirmed"><rect class="ex-mark__core"'
                      ' x="1" y="3" width="24" height="10"/>' + _arrow(25, 8, 1) + "</g>",
                      "ongoing: runs on past the chart"))
    if "range" in legend.kinds:
        items.append((f'<g class="ex-mark ex-mark--confirmed"><rect {core} x="1" y="3"'
                      f' width="32" height="10" mask="url(#{ids}-soft)"/></g>',
                      "a month or a year: on some day within it"))
    if "approximate" in legend.kinds:
        items.append((f'<g class="ex-mark ex-mark--confirmed"><rect {core} x="9" y="3"'
                      f' width="16" height="10"/><rect class="ex-mark__blur" x="1" y="3"'
                      f' width="8" height="10" mask="url(#{ids}-fade-in)"/>'
                      '<rect class="ex-mark__blur" x="25" y="3" width="8" height="10"'
                      f' mask="url(#{ids}-fade-out)"/></g>',
                      "approximate (c.): blurred ends, it may lie a little outside"))
    if "uncertain" in legend.kinds:
        items.append((f'<g class="ex-mark ex-mark--confirmed ex-mark--uncertain"><rect {core}'
                      f' x="3" y="3" width="28" height="10" mask="url(#{ids}-stripes)"/>'
                      '<rect class="ex-mark__outline" x="3" y="3" width="28" height="10"/>'
                      "</g>", "uncertain (?): striped, the date is in doubt"))
    if "expected" in legend.statuses:
        items.append(('<g class="ex-mark ex-mark--expected ex-mark--hollow"><rect'
                      f' {core} x="3" y="3" width="28" height="10"/><rect'
                      ' class="ex-mark__outline" x="3" y="3" width="28" height="10"/></g>',
                      "expected: hollow, not yet happened"))
    for status in legend.statuses:
        items.append((f'<g class="ex-mark ex-mark--{token(status)}"><rect {core} x="5" y="3"'
                      ' width="24" height="10" rx="2"/></g>', status))
    if legend.breaks:
        items.append(('<g class="ex-chart__break"><path d="M12 15L18 1M17 15L23 1"/></g>',
                      "a break: a long stretch without events is left out"))
    items.append(('<g class="ex-chart__as-of"><path d="M17 0V16"/></g>',
                  f"as of {as_of_text}"))
    return ('<ul class="ex-legend">' + "".join(
        f"<li>{swatch(inner)}<span>{text(label)}</span></li>" for inner, label in items)
        + "</ul>")


def render_chart(marks: Sequence[Mark], *, lanes: Sequence[str], as_of: DayKey,
                 as_of_text: str, title: str, description: str, rows: int = 6,
                 width: float = WIDTH) -> str:
    """The chart as HTML: an SVG figure, its legend, and a cue to scroll on a phone.

    ``lanes`` are the lane labels in order (an empty label: one lane with no head);
    a mark goes to each of its lanes, or to the last lane if it names none of them.
    """
    today = day_number(as_of)
    shapes = [shape_of(mark.date) for mark in marks]
    anchors: list[tuple[int, int]] = [(today, today)]
    for shape in shapes:
        if shape.kind == "span":
            anchors.extend((d, d) for d in (shape.start, shape.end) if d is not None)
        elif shape.start is not None and shape.end is not None:
            anchors.append((shape.start, shape.end))
    scale = make_scale(anchors, width)
    ids = drawing_id("chart", title, description, *(m.id for m in marks))
    lane_names = list(lanes) or [""]
    by_lane: dict[str, list[_Placed]] = {name: [] for name in lane_names}
    for mark, shape in zip(marks, shapes, strict=True):
        x0, x1 = _extent(shape, scale, today)
        homes = [lane for lane in mark.lanes if lane in by_lane] or [lane_names[-1]]
        for lane in homes:
            by_lane[lane].append(_Placed(mark, shape, x0, x1))
    lane_names = [name for name in lane_names if by_lane[name]] or lane_names[:1]

    body: list[str] = []
    y = _TOP
    for name in lane_names:
        placed = sorted(by_lane[name], key=lambda p: (p.x0, p.x1, p.mark.id))
        used = _pack(placed, rows, width) if placed else 1
        head = _LANE_HEAD if name else 4.0
        body.append(f'<g class="ex-chart__lane"><rect class="ex-chart__band" x="0"'
                    f' y="{num(y)}" width="{num(width)}" height="{num(head + used * _ROW)}"/>')
        if name:
            body.append(f'<text class="ex-chart__lane-label" x="{num(_SIDE)}"'
                        f' y="{num(y + 14)}">{text(shorten(name, 60))}</text>')
        for item in placed:
            tip = f"{item.mark.title} · {item.mark.date.display()} · {item.mark.status}"
            body.append(_mark_svg(item, y + head + item.row * _ROW + _ROW / 2, ids, tip))
        body.append("</g>")
        y += head + used * _ROW
    height = y + _AXIS

    lines = [f'<svg xmlns="{SVG_NS}" class="ex-chart" viewBox="0 0 {num(width)} {num(height)}"'
             f' width="{num(width)}" height="{num(height)}" role="group"'
             f' aria-labelledby="{ids}-title {ids}-desc">',
             f'<title id="{ids}-title">{text(title)}</title>',
             f'<desc id="{ids}-desc">{text(description)}</desc>', _defs(ids)]
    lines.extend(_breaks(scale, _TOP - 6, y))
    lines.extend(body)
    lines.extend(_axis(scale, y))
    lines.append(_as_of_line(scale.x(today + 0.5), y, as_of_text, width))
    lines.append("</svg>")
    kinds = {s.kind for s in shapes}
    kinds |= {"open" for s in shapes if s.open_end}
    kinds |= {"approximate" for s in shapes if s.approximate}
    kinds |= {"uncertain" for s in shapes if s.uncertain}
    statuses = tuple(sorted({m.status for m in marks}))
    legend = Legend(frozenset(kinds), statuses, len(scale.parts) > 1)
    return ('<figure class="ex-chart-figure">\n<div class="ex-chart-scroll" tabindex="0"'
            f' role="region" aria-label="{text(title)} (scrolls sideways)">\n'
            + "\n".join(lines) + "\n</div>\n"
            '<figcaption><span class="ex-chart-cue" aria-hidden="true">'
            "Scroll sideways to see the whole chart.</span>"
            + _legend_html(ids, legend, as_of_text) + "</figcaption>\n</figure>")


def _breaks(scale: Scale, top: float, bottom: float) -> list[str]:
    lines = []
    for x0, x1, first, last in scale.breaks():
        middle = (x0 + x1) / 2
        years = (last - first) / 365.2425
        left = f"{round(years)} years" if years >= 2 else f"{round((last - first) / 30.44)} months"
        lines.append(f'<g class="ex-chart__break"><title>{text(left)} without events left out'
                     f'</title><rect x="{num(x0)}" y="{num(top)}" width="{num(x1 - x0)}"'
                     f' height="{num(bottom - top)}"/>'
                     f'<path d="M{num(middle - 6)} {num(bottom + 8)}L{num(middle)} '
                     f'{num(bottom - 8)}M{num(middle)} {num(bottom + 8)}L{num(middle + 6)} '
                     f'{num(bottom - 8)}"/></g>')
    return lines


def _axis(scale: Scale, y: float) -> list[str]:
    lines = ['<g class="ex-chart__axis">']
    for part in scale.parts:
        lines.append(f'<path d="M{num(part.x0)} {num(y)}H{num(part.x1)}"/>')
        for number, label in part.ticks:
            x = scale.x(number)
            lines.append(f'<path d="M{num(x)} {num(y)}V{num(y + 6)}"/>'
                         f'<text class="ex-chart__tick" x="{num(x + 3)}" y="{num(y + 20)}">'
                         f"{text(label)}</text>")
    lines.append("</g>")
    return lines


def _as_of_line(x: float, bottom: float, as_of_text: str, width: float) -> str:
    label = f"as of {as_of_text}"
    size = text_width(label, _TICK_SIZE)
    at_end = x + 4 + size > width - 2
    anchor = ' text-anchor="end"' if at_end else ""
    lx = x - 4 if at_end else x + 4
    return (f'<g class="ex-chart__as-of"><path d="M{num(x)} {num(_TOP - 10)}V{num(bottom)}"/>'
            f'<text class="ex-chart__as-of-label" x="{num(lx)}" y="{num(_TOP - 8)}"{anchor}>'
            f"{text(label)}</text></g>")


# --- many events: a histogram ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bin:
    """Events counted in one stretch of time, linked to where they are listed."""

    start: DayKey
    end: DayKey  # inclusive
    label: str
    count: int
    href: str


def render_histogram(bins: Sequence[Bin], *, as_of: DayKey, as_of_text: str, title: str,
                     description: str, width: float = WIDTH) -> str:
    """Too many events to draw one by one: how many there are per year, each bar a link."""
    today = day_number(as_of)
    spans = [(day_number(b.start), day_number(b.end)) for b in bins]
    scale = make_scale([*spans, (today, today)], width)
    ids = drawing_id("histogram", title, description, *(b.label for b in bins))
    tallest = max((b.count for b in bins), default=1) or 1
    top, room = _TOP, 90.0
    bottom = top + room
    lines = [f'<svg xmlns="{SVG_NS}" class="ex-chart" viewBox="0 0 {num(width)} '
             f'{num(bottom + _AXIS)}" width="{num(width)}" height="{num(bottom + _AXIS)}"'
             f' role="group" aria-labelledby="{ids}-title {ids}-desc">',
             f'<title id="{ids}-title">{text(title)}</title>',
             f'<desc id="{ids}-desc">{text(description)}</desc>']
    lines.extend(_breaks(scale, top - 6, bottom))
    for b, (first, last) in zip(bins, spans, strict=True):
        x0, x1 = scale.x(first) + 0.5, scale.x(last + 1) - 0.5
        if x1 - x0 < 3:
            x0, x1 = (x0 + x1) / 2 - 1.5, (x0 + x1) / 2 + 1.5
        h = max(2.0, room * math.sqrt(b.count / tallest))
        noun = "event" if b.count == 1 else "events"
        lines.append(f'<a class="ex-mark ex-mark--confirmed" href="{href(b.href)}">'
                     f"<title>{text(b.label)}: {b.count:,} {noun}</title>"
                     f'<rect class="ex-mark__core" x="{num(x0)}" y="{num(bottom - h)}"'
                     f' width="{num(x1 - x0)}" height="{num(h)}"/></a>')
    lines.extend(_axis(scale, bottom))
    lines.append(_as_of_line(scale.x(today + 0.5), bottom, as_of_text, width))
    lines.append("</svg>")
    return ('<figure class="ex-chart-figure">\n<div class="ex-chart-scroll" tabindex="0"'
            f' role="region" aria-label="{text(title)} (scrolls sideways)">\n'
            + "\n".join(lines) + "\n</div>\n<figcaption>Bars show how many events fall in "
            "each period (the height grows with the square root of the count); select one "
            "to list them.</figcaption>\n</figure>")


def month_bins(counts: dict[tuple[int, int], int], href_of: Callable[[int], str]) -> list[Bin]:
    """Bins per month, from counts keyed by (year, month)."""
    return [Bin((y, m, 1), (y, m, days_in_month(y, m)), f"{MONTH_NAMES[m]} {_year_text(y)}",
                n, href_of(y)) for (y, m), n in sorted(counts.items())]


#: Mark colours by status: each has a contrast of at least 3:1 with Material's light
#: background (#fff) and its dark one (slate, about #1e2129).
_STATUS_COLOURS: Final = {
    "confirmed": "#2e8540",
    "reported": "#3174c4",
    "alleged": "#9c4dcc",
    "expected": "#c86a12",
    "postponed": "#8d6e63",
    "cancelled": "#7a7a7a",
}

CHART_CSS: Final[str] = "\n".join([
    "/* Timeline chart (generator/outputs/timechart.py). */",
    ".ex-chart-figure { margin: 1em 0; }",
    ".ex-chart-scroll { overflow-x: auto; }",
    ".ex-chart-scroll:focus-visible { outline: 2px solid var(--md-accent-fg-color, #526cfe); }",
    ".ex-chart-scroll > svg { display: block; width: 100%; min-width: 600px; height: auto; }",
    ".ex-chart-figure figcaption { font-size: 0.7rem; text-align: left; max-width: none;"
    " margin: 0.3em 0 0; }",
    ".ex-chart-cue { display: none; font-style: italic; }",
    "@media screen and (max-width: 44.9375em) { .ex-chart-cue { display: block; } }",
    ".md-typeset .ex-legend { display: flex; flex-wrap: wrap; gap: 0.2em 1.2em;"
    " list-style: none; margin: 0.4em 0 0; padding: 0; }",
    ".md-typeset .ex-legend li { display: inline-flex; align-items: center; gap: 0.4em;"
    " margin: 0; }",
    ".ex-legend__swatch { flex: none; }",
    ".ex-chart { color: var(--md-default-fg-color, #222); }",
    ".ex-chart text { fill: var(--md-default-fg-color, #222); }",
    ".ex-chart .ex-chart__band { fill: transparent; }",
    ".ex-chart .ex-chart__lane:nth-of-type(even) .ex-chart__band"
    " { fill: var(--md-default-fg-color--lightest, rgba(0, 0, 0, 0.07)); }",
    ".ex-chart .ex-chart__lane-label { font-size: 13px; font-weight: 700; }",
    ".ex-chart .ex-mark__label { font-size: 13px; }",
    ".ex-chart .ex-chart__tick, .ex-chart .ex-chart__as-of-label { font-size: 12px; }",
    ".ex-chart .ex-chart__axis path { stroke: var(--md-default-fg-color--light, #666);"
    " fill: none; }",
    ".ex-chart .ex-chart__break rect { fill: var(--md-default-bg-color, #fff); }",
    ".ex-chart .ex-chart__break path { stroke: var(--md-default-fg-color--light, #666);"
    " stroke-width: 2px; fill: none; }",
    ".ex-chart .ex-chart__as-of path { stroke: var(--md-accent-fg-color, #ff6e42);"
    " stroke-width: 2px; stroke-dasharray: 4 3; fill: none; }",
    *(f".ex-chart .ex-mark--{status} {{ color: {colour}; }}"
      for status, colour in _STATUS_COLOURS.items()),
    ".ex-chart .ex-mark__core, .ex-chart .ex-mark__blur, .ex-chart .ex-mark__arrow"
    " { fill: currentColor; }",
    ".ex-chart .ex-mark__outline { fill: none; stroke: currentColor; stroke-width: 1.5px;"
    " stroke-dasharray: 2 2; }",
    ".ex-chart .ex-mark--hollow .ex-mark__core { fill-opacity: 0.2; }",
    ".ex-chart .ex-mark--hollow .ex-mark__outline { stroke-width: 2px;"
    " stroke-dasharray: 5 3; }",
    ".ex-chart a.ex-mark:hover .ex-mark__label, .ex-chart a.ex-mark:focus .ex-mark__label"
    " { fill: var(--md-typeset-a-color, #1a5fb4); text-decoration: underline; }",
    ".ex-chart a.ex-mark:focus-visible { outline: 2px solid var(--md-accent-fg-color, #526cfe);"
    " outline-offset: 2px; }",
    ".ex-chart a.ex-mark.ex-mark--out { display: none; }",
    ".ex-chart-tip { position: absolute; z-index: 5; max-width: 18rem; padding: 0.3em 0.6em;"
    " font-size: 0.7rem; pointer-events: none; color: var(--md-default-bg-color, #fff);"
    " background: var(--md-default-fg-color, #222); border-radius: 0.2em; }",
    "@media (forced-colors: active) {",
    "  .ex-chart .ex-mark__core, .ex-chart .ex-mark__blur, .ex-chart .ex-mark__arrow"
    " { fill: LinkText; }",
    "  .ex-chart .ex-mark__outline { stroke: LinkText; }",
    "  .ex-chart text { fill: CanvasText; }",
    "}",
    "",
])
