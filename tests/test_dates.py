"""Tests for generator.core.dates (EDTF levels 0 and 1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.dates import (
    OPEN_START_KEY,
    DayKey,
    Edtf,
    EdtfError,
    day_key,
    days_in_month,
    format_day,
    parse_edtf,
)

# --------------------------------------------------------------------------
# display()

DISPLAY_CASES = [
    ("2023-09-04", "4 September 2023"),
    ("2023-07", "July 2023"),
    ("2022", "2022"),
    ("2022~", "c. 2022"),
    ("2023-09?", "September 2023 (uncertain)"),
    ("2023-09%", "c. September 2023 (uncertain)"),
    ("2023-09-XX", "September 2023"),
    ("2023-XX-XX", "2023"),
    ("2023-XX", "2023"),
    ("201X", "2010s"),
    ("20XX", "2000–2099"),
    ("2001-21", "spring 2001"),
    ("2001-22", "summer 2001"),
    ("2001-23", "autumn 2001"),
    ("2001-24", "winter 2001"),
    ("2023-09-04T14:30:00Z", "4 September 2023, 14:30 UTC"),
    ("2023-09-04T14:30:00+03:00", "4 September 2023, 14:30 UTC+03:00"),
    ("2023-09-04T14:30:00-05", "4 September 2023, 14:30 UTC-05:00"),
    ("2023-09-04T14:30:00", "4 September 2023, 14:30"),
    ("2023-09-04T14:30:05", "4 September 2023, 14:30:05"),
    ("2023-09-04T14:30:05Z", "4 September 2023, 14:30:05 UTC"),
    ("-0044", "45 BCE"),
    ("0000", "1 BCE"),
    ("-0001", "2 BCE"),
    ("-0044-03-15", "15 March 45 BCE"),
    ("Y170000002", "170000002"),
    ("Y-170000002", "170000003 BCE"),
    ("2023-07-25/2023-07-27", "25–27 July 2023"),
    ("2023-07-25/2023-08-03", "25 July – 3 August 2023"),
    ("2022-12-30/2023-01-02", "30 December 2022 – 2 January 2023"),
    ("2023-07/2023-09", "July–September 2023"),
    ("2012-11/2024-05", "November 2012 – May 2024"),
    ("2012/2024", "2012–2024"),
    ("2011-12/..", "since December 2011"),
    ("../2023-08", "until August 2023"),
    ("2004-06-01/", "from 1 June 2004 (end unknown)"),
    ("/2006", "until 2006 (start unknown)"),
    ("2004-06~/2006-06?", "c. June 2004 – June 2006 (uncertain)"),
    # compact forms need the same precision and no qualifier/X/season
    ("2023-07/2023-09-15", "July 2023 – 15 September 2023"),
    ("2023-07-25~/2023-07-27", "c. 25 July 2023 – 27 July 2023"),
    ("2023-07-XX/2023-08-XX", "July 2023 – August 2023"),
    ("2001-21/2001-23", "spring 2001 – autumn 2001"),
    ("201X/2020", "2010s – 2020"),
    ("2023-07-25/2023-07-25", "25 July 2023"),
    ("2023-07/2023-07", "July 2023"),
    ("2023/2023", "2023"),
    ("-0100/-0050", "101 BCE – 51 BCE"),
    ("2011-12~/..", "since c. December 2011"),
]


@pytest.mark.parametrize(("text", "shown"), DISPLAY_CASES)
def test_display(text: str, shown: str) -> None:
    assert parse_edtf(text).display() == shown


def test_display_uses_en_dash() -> None:
    assert "\u2013" in parse_edtf("2012/2024").display()
    assert "-" not in parse_edtf("2012/2024").display()


# --------------------------------------------------------------------------
# errors

INVALID = [
    "",
    "next week",
    " 2023",
    "2023 ",
    "2023-09-04 ",
    "2023 -09",
    "2004-06-~11",  # level 2 qualification of a component
    "?2004-06",
    "{1667,1668}",
    "[1667,1668]",
    "2001-25",  # level 2 seasons
    "2001-41",
    "Y17E7",  # exponent
    "1950S2",  # significant digits
    "Y171010000S3",
    "201x",  # lower-case x
    "2004-xx",
    "1X00",  # X not from the right
    "2X",
    "201X-05",
    "1985-XX-15",
    "1985-04-1X",
    "2004-0X",
    "2023-00",
    "2023-13",
    "2023-99",
    "2023-09-00",
    "2023-02-30",
    "2023-04-31",
    "2021-02-29",
    "1900-02-29",
    "2023-09-32",
    "2023-09-04T24:00:00",
    "2023-09-04T23:60:00",
    "2023-09-04T23:59:60",
    "2023-09-04T14:30",  # seconds are required
    "2023-09-04T14:30:00z",
    "2023-09-04T14:30:00+0300",
    "2023-09-04T14:30:00+25:00",
    "2023-09-04T14:30:00Z?",
    "2023-09-XXT14:30:00",
    "2023/2022",
    "2023-07-27/2023-07-25",
    "2023-08/2023-07-31",
    "../..",
    "/",
    "..",
    "../",
    "/..",
    "2020/2021/2022",
    "2020//2021",
    "2023-09-04T10:00:00/2023-09-05",
    "Y2023",  # Y only for more than four digits
    "Y01234",
    "Y-0001",
    "23",
    "12345",
    "+2023",
    "-0000",
    "2023~?",
    "2023-9-4",
    "2023-09-4",
    "2023-09-04T14:30:00.5",
    "２０２３",  # full-width digits
    "2023\n",
    "Y170000002-05",
    "2001-21-05",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid(text: str) -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    exc = info.value
    assert isinstance(exc, ValueError)
    assert exc.message == str(exc)
    assert exc.message
    assert not exc.message.endswith(".")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "'2023-02-30' is not a date: February 2023 has 28 days"),
        ("2021-02-29", "'2021-02-29' is not a date: February 2021 has 28 days"),
        ("2023-04-31", "'2023-04-31' is not a date: April 2023 has 30 days"),
        ("2023-13", "'2023-13' is not a date: there is no month 13"),
        ("2023-00", "'2023-00' is not a date: there is no month 00"),
        ("2023/2022", "'2023/2022' ends before it starts"),
        ("2023-07-27/2023-07-25", "'2023-07-27/2023-07-25' ends before it starts"),
        (
            "next week",
            (
                "'next week' is not an EDTF date (expected forms like 2023-09-04, "
                "2023-09, 2022~, 2023-07-25/2023-07-27)"
            ),
        ),
        (
            "2023-09-04T24:00:00",
            "'2023-09-04T24:00:00' is not a date: there is no hour 24",
        ),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert str(info.value) == message
    assert info.value.message == message


def test_error_for_non_string() -> None:
    with pytest.raises(EdtfError):
        parse_edtf(2023)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# valid edge cases

VALID = [
    "2024-02-29",
    "2000-02-29",
    "0000-02-29",  # year 0 is a leap year
    "-0004-02-29",
    "0001-01-01",
    "9999-12-31",
    "2023-09-04T00:00:00",
    "2023-09-04T23:59:59+14:00",
    "2023-09-04T23:59:59-00:00",
    "Y10000",
    "Y-10000",
    "Y170000002~",
    "201X?",
    "2004-XX%",
    "1985-04-XX~",
    "2001-24?",
    "-1985",
    "-1985-04-12",
    "2023/2023-05",
    "2023-05/2023",
    "201X/2015",
    "2001-24/2002-02",
]


@pytest.mark.parametrize("text", VALID)
def test_valid(text: str) -> None:
    parsed = parse_edtf(text)
    assert parsed.text == text
    assert parsed.display()


# --------------------------------------------------------------------------
# earliest / latest

RANGES: list[tuple[str, DayKey | None, DayKey | None]] = [
    ("2022", (2022, 1, 1), (2022, 12, 31)),
    ("2022~", (2022, 1, 1), (2022, 12, 31)),
    ("2023-09-04", (2023, 9, 4), (2023, 9, 4)),
    ("2023-09-04T14:30:00Z", (2023, 9, 4), (2023, 9, 4)),
    ("2023-02", (2023, 2, 1), (2023, 2, 28)),
    ("2024-02?", (2024, 2, 1), (2024, 2, 29)),
    ("201X", (2010, 1, 1), (2019, 12, 31)),
    ("20XX", (2000, 1, 1), (2099, 12, 31)),
    ("2023-09-XX", (2023, 9, 1), (2023, 9, 30)),
    ("1985-XX-XX", (1985, 1, 1), (1985, 12, 31)),
    ("2004-XX", (2004, 1, 1), (2004, 12, 31)),
    ("2001-21", (2001, 3, 1), (2001, 5, 31)),
    ("2001-22", (2001, 6, 1), (2001, 8, 31)),
    ("2001-23", (2001, 9, 1), (2001, 11, 30)),
    ("2001-24", (2001, 12, 1), (2002, 2, 28)),
    ("2003-24", (2003, 12, 1), (2004, 2, 29)),
    ("-0044", (-44, 1, 1), (-44, 12, 31)),
    ("-201X", (-2019, 1, 1), (-2010, 12, 31)),
    ("Y170000002", (170000002, 1, 1), (170000002, 12, 31)),
    ("Y-170000002", (-170000002, 1, 1), (-170000002, 12, 31)),
    ("2023-07-25/2023-08-03", (2023, 7, 25), (2023, 8, 3)),
    ("2023/2023-05", (2023, 1, 1), (2023, 5, 31)),
    ("2011-12/..", (2011, 12, 1), None),
    ("2004-06-01/", (2004, 6, 1), None),
    ("../2023-08", None, (2023, 8, 31)),
    ("/2006", None, (2006, 12, 31)),
    ("2004-06~/2006-06?", (2004, 6, 1), (2006, 6, 30)),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), RANGES)
def test_earliest_latest(
    text: str, earliest: DayKey | None, latest: DayKey | None
) -> None:
    parsed = parse_edtf(text)
    assert parsed.earliest == earliest
    assert parsed.latest == latest
    assert parsed.is_interval == ("/" in text)


# --------------------------------------------------------------------------
# is_day


@pytest.mark.parametrize(
    ("text", "is_day"),
    [
        ("2023-09-04", True),
        ("2023-09-04T14:30:00Z", True),
        ("2023-09-04T14:30:00", True),
        ("2023-09-04~", False),
        ("2023-09-04?", False),
        ("2023-09-XX", False),
        ("2023-XX-XX", False),
        ("2023-09", False),
        ("2023", False),
        ("2001-21", False),
        ("2023-09-04/2023-09-04", False),
        ("2023-09-04/..", False),
    ],
)
def test_is_day(text: str, is_day: bool) -> None:
    assert parse_edtf(text).is_day is is_day


# --------------------------------------------------------------------------
# sort_key / contains / overlaps / ends_before


def test_sort_key() -> None:
    texts = ["2023-09-04", "2022", "../2023-08", "2023-07/2023-09", "-0044", "201X"]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key())
    assert ordered == [
        "../2023-08",
        "-0044",
        "201X",
        "2022",
        "2023-07/2023-09",
        "2023-09-04",
    ]
    assert parse_edtf("/2006").sort_key() == OPEN_START_KEY
    assert parse_edtf("Y-999999999999999999").sort_key() > OPEN_START_KEY
    assert parse_edtf("2023-09").sort_key() == (2023, 9, 1)


@pytest.mark.parametrize(
    ("text", "day", "inside"),
    [
        ("2023-09", (2023, 9, 1), True),
        ("2023-09", (2023, 9, 30), True),
        ("2023-09", (2023, 10, 1), False),
        ("2023-09", (2023, 8, 31), False),
        ("2023-09-04", (2023, 9, 4), True),
        ("2023-09-04", (2023, 9, 5), False),
        ("2011-12/..", (9999, 1, 1), True),
        ("2011-12/..", (2011, 11, 30), False),
        ("../2023-08", (-5000, 1, 1), True),
        ("../2023-08", (2023, 9, 1), False),
        ("2001-24", (2002, 1, 15), True),
    ],
)
def test_contains(text: str, day: DayKey, inside: bool) -> None:
    assert parse_edtf(text).contains(day) is inside


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2023", "2023-09-04", True),
        ("2023-07-25/2023-07-27", "2023-07-27/2023-08-01", True),
        ("2023-07-25/2023-07-27", "2023-07-28/2023-08-01", False),
        ("2022", "2023", False),
        ("2011-12/..", "2050", True),
        ("../2023-08", "2023-09", False),
        ("../2023-08", "2011-12/..", True),
        ("../2000", "/2001", True),
        ("2001-24", "2002-02-28", True),
        ("2001-24", "2002-03", False),
    ],
)
def test_overlaps(a: str, b: str, expected: bool) -> None:
    ea, eb = parse_edtf(a), parse_edtf(b)
    assert ea.overlaps(eb) is expected
    assert eb.overlaps(ea) is expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("2023-09-04", (2023, 9, 5), True),
        ("2023-09-04", (2023, 9, 4), False),
        ("2023-09", (2023, 9, 15), False),
        ("2023-09", (2023, 10, 1), True),
        ("2011-12/..", (3000, 1, 1), False),
        ("2004-06-01/", (3000, 1, 1), False),
        ("../2023-08", (2023, 9, 1), True),
    ],
)
def test_ends_before(text: str, day: DayKey, expected: bool) -> None:
    assert parse_edtf(text).ends_before(day) is expected


def test_edtf_is_frozen_value() -> None:
    a, b = parse_edtf("2023-09"), parse_edtf("2023-09")
    assert a == b
    assert hash(a) == hash(b)
    assert isinstance(a, Edtf)
    with pytest.raises(AttributeError):
        a.text = "2024"  # type: ignore[misc]


# --------------------------------------------------------------------------
# day_key / format_day / days_in_month


def test_day_key() -> None:
    assert day_key("2023-09-04") == (2023, 9, 4)
    assert day_key("2024-02-29") == (2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["2023-09", "2023-02-30", "2023-13-01", "2023-09-04~", "", " 2023-09-04"]
)
def test_day_key_invalid(text: str) -> None:
    with pytest.raises(EdtfError):
        day_key(text)


def test_day_key_message() -> None:
    with pytest.raises(EdtfError, match="February 2023 has 28 days"):
        day_key("2023-02-30")


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        ((2023, 9, 4), "4 September 2023"),
        ((2023, 12, 31), "31 December 2023"),
        ((-43, 3, 15), "15 March 44 BCE"),
    ],
)
def test_format_day(day: DayKey, shown: str) -> None:
    assert format_day(day) == shown


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2023, 2, 28),
        (2024, 2, 29),
        (1900, 2, 28),
        (2000, 2, 29),
        (0, 2, 29),
        (-4, 2, 29),
        (-100, 2, 28),
        (-400, 2, 29),
        (2023, 4, 30),
        (2023, 12, 31),
    ],
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days


# --------------------------------------------------------------------------
# properties


@st.composite
def edtf_days(draw: st.DrawFn) -> str:
    year = draw(st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, days_in_month(year, month)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    qualifier = draw(st.sampled_from(["", "?", "~", "%"]))
    text = f"{year:04d}"
    if precision != "year":
        text += f"-{month:02d}"
    if precision == "day":
        text += f"-{day:02d}"
    return text + qualifier


@given(edtf_days())
def test_property_valid_dates_parse(text: str) -> None:
    parsed = parse_edtf(text)
    assert parsed.earliest is not None
    assert parsed.latest is not None
    assert parsed.earliest <= parsed.latest
    assert parsed.contains(parsed.earliest)
    assert parsed.contains(parsed.latest)
    assert parsed.display()
    assert parsed.sort_key() == parsed.earliest


@given(edtf_days(), edtf_days())
def test_property_intervals(a: str, b: str) -> None:
    ea, eb = parse_edtf(a), parse_edtf(b)
    assert ea.earliest is not None
    assert eb.latest is not None
    text = f"{a}/{b}"
    if ea.earliest <= eb.latest:
        parsed = parse_edtf(text)
        assert parsed.earliest == ea.earliest
        assert parsed.latest == eb.latest
        assert parsed.display()
    else:
        with pytest.raises(EdtfError, match="ends before it starts"):
            parse_edtf(text)


@given(st.text(max_size=12))
def test_property_never_crashes(text: str) -> None:
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        return
    assert parsed.display()
