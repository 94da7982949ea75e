"""Unit tests of the timeline chart: days, the broken axis, shapes, packing and the SVG.

The SVG is parsed with ElementTree, which proves it is well-formed XML.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

import generator.outputs.timechart as tc
from generator.core.dates import parse_edtf
from generator.outputs.svgtext import text_width
from generator.outputs.timechart import (
    Bin,
    Mark,
    day_number,
    from_day_number,
    make_scale,
    render_chart,
    render_histogram,
    shape_of,
)

SVG = "{http://www.w3.org/2000/svg}"
AS_OF = (2023, 9, 5)


def _mark(rid: str, date: str, status: str = "confirmed", lanes: tuple[str, ...] = (),
          title: str | None = None) -> Mark:
    return Mark(rid, title or rid.replace("-", " ").capitalize(), f"../events/{rid}/",
                parse_edtf(date), status, lanes, "alice bob", "war")


def _svg(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def _chart(marks: list[Mark], lanes: list[str] | None = None) -> str:
    return render_chart(marks, lanes=lanes or [""], as_of=AS_OF, as_of_text="5 September 2023",
                        title="Timeline", description="Events.")


# --- days -----------------------------------------------------------------------------


def test_day_numbers_match_the_calendar() -> None:
    for day in (datetime.date(1970, 1, 1), datetime.date(1953, 7, 27), datetime.date(2024, 2, 29),
                datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        key = (day.year, day.month, day.day)
        assert day_number(key) == (day - datetime.date(1970, 1, 1)).days
        assert from_day_number(day_number(key)) == key


@given(st.integers(min_value=-100_000, max_value=100_000), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=28))
def test_days_before_the_common_era_round_trip_and_follow_each_other(
        year: int, month: int, day: int) -> None:
    """Year 0 and before too (1 BCE is year 0): a day's number gives the day back, and
    the next day's number is one more (the month steps of the chart rely on it)."""
    assert from_day_number(day_number((year, month, day))) == (year, month, day)
    assert day_number((year, month, day + 1)) == day_number((year, month, day)) + 1


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_day_numbers_round_trip(number: int) -> None:
    assert day_number(from_day_number(number)) == number


# --- shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind", "approximate", "uncertain", "open_end"), [
    ("2023-09-04", "day", False, False, False),
    ("2023-07", "range", False, False, False),
    ("2022~", "range", True, False, False),
    ("2023-09?", "range", False, True, False),
    ("2023-09%", "range", True, True, False),
    ("2023-07-26?", "day", False, True, False),
    ("2023-07-25/2023-07-27", "span", False, False, False),
    ("2022-02-24/..", "span", False, False, True),
    ("2023-08~/..", "span", True, False, True),
])
def test_a_date_is_drawn_as_what_is_known(text: str, kind: str, approximate: bool,
                                          uncertain: bool, open_end: bool) -> None:
    shape = shape_of(parse_edtf(text))
    assert (shape.kind, shape.approximate, shape.uncertain, shape.open_end) == \
        (kind, approximate, uncertain, open_end)


def test_a_month_covers_every_day_of_it() -> None:
    shape = shape_of(parse_edtf("2023-02"))
    assert shape.end is not None
    assert shape.start is not None
    assert shape.end - shape.start == 27


def test_unknown_end_and_open_start() -> None:
    assert shape_of(parse_edtf("2011-12/")).unknown_end
    assert shape_of(parse_edtf("../2023-08")).open_start


# --- the axis -------------------------------------------------------------------------


def _days(*keys: tuple[int, int, int]) -> list[tuple[int, int]]:
    return [(day_number(k), day_number(k)) for k in keys]


def test_long_empty_stretches_are_cut_out() -> None:
    scale = make_scale(_days((1953, 7, 27), (1991, 12, 26), (2023, 7, 26), (2023, 9, 5)))
    assert len(scale.parts) == 3
    assert len(scale.breaks()) == 2
    # Each part is wide enough to read, however short its time.
    assert all(p.x1 - p.x0 >= 70 for p in scale.parts)
    # Every part has ticks with labels.
    assert all(p.ticks for p in scale.parts)


def test_a_story_of_even_events_has_no_break() -> None:
    days = _days(*((y, 6, 1) for y in range(2000, 2024)))
    assert len(make_scale(days).parts) == 1


def test_x_grows_with_time_across_breaks() -> None:
    scale = make_scale(_days((1953, 7, 27), (2023, 7, 26), (2023, 9, 5)))
    first, last = day_number((1953, 1, 1)), day_number((2023, 12, 31))
    xs = [scale.x(n) for n in range(first, last, 97)]
    assert xs == sorted(xs)
    assert scale.left <= xs[0]
    assert xs[-1] <= scale.right


@pytest.mark.parametrize("span_days", [3, 20, 70, 400, 3000, 40000, 400000])
def test_tick_labels_fit_between_ticks(span_days: int) -> None:
    start = day_number((2001, 3, 7))
    scale = make_scale([(start, start), (start + span_days, start + span_days)])
    for part in scale.parts:
        assert part.ticks, f"no ticks over {span_days} days"
        xs = [scale.x(t) for t, _ in part.ticks] + [part.x1]
        for i, (_, label) in enumerate(part.ticks):
            assert xs[i] + 3 + text_width(label, 12) <= xs[i + 1], (span_days, label)


# --- the drawing ----------------------------------------------------------------------


def test_every_mark_is_a_link_with_title_date_and_status() -> None:
    marks = [_mark("armistice", "1953-07-27"), _mark("talks", "2023-07-26?"),
             _mark("meeting", "2023-09?", "expected"), _mark("war", "2022-02-24/..")]
    root = _svg(_chart(marks))
    links = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") or "" for a in links) == sorted(m.href for m in marks)
    tips = {a.get("href"): a.find(f"{SVG}title").text for a in links}  # type: ignore[union-attr]
    assert tips["../events/talks/"] == "Talks · 26 July 2023 (uncertain) · confirmed"
    assert tips["../events/meeting/"] == "Meeting · September 2023 (uncertain) · expected"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None


def test_uncertain_approximate_and_expected_look_different() -> None:
    marks = [_mark("a", "2023~"), _mark("u", "2023?"), _mark("e", "2023-09-20", "expected"),
             _mark("p", "2023")]
    root = _svg(_chart(marks))
    classes = {a.get("href"): a.get("class") or "" for a in root.iter(f"{SVG}a")}
    assert "ex-mark--approximate" in classes["../events/a/"]
    assert "ex-mark--uncertain" in classes["../events/u/"]
    assert "ex-mark--hollow" in classes["../events/e/"]
    link = {a.get("href"): a for a in root.iter(f"{SVG}a")}
    assert link["../events/a/"].findall(f"{SVG}rect[@class='ex-mark__blur']")
    assert "stripes" in ET.tostring(link["../events/u/"], encoding="unicode")
    # A year known exactly is a soft-ended bar over the whole year, not a point.
    plain = link["../events/p/"].find(f"{SVG}rect")
    assert plain is not None
    assert "soft" in (plain.get("mask") or "")
    assert float(plain.get("width") or 0) > 20


def test_an_open_span_runs_to_the_edge_with_an_arrow() -> None:
    root = _svg(_chart([_mark("war", "2022-02-24/.."), _mark("x", "2023-01-05")]))
    war = next(a for a in root.iter(f"{SVG}a") if a.get("href") == "../events/war/")
    assert war.find(f"{SVG}path[@class='ex-mark__arrow']") is not None


def test_as_of_is_a_marked_line() -> None:
    html = _chart([_mark("x", "2023-01-05")])
    assert "as of 5 September 2023" in html


def _label_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for node in root.iter(f"{SVG}text"):
        if node.get("class") != "ex-mark__label":
            continue
        x, y, width = float(node.get("x") or 0), float(node.get("y") or 0), \
            text_width(node.text or "", 13)
        left = x - width if node.get("text-anchor") == "end" else x
        boxes.append((left, y - 11, left + width, y + 3))
    return boxes


def test_titles_never_overlap_in_a_crowded_lane() -> None:
    marks = [_mark(f"e{i}", f"2023-07-{10 + i % 18:02d}", title=f"Event number {i} in July")
             for i in range(40)]
    boxes = _label_boxes(_svg(_chart(marks)))
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_lanes_by_label_and_the_rest() -> None:
    marks = [_mark("a", "2023-01-01", lanes=("Alice",)), _mark("b", "2023-02-01"),
             _mark("c", "2023-03-01", lanes=("Alice", "Bob"))]
    root = _svg(_chart(marks, ["Alice", "Bob", "Others"]))
    heads = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "ex-chart__lane-label"]
    assert heads == ["Alice", "Bob", "Others"]
    assert len(root.findall(f".//{SVG}a")) == 4  # c is in two lanes


def test_same_input_same_bytes_and_content_is_escaped() -> None:
    marks = [_mark("x", "2023-01-05", title="<script>alert(1)</script> & co")]
    first, second = _chart(marks), _chart(marks)
    assert first == second
    assert "<script>" not in first
    assert "&lt;script&gt;" in first


def test_a_script_link_is_refused() -> None:
    bad = Mark("x", "X", "javascript:alert(1)", parse_edtf("2023"), "confirmed")
    with pytest.raises(ValueError, match="script link"):
        _chart([bad])


def test_histogram_bars_link_to_their_pages() -> None:
    bins = [Bin((y, 1, 1), (y, 12, 31), str(y), y - 1990, f"../timeline/{y}/")
            for y in range(1991, 2024)]
    root = _svg(render_histogram(bins, as_of=AS_OF, as_of_text="5 September 2023",
                                 title="Timeline", description="Counts."))
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [b.href for b in bins]
    assert links[-1].find(f"{SVG}title").text == "2023: 33 events"  # type: ignore[union-attr]


def test_no_mark_hides_a_title() -> None:
    marks = [_mark(f"s{i}", f"../2023-0{1 + i % 8}") for i in range(12)]
    marks += [_mark(f"d{i}", f"2023-0{1 + i % 9}-1{i % 9}", title=f"Day event {i}")
              for i in range(30)]
    root = _svg(render_chart(marks, lanes=[""], as_of=AS_OF, as_of_text="5 September 2023",
                             title="T", description="D", rows=3))
    for lane in root.iter(f"{SVG}g"):
        if lane.get("class") != "ex-chart__lane":
            continue
        shapes, titles = [], []
        for a in lane.iter(f"{SVG}a"):
            for node in a:
                if node.tag == f"{SVG}text":
                    x, w = float(node.get("x") or 0), text_width(node.text or "", 13)
                    left = x - w if node.get("text-anchor") == "end" else x
                    titles.append((left, left + w, float(node.get("y") or 0)))
                elif node.tag == f"{SVG}rect" and node.get("class") == "ex-mark__core":
                    x0 = float(node.get("x") or 0)
                    shapes.append((x0, x0 + float(node.get("width") or 0),
                                   float(node.get("y") or 0) + 5))
        for left, right, y in titles:
            assert not any(x0 < right and left < x1 and abs(cy - (y - 4.5)) < 1
                           for x0, x1, cy in shapes), (left, right, y)


@given(st.integers(min_value=0, max_value=len(tc._UNITS) - 1),
       st.integers(min_value=-800_000, max_value=800_000), st.integers(min_value=1, max_value=40))
def test_no_tick_step_is_longer_than_the_bound_the_tick_fitting_skips_by(
        unit_index: int, day: int, steps: int) -> None:
    """The tick fitting skips a unit whose ticks would give up before the last day,
    reckoning with the longest step a unit can make: no step is longer."""
    unit = tc._UNITS[unit_index]
    tick, step = tc._ticks_from(unit, day)
    assert tick <= day
    for _ in range(steps):
        following = step(tick)
        assert 0 < following - tick <= tc._longest_step(unit)
        tick = following


def _plain_ticks_for(width: float, first_day: int,
                     last_day: int) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    """The tick fitting as first written: step every unit from scratch, label every
    tick, then test the fit (the reference for the memoised ``_ticks_for``)."""
    steps_to_fail = max(1, math.floor(width / 8))
    for unit in tc._UNITS:
        start, step = tc._ticks_from(unit, first_day)
        if steps_to_fail <= (last_day - start) // tc._longest_step(unit):
            continue
        end = start
        ticks = [start]
        while end <= last_day:
            end = step(end)
            ticks.append(end)
            if len(ticks) > width / 8:
                break
        if len(ticks) > width / 8 and end <= last_day:
            continue
        ticks.pop()
        scale = width / (end - start)
        labels = [tc._tick_label(unit, t, i == 0) for i, t in enumerate(ticks)]
        edges = [(t - start) * scale for t in ticks] + [width]
        if all(3 + text_width(label, tc._TICK_SIZE) + tc._GAP <= edges[i + 1] - edges[i]
               for i, label in enumerate(labels)):
            return start, end, tuple(zip(ticks, labels, strict=True))
    return first_day, last_day + 1, ()


@given(st.floats(min_value=1.0, max_value=1200.0), st.integers(-800_000, 800_000),
       st.one_of(st.integers(0, 60), st.integers(0, 4000), st.integers(0, 400_000)))
def test_the_memoised_tick_fitting_gives_what_the_plain_one_does(
        width: float, first_day: int, span: int) -> None:
    """Steps, labels and widths are kept between charts, and labels are made only as
    far as they fit: the ticks chosen are the same."""
    expected = _plain_ticks_for(width, first_day, first_day + span)
    assert tc._ticks_for.__wrapped__(width, first_day, first_day + span) == expected
