"""EDTF (ISO 8601-2, levels 0 and 1) parsing and English formatting.

A small, dependency-free parser for the Library of Congress Extended
Date/Time Format.  Every date in the content is an EDTF string; this module
turns one into an :class:`Edtf` value with the earliest and latest possible
calendar day (as ``(year, month, day)`` tuples, proleptic Gregorian,
astronomical year numbering) and an English rendering via
:meth:`Edtf.display`.

Supported: all of level 0 (dates, date-times, ``date/date`` intervals) and
all of level 1 (``Y``-prefixed long years, seasons 21-24, the ``?``/``~``/``%``
qualifiers, ``X`` unspecified digits from the right, negative years and
extended intervals with open ``..`` or unknown (empty) ends).  Level 2's
partial qualification, sets, exponents and significant digits raise
:class:`EdtfError`.  A few combinations that level 1 leaves out but that have
one clear meaning are accepted, as the content format allows: unspecified
digits as an interval end (``201X/2020``) and qualified seasons or long years
(``2001-21~``); their earliest and latest days are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "OPEN_START_KEY",
    "DayKey",
    "Edtf",
    "EdtfError",
    "day_key",
    "days_in_month",
    "format_day",
    "parse_edtf",
]

DayKey = tuple[int, int, int]
"""(year, month, day): proleptic Gregorian, astronomical years; compares as tuples."""

_MAX_YEAR_DIGITS = 18
OPEN_START_KEY: DayKey = (-(10**_MAX_YEAR_DIGITS), 0, 0)
"""Sort key of an open/unknown start: smaller than every representable day."""

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_EXPECTED = "expected forms like 2023-09-04, 2023-09, 2022~, 2023-07-25/2023-07-27"

# One calendar date (no interval).  Matched with fullmatch(); [0-9] keeps it ASCII.
_DATE_RE = re.compile(
    r"""
    (?:
        Y(?P<ysign>-)?(?P<ylong>[1-9][0-9]{4,})
      |
        (?P<sign>-)?(?P<year>[0-9]{2}(?:[0-9]{2}|[0-9]X|XX))
        (?:-(?P<month>[0-9]{2}|XX)
            (?:-(?P<day>[0-9]{2}|XX)
                (?:T(?P<hh>[0-9]{2}):(?P<mi>[0-9]{2}):(?P<ss>[0-9]{2})
                    (?P<tz>Z|[+-][0-9]{2}(?::[0-9]{2})?)?
                )?
            )?
        )?
    )
    (?P<q>[?~%])?
    """,
    re.VERBOSE,
)
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Kinds of single dates.
_YEAR = 0  # 2022, -0044, Y170000002
_YEAR_X = 1  # 201X, 20XX
_MONTH = 2  # 2023-07
_SEASON = 3  # 2001-21
_DAY = 4  # 2023-09-04
_MONTH_X = 5  # 2023-XX, 2023-XX-XX: shown as the year
_DAY_X = 6  # 2023-09-XX: shown as the month
_DATETIME = 7  # 2023-09-04T14:30:00Z

_PLAIN_KINDS = (_YEAR, _MONTH, _DAY)


class EdtfError(ValueError):
    """An invalid or unsupported EDTF string; ``message`` is ``str(exc)``."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Part(NamedTuple):
    """One parsed calendar date (an interval has two)."""

    kind: int
    year: int  # for _YEAR_X: the first year of the range
    year_hi: int  # last year of the range (== year unless _YEAR_X)
    month: int  # month or season number; 0 if none
    day: int  # 0 if none
    time: str  # "14:30", "14:30:05" or ""
    zone: str  # " UTC", " UTC+03:00" or ""
    qual: str  # "", "?", "~" or "%"
    earliest: DayKey
    latest: DayKey


@dataclass(frozen=True, slots=True)
class Edtf:
    """A parsed EDTF date or interval."""

    text: str
    earliest: DayKey | None
    latest: DayKey | None
    is_interval: bool
    is_day: bool

    def display(self) -> str:
        """English rendering, e.g. "4 September 2023" or "since December 2011"."""
        return _display(self.text)

    def sort_key(self) -> DayKey:
        """Earliest possible day; an open/unknown start sorts first."""
        return OPEN_START_KEY if self.earliest is None else self.earliest

    def contains(self, day: DayKey) -> bool:
        """Whether ``day`` lies within earliest..latest (None bounds are infinite)."""
        if self.earliest is not None and day < self.earliest:
            return False
        return self.latest is None or day <= self.latest

    def overlaps(self, other: Edtf) -> bool:
        """Whether the two day ranges share at least one day."""
        if self.ends_before(other.earliest or OPEN_START_KEY):
            return False
        return not other.ends_before(self.earliest or OPEN_START_KEY)

    def ends_before(self, day: DayKey) -> bool:
        """Whether the latest possible day is known and earlier than ``day``."""
        return self.latest is not None and self.latest < day


# --------------------------------------------------------------------------
# Calendar helpers


def is_leap(year: int) -> bool:
    """Proleptic Gregorian leap year (astronomical numbering: 0 and -4 are leap)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` (1-12) of ``year``."""
    if month == 2 and is_leap(year):
        return 29
    return _DAYS[month]


def format_year(year: int) -> str:
    """2023 -> "2023"; 0 -> "1 BCE"; -44 -> "45 BCE" (astronomical numbering)."""
    return str(year) if year > 0 else f"{1 - year} BCE"


def format_day(day: DayKey) -> str:
    """(2023, 9, 4) -> "4 September 2023"."""
    year, month, dd = day
    return f"{dd} {MONTH_NAMES[month]} {format_year(year)}"


def day_key(text: str) -> DayKey:
    """Parse a plain ``YYYY-MM-DD`` into a DayKey; raise EdtfError otherwise."""
    if not isinstance(text, str) or _DAY_RE.fullmatch(text) is None:
        raise EdtfError(f"'{text}' is not a day (expected YYYY-MM-DD, e.g. 2023-09-04)")
    year, month, dd = int(text[0:4]), int(text[5:7]), int(text[8:10])
    _check_month(text, month)
    _check_day(text, year, month, dd)
    return (year, month, dd)


# --------------------------------------------------------------------------
# Parsing


def _shape_error(text: str) -> EdtfError:
    if text == "":
        return EdtfError(f"an empty string is not an EDTF date ({_EXPECTED})")
    return EdtfError(f"'{text}' is not an EDTF date ({_EXPECTED})")


def _check_month(text: str, month: int) -> None:
    if 1 <= month <= 12:
        return
    if 25 <= month <= 41:
        raise EdtfError(
            f"'{text}' is not a date: season {month} is EDTF level 2 "
            "(only 21-24, spring to winter, are supported)"
        )
    raise EdtfError(f"'{text}' is not a date: there is no month {month:02d}")


def _check_day(text: str, year: int, month: int, day: int) -> None:
    if day < 1:
        raise EdtfError(f"'{text}' is not a date: there is no day {day:02d}")
    last = days_in_month(year, month)
    if day > last:
        raise EdtfError(
            f"'{text}' is not a date: {MONTH_NAMES[month]} {format_year(year)} has {last} days"
        )


def _parse_time(
    text: str, hh: str, mi: str, ss: str, tz: str | None
) -> tuple[str, str]:
    """Validate a time of day; return its display and its zone's display."""
    for value, limit, name in (
        (hh, 23, "hour"),
        (mi, 59, "minute"),
        (ss, 59, "second"),
    ):
        if int(value) > limit:
            raise EdtfError(f"'{text}' is not a date: there is no {name} {value}")
    shown = f"{hh}:{mi}" if ss == "00" else f"{hh}:{mi}:{ss}"
    if tz is None:
        return shown, ""
    if tz == "Z":
        return shown, " UTC"
    offset = tz if len(tz) == 6 else f"{tz}:00"
    if int(offset[1:3]) > 23 or int(offset[4:6]) > 59:
        raise EdtfError(f"'{text}' is not a date: there is no UTC offset {offset}")
    return shown, f" UTC{offset}"


def _year_only(text: str, year_text: str, negative: bool, qual: str) -> _Part:
    """A year, possibly with unspecified (X) rightmost digits."""
    if "X" not in year_text:
        year = -int(year_text) if negative else int(year_text)
        return _Part(
            _YEAR, year, year, 0, 0, "", "", qual, (year, 1, 1), (year, 12, 31)
        )
    lo = int(year_text.replace("X", "0"))
    hi = int(year_text.replace("X", "9"))
    if negative:
        lo, hi = -hi, -lo
    return _Part(_YEAR_X, lo, hi, 0, 0, "", "", qual, (lo, 1, 1), (hi, 12, 31))


def _month_part(text: str, year: int, month_text: str, qual: str) -> _Part:
    """A year and month (or season, or XX month)."""
    if month_text == "XX":
        return _Part(
            _MONTH_X, year, year, 0, 0, "", "", qual, (year, 1, 1), (year, 12, 31)
        )
    month = int(month_text)
    if 21 <= month <= 24:
        return _season_part(year, month, qual)
    _check_month(text, month)
    last = days_in_month(year, month)
    return _Part(
        _MONTH,
        year,
        year,
        month,
        0,
        "",
        "",
        qual,
        (year, month, 1),
        (year, month, last),
    )


def _season_part(year: int, season: int, qual: str) -> _Part:
    if season == 24:
        end: DayKey = (year + 1, 2, days_in_month(year + 1, 2))
        return _Part(_SEASON, year, year, season, 0, "", "", qual, (year, 12, 1), end)
    first = 3 * (season - 21) + 3  # 21 -> March, 22 -> June, 23 -> September
    last_month = first + 2
    end = (year, last_month, _DAYS[last_month])
    return _Part(_SEASON, year, year, season, 0, "", "", qual, (year, first, 1), end)


def _day_part(text: str, year: int, month_text: str, day_text: str, qual: str) -> _Part:
    """A full year-month-day, possibly with XX day (and XX month)."""
    if month_text == "XX":
        if day_text != "XX":
            raise _shape_error(text)  # 1985-XX-15 is level 2
        return _Part(
            _MONTH_X, year, year, 0, 0, "", "", qual, (year, 1, 1), (year, 12, 31)
        )
    month = int(month_text)
    _check_month(text, month)  # seasons cannot carry a day
    if day_text == "XX":
        first: DayKey = (year, month, 1)
        last: DayKey = (year, month, days_in_month(year, month))
        return _Part(_DAY_X, year, year, month, 0, "", "", qual, first, last)
    day = int(day_text)
    _check_day(text, year, month, day)
    key = (year, month, day)
    return _Part(_DAY, year, year, month, day, "", "", qual, key, key)


def _parse_part(text: str, part: str) -> _Part:
    """Parse one date; ``text`` is the whole input, used in messages."""
    m = _DATE_RE.fullmatch(part)
    if m is None:
        raise _shape_error(text)
    qual = m["q"] or ""
    long_year = m["ylong"]
    if long_year is not None:
        if len(long_year) > _MAX_YEAR_DIGITS:
            raise EdtfError(f"'{text}' is not a date: the year has too many digits")
        year = -int(long_year) if m["ysign"] else int(long_year)
        return _Part(
            _YEAR, year, year, 0, 0, "", "", qual, (year, 1, 1), (year, 12, 31)
        )
    year_text: str = m["year"]
    negative = m["sign"] is not None
    if negative and year_text == "0000":
        raise EdtfError(
            f"'{text}' is not a date: there is no year -0000 (year 0 is 0000)"
        )
    month_text = m["month"]
    if month_text is None:
        return _year_only(text, year_text, negative, qual)
    if "X" in year_text:
        raise _shape_error(text)  # 201X-05 is level 2
    year = -int(year_text) if negative else int(year_text)
    day_text = m["day"]
    if day_text is None:
        return _month_part(text, year, month_text, qual)
    result = _day_part(text, year, month_text, day_text, qual)
    if m["hh"] is None:
        return result
    if result.kind != _DAY or qual:
        raise _shape_error(text)  # times need a full day and take no qualifier
    shown, zone = _parse_time(text, m["hh"], m["mi"], m["ss"], m["tz"])
    return result._replace(kind=_DATETIME, time=shown, zone=zone)


def _parse_end(text: str, part: str) -> _Part | None:
    """One end of an interval: None for an open (..) or unknown (empty) end."""
    if part == "" or part == "..":
        return None
    result = _parse_part(text, part)
    if result.kind == _DATETIME:
        raise EdtfError(
            f"'{text}' is not an EDTF date: intervals cannot include a time of day"
        )
    return result


def _parse_interval(text: str, slash: int) -> Edtf:
    first, second = text[:slash], text[slash + 1 :]
    start = _parse_end(text, first)
    end = _parse_end(text, second)
    if start is None and end is None:  # "/", "../..", "../", "/.."
        raise EdtfError(
            f"'{text}' is not an EDTF date: an interval needs at least one date"
        )
    if start is not None and end is not None and end.latest < start.earliest:
        raise EdtfError(f"'{text}' ends before it starts")
    return Edtf(
        text,
        None if start is None else start.earliest,
        None if end is None else end.latest,
        True,
        False,
    )


def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF level 0/1 date or interval; raise EdtfError if invalid."""
    if not isinstance(text, str):
        raise EdtfError(f"{text!r} is not an EDTF date: expected a string")
    slash = text.find("/")
    if slash >= 0:
        if text.find("/", slash + 1) >= 0:
            raise _shape_error(text)
        return _parse_interval(text, slash)
    part = _parse_part(text, text)
    is_day = part.kind == _DATETIME or (part.kind == _DAY and not part.qual)
    return Edtf(text, part.earliest, part.latest, False, is_day)


# --------------------------------------------------------------------------
# Display


def _year_range(lo: int, hi: int) -> str:
    if lo > 0:
        return f"{lo}–{hi}"
    return f"{format_year(lo)} – {format_year(hi)}"


def _core(p: _Part) -> str:
    """English text of one date, without its qualifier."""
    kind = p.kind
    if kind == _DAY:
        return f"{p.day} {MONTH_NAMES[p.month]} {format_year(p.year)}"
    if kind in (_MONTH, _DAY_X):
        return f"{MONTH_NAMES[p.month]} {format_year(p.year)}"
    if kind in (_YEAR, _MONTH_X):
        return format_year(p.year)
    if kind == _SEASON:
        return f"{_SEASON_NAMES[p.month]} {format_year(p.year)}"
    if kind == _YEAR_X:
        if p.year > 0 and p.year_hi - p.year == 9:
            return f"{p.year}s"
        return _year_range(p.year, p.year_hi)
    return f"{p.day} {MONTH_NAMES[p.month]} {format_year(p.year)}, {p.time}{p.zone}"


def _show(p: _Part) -> str:
    """English text of one date, with its qualifier."""
    core = _core(p)
    if p.qual == "~":
        return f"c. {core}"
    if p.qual == "?":
        return f"{core} (uncertain)"
    if p.qual == "%":
        return f"c. {core} (uncertain)"
    return core


def _compact(a: _Part, b: _Part) -> str | None:
    """Short form for two plain ends of the same precision, or None."""
    if a.kind != b.kind or a.qual or b.qual or a.kind not in _PLAIN_KINDS:
        return None
    if a.year < 1 or b.year < 1:
        return None
    if a.kind == _YEAR:
        return str(a.year) if a.year == b.year else f"{a.year}–{b.year}"
    if a.year != b.year:
        return None
    m1, m2 = MONTH_NAMES[a.month], MONTH_NAMES[b.month]
    if a.kind == _MONTH:
        return f"{m1} {a.year}" if a.month == b.month else f"{m1}–{m2} {a.year}"
    if a.month != b.month:
        return f"{a.day} {m1} – {b.day} {m2} {a.year}"
    if a.day == b.day:
        return f"{a.day} {m1} {a.year}"
    return f"{a.day}–{b.day} {m1} {a.year}"


def _display_interval(first: str, second: str) -> str:
    if first == "..":
        return f"until {_show(_parse_part(second, second))}"
    if first == "":
        return f"until {_show(_parse_part(second, second))} (start unknown)"
    start = _parse_part(first, first)
    if second == "..":
        return f"since {_show(start)}"
    if second == "":
        return f"from {_show(start)} (end unknown)"
    end = _parse_part(second, second)
    short = _compact(start, end)
    return short if short is not None else f"{_show(start)} – {_show(end)}"


@lru_cache(maxsize=8192)
def _display(text: str) -> str:
    """Display of a string already accepted by parse_edtf (re-parsed, cached)."""
    slash = text.find("/")
    if slash >= 0:
        return _display_interval(text[:slash], text[slash + 1 :])
    return _show(_parse_part(text, text))
