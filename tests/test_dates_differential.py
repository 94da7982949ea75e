"""Differential test: ``generator.core.dates.parse_edtf`` against the ``edtf`` package.

Hypothesis writes strings of the content format's date forms (EDTF levels 0
and 1), their near misses and some noise; both parsers read each one. Where
both accept, the earliest and latest possible days must agree (``edtf``'s
``lower_strict()``/``upper_strict()``). Where they disagree, about validity or
about a bound, the disagreement must be one of the deliberate differences
below, each with its reason; anything else fails the test.

Deliberate differences (see ``KNOWN``):

``edtf`` accepts, we reject

- ``level-2``: level 2 features (``2023-XX-15``, ``1950S2``, ``2001-25``, lists…):
  the format is levels 0 and 1 only.
- ``impossible-day``: ``edtf``'s grammar takes 29 February in any year
  (``2023-02-29``); the format makes a day that does not exist an error.
- ``ends-before-start``: ``edtf`` does not compare the ends of an interval
  (``2023/2022``); the format makes it an error.
- ``no-date``: ``../..`` is an interval with no date at all; ``edtf`` takes it.
- ``hour-24``: ``edtf`` takes ``T24:00:00``; we accept hours 00-23 only.
- ``x-not-rightmost-two``: ``edtf``'s level 1 takes ``1XXX`` and even ``1X0X``;
  level 1 allows only the one or two rightmost digits of a year (``201X``, ``20XX``).
- ``long-year-digits``: we cap long years at 18 digits (the sort key of an open
  start is below every representable year).

we accept, ``edtf`` rejects (our parser is more lenient, on purpose)

- ``qualified-season``: ``2001-21~``; ``edtf`` itself takes a qualified season
  as an interval end (``2001-21~/2002``) but not alone.
- ``qualified-long-year`` / ``long-year-in-interval``: ``Y17000~``, ``Y17000/Y18000``.
- ``unspecified-in-interval``: ``201X/2020``, ``2004-XX/2005``: ``edtf`` parses
  some as level 2 intervals, rejects others and raises ``AttributeError`` on
  ``2004-XX/2005``. Our bounds are the obvious ones.
- ``utc-offset``: ``edtf`` rejects the zero offset ``+00:00`` (ISO 8601 allows
  it) and offsets past ``+14:00``; we accept any ``±hh:mm`` up to 23:59.

both accept, the bounds differ

- ``winter``: ``edtf`` makes season 24 December only (its settings call this a
  simplification); we take December to February, so winter 2001 ends on
  28 February 2002.
- ``unknown-end``: an empty end (``/2023``, ``2023/``) is unknown to us
  (``None``); ``edtf`` guesses ten years from the other end.
- ``negative-unspecified``: ``edtf`` inverts the bounds of a negative year with
  an unspecified month or day (``-2004-XX`` gives 1 December to 31 January); a bug
  in ``edtf``'s ``Unspecified.lower_strict``.

An open end ``..`` is ``None`` for us and ``±inf`` for ``edtf``: the same meaning.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

edtf = pytest.importorskip("edtf")

from hypothesis import HealthCheck, event, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.core.dates import Edtf, EdtfError, is_leap, parse_edtf  # noqa: E402

LEVEL_2 = tuple(getattr(edtf, name) for name in (
    "PartialUncertainOrApproximate", "PartialUnspecified", "Level2Interval", "Level2Season",
    "ExponentialYear", "OneOfASet", "MultipleDates", "Consecutives", "EarlierConsecutives",
    "LaterConsecutives"))

Day = tuple[int, int, int]


# ------------------------------------------------------------------ the two sides


@dataclass(frozen=True)
class Ours:
    ok: bool
    value: Edtf | None = None
    error: str = ""


@dataclass(frozen=True)
class Theirs:
    ok: bool
    value: Any = None
    earliest: Day | None = None
    latest: Day | None = None
    error: str = ""


def ours(text: str) -> Ours:
    try:
        return Ours(True, parse_edtf(text))
    except EdtfError as exc:
        return Ours(False, error=exc.message)


def _day(value: Any) -> Day | None:
    """edtf's struct_time bound as (year, month, day); ±inf (an open end) as None."""
    if isinstance(value, float) and math.isinf(value):
        return None
    return (value.tm_year, value.tm_mon, value.tm_mday)


def theirs(text: str) -> Theirs:
    try:
        value = edtf.parse_edtf(text)
        return Theirs(True, value, _day(value.lower_strict()), _day(value.upper_strict()))
    except edtf.EDTFParseException as exc:
        return Theirs(False, error=f"EDTFParseException: {exc}")
    except Exception as exc:  # edtf crashes on a few inputs (TypeError, AttributeError)
        return Theirs(False, error=f"{type(exc).__name__}: {exc}")


# ----------------------------------------------------------------- text helpers

_Q = "?~%"


def _ends(text: str) -> list[str]:
    return text.split("/") if "/" in text else [text]


def _bare(part: str) -> str:
    return part.rstrip(_Q)


def _year_of(part: str) -> str:
    """The year digits of one date, without sign (and without 'Y' for long years)."""
    bare = _bare(part).lstrip("-")
    if bare.startswith("Y"):
        return bare[1:].lstrip("-")
    return bare[:4]


def _is_level_2(value: Any) -> bool:
    if isinstance(value, LEVEL_2):
        return True
    if getattr(value, "significant_digits", None):
        return True
    for name in ("lower", "upper", "date"):
        part = getattr(value, name, None)
        if part is not None and part is not value and _is_level_2(part):
            return True
    return False


def _impossible_day(text: str) -> bool:
    for m in re.finditer(r"(-?)(\d{4})-02-29", text):
        year = int(m[2]) * (-1 if m[1] else 1)
        if not is_leap(year):
            return True
    return False


def _has_x_not_rightmost_two(text: str) -> bool:
    for part in _ends(text):
        year = _year_of(part)
        if "X" in year and not part.lstrip("-").startswith("Y") and \
                not re.fullmatch(r"\d\d(\d|X)X", year):
            return True
    return False


def _long_year_too_long(text: str) -> bool:
    return any(_bare(p).lstrip("-").startswith("Y") and len(_year_of(p)) > 18
               for p in _ends(text))


_ZONE = re.compile(r"T\d\d:\d\d:\d\d([+-])(\d\d)(?::(\d\d))?$")


def _unusual_offset(text: str) -> bool:
    m = _ZONE.search(text)
    if m is None:
        return False
    hours, minutes = int(m[2]), int(m[3] or 0)
    return (hours, minutes) == (0, 0) or (hours, minutes) > (14, 0)


def _is_season(part: str, season: str = "2[1-4]") -> bool:
    return re.fullmatch(rf"-?\d{{4}}-{season}[{re.escape(_Q)}]?", part) is not None


# ------------------------------------------------------------ known differences


@dataclass(frozen=True)
class Known:
    """A deliberate difference: when it applies, given the text and both results."""

    name: str
    applies: Callable[[str, Ours, Theirs], bool]


def _only_theirs(test: Callable[[str, Ours, Theirs], bool]) -> Callable[[str, Ours, Theirs],
                                                                        bool]:
    return lambda text, o, t: t.ok and not o.ok and test(text, o, t)


def _only_ours(test: Callable[[str, Ours, Theirs], bool]) -> Callable[[str, Ours, Theirs],
                                                                      bool]:
    return lambda text, o, t: o.ok and not t.ok and test(text, o, t)


KNOWN: tuple[Known, ...] = (
    # edtf accepts, we reject
    Known("level-2", _only_theirs(lambda text, o, t: _is_level_2(t.value))),
    Known("impossible-day", _only_theirs(lambda text, o, t: _impossible_day(text))),
    Known("ends-before-start", _only_theirs(
        lambda text, o, t: "ends before it starts" in o.error)),
    Known("no-date", _only_theirs(lambda text, o, t: text == "../..")),
    Known("hour-24", _only_theirs(lambda text, o, t: "T24:00:00" in text)),
    Known("x-not-rightmost-two", _only_theirs(
        lambda text, o, t: _has_x_not_rightmost_two(text))),
    Known("long-year-digits", _only_theirs(lambda text, o, t: _long_year_too_long(text))),
    # we accept, edtf rejects
    Known("qualified-season", _only_ours(
        lambda text, o, t: "/" not in text and _is_season(text) and text[-1] in _Q)),
    Known("qualified-long-year", _only_ours(
        lambda text, o, t: "/" not in text and text.lstrip("-").startswith("Y")
        and text[-1] in _Q)),
    Known("long-year-in-interval", _only_ours(
        lambda text, o, t: "/" in text and "Y" in text)),
    Known("unspecified-in-interval", _only_ours(
        lambda text, o, t: "/" in text and "X" in text)),
    Known("utc-offset", _only_ours(lambda text, o, t: _unusual_offset(text))),
)

#: Bounds that differ when both accept: (name, applies to the text).
KNOWN_BOUNDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("winter", lambda text: any(_is_season(p, "24") for p in _ends(text))),
    ("negative-unspecified", lambda text: any(
        p.startswith("-") and re.match(r"-\d{4}-(XX|\d\d-XX)", p) for p in _ends(text))),
)


def classify(text: str) -> tuple[str, str | None]:
    """('agree', None), or (kind of disagreement, the known reason or None)."""
    o, t = ours(text), theirs(text)
    if o.ok != t.ok:
        for known in KNOWN:
            if known.applies(text, o, t):
                return "validity", known.name
        return "validity", None
    if not o.ok:
        return "agree", None
    assert o.value is not None
    start, end = text.split("/") if "/" in text else (text, text)
    earliest, latest = o.value.earliest, o.value.latest
    # An unknown (empty) end is None for us; edtf guesses ten years: compare the other end.
    their_earliest = None if "/" in text and start == "" else t.earliest
    their_latest = None if "/" in text and end == "" else t.latest
    if (earliest, latest) == (their_earliest, their_latest):
        return "agree", None
    for name, applies in KNOWN_BOUNDS:
        if applies(text):
            return "bounds", name
    return "bounds", None


# ------------------------------------------------------------------- strategies


def _four(year: int) -> str:
    return f"{year:04d}"


_YEARS = st.one_of(
    st.integers(1900, 2100).map(_four),
    st.integers(0, 9999).map(_four),
    st.tuples(st.integers(1900, 2100), st.sampled_from([1, 1, 2, 3])).map(
        lambda t: _four(t[0])[: 4 - t[1]] + "X" * t[1]),
    st.integers(0, 9999).map(lambda y: "-" + _four(y)),
    st.tuples(st.integers(0, 9999), st.integers(1, 2)).map(
        lambda t: "-" + _four(t[0])[: 4 - t[1]] + "X" * t[1]),
    st.tuples(st.booleans(), st.integers(0, 9), st.integers(3, 19)).map(
        lambda t: "Y" + ("-" if t[0] else "") + str(t[1]) + "7" * t[2]),
    st.sampled_from(["1X0X", "X999", "20X1", "XXXX", "202", "20233"]),
)
_MONTHS = st.one_of(
    st.integers(1, 12).map(lambda m: f"{m:02d}"),
    st.sampled_from(["00", "13", "21", "22", "23", "24", "25", "33", "XX", "1X", "X1", "7"]),
)
_DAYS = st.one_of(
    st.integers(1, 28).map(lambda d: f"{d:02d}"),
    st.sampled_from(["00", "29", "30", "31", "32", "XX", "X1", "1X", "3"]),
)
_ZONES = st.sampled_from(["", "", "Z", "+05", "-03:30", "+14:00", "-00:30", "+00:00", "-00:00",
                          "+15:00", "+23:59", "+24:00", "+0530"])
_TIMES = st.builds(lambda h, m, s, z: f"T{h:02d}:{m:02d}:{s:02d}{z}",
                   st.integers(0, 24), st.integers(0, 60), st.integers(0, 60), _ZONES)
_QUALIFIERS = st.sampled_from(["", "", "", "?", "~", "%"])


@st.composite
def single_dates(draw: st.DrawFn) -> str:
    """One date of any precision: year, month (or season), day, date-time; maybe qualified."""
    year = draw(_YEARS)
    depth = draw(st.sampled_from([0, 1, 1, 2, 2, 2, 3]))
    text = year
    if depth >= 1:
        text += "-" + draw(_MONTHS)
    if depth >= 2:
        text += "-" + draw(_DAYS)
    if depth == 3:
        text += draw(_TIMES)
    return text + draw(_QUALIFIERS)


@st.composite
def plausible_intervals(draw: st.DrawFn) -> str:
    """Two ends in order, of the precisions editors write (most are valid)."""
    first = draw(st.integers(1950, 2030))
    last = first + draw(st.integers(0, 12))
    ends = []
    for year in (first, last):
        form = draw(st.sampled_from(["year", "month", "day", "season", "x"]))
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        text = {"year": f"{year}", "month": f"{year}-{month:02d}",
                "day": f"{year}-{month:02d}-{day:02d}",
                "season": f"{year}-{draw(st.integers(21, 24))}",
                "x": f"{year}-{month:02d}-XX"}[form]
        ends.append(text + draw(_QUALIFIERS))
    return "/".join(ends)


_END = st.one_of(single_dates(), st.sampled_from(["..", ""]))
EDTF_LIKE = st.one_of(
    single_dates(),
    st.builds(lambda a, b: f"{a}/{b}", _END, _END),
    plausible_intervals(),
    st.text(alphabet="0123456789-/.XY?~%TZ:+S", max_size=14),
)

#: Every example of the content format's date table.
SPEC_TABLE = ("2023-09-04", "2023-07", "2022", "2022~", "2023-09?", "2023-09%", "2023-09-XX",
              "2023-07-25/2023-07-27", "2012-11/2024-05", "2011-12/..", "../2023-08")


# ------------------------------------------------------------------------ tests


@pytest.mark.parametrize("text", SPEC_TABLE)
def test_every_form_of_the_spec_table_agrees(text: str) -> None:
    assert ours(text).ok
    assert theirs(text).ok
    assert classify(text) == ("agree", None)


@settings(derandomize=True, max_examples=1500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(EDTF_LIKE)
@example("2001-21~/2002")
@example("2004-06-XX/2004-07-03")
def test_parsers_agree_or_differ_for_a_known_reason(text: str) -> None:
    kind, reason = classify(text)
    event(kind if kind == "agree" else f"{kind}: {reason}")  # --hypothesis-show-statistics
    if kind == "agree":
        return
    o, t = ours(text), theirs(text)
    assert reason is not None, (
        f"{text!r}: unexplained {kind} disagreement\n"
        f"  ours:  {'ok ' + str((o.value.earliest, o.value.latest)) if o.value else o.error}\n"
        f"  edtf:  {'ok ' + str((t.earliest, t.latest)) if t.ok else t.error}")


#: One pinned example of each deliberate difference: (text, kind, reason).
PINNED = [
    ("2023-XX-15", "validity", "level-2"),
    ("1950S2", "validity", "level-2"),
    ("2001-25", "validity", "level-2"),
    ("2023-02-29", "validity", "impossible-day"),
    ("2023/2022", "validity", "ends-before-start"),
    ("../..", "validity", "no-date"),
    ("2023-09-04T24:00:00", "validity", "hour-24"),
    ("1XXX", "validity", "x-not-rightmost-two"),
    ("1X0X", "validity", "x-not-rightmost-two"),
    ("Y" + "1" * 19, "validity", "long-year-digits"),
    ("2001-21~", "validity", "qualified-season"),
    ("Y17000~", "validity", "qualified-long-year"),
    ("Y17000/Y18000", "validity", "long-year-in-interval"),
    ("2004-XX/2005", "validity", "unspecified-in-interval"),
    ("2004-XX~/2005", "validity", "unspecified-in-interval"),
    ("2023-09-04T10:00:00+00:00", "validity", "utc-offset"),
    ("2023-09-04T10:00:00+15:00", "validity", "utc-offset"),
    ("2001-24", "bounds", "winter"),
    ("2001/2001-24", "bounds", "winter"),
    ("-2004-XX", "bounds", "negative-unspecified"),
    ("-2004-06-XX", "bounds", "negative-unspecified"),
]


@pytest.mark.parametrize(("text", "kind", "reason"), PINNED)
def test_each_deliberate_difference_is_still_there(text: str, kind: str, reason: str) -> None:
    """If one of these starts to agree, edtf or our parser changed: update the list above."""
    assert classify(text) == (kind, reason)


@pytest.mark.parametrize("text", ["/2023", "2023/", "2023-06?/", "/2023-09-04~"])
def test_an_unknown_end_is_none_and_the_known_end_agrees(text: str) -> None:
    o, t = ours(text), theirs(text)
    assert t.ok
    assert o.value is not None
    if text.startswith("/"):
        assert o.value.earliest is None
        assert o.value.latest == t.latest
    else:
        assert o.value.latest is None
        assert o.value.earliest == t.earliest
    assert classify(text) == ("agree", None)


@pytest.mark.parametrize("text", ["2011-12/..", "../2023-08", "2001-21/.."])
def test_an_open_end_is_none_for_us_and_infinite_for_edtf(text: str) -> None:
    o, t = ours(text), theirs(text)
    assert t.ok
    assert o.value is not None
    assert (o.value.earliest, o.value.latest) == (t.earliest, t.latest)
    assert None in (o.value.earliest, o.value.latest)


@pytest.mark.parametrize("text", [" 2023", "2023 ", "\t2023-09-04"])
def test_surrounding_whitespace_is_ours_to_reject(text: str) -> None:
    """edtf strips its input; a YAML value arrives stripped, so a space here is a typo."""
    assert theirs(text).ok
    assert not ours(text).ok
