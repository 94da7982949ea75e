"""Plain text is the rendered Markdown's text, in every output.

The old helper deleted every ``*``, ``_`` and backtick and left ``&amp;`` as it
was: ``Kim_Jong_Un said 2*3`` became ``KimJongUn said 23`` in the JSON-LD, the
feed, the calendar, the CSV and the JSON.
"""

from __future__ import annotations

import csv
import io
import json

import feedparser
import icalendar
import pytest
from conftest import ContentFactory

from generator.core.plaintext import plain_text
from generator.outputs import export
from generator.outputs.publish import CALENDAR_PATH, FEED_PATH
from generator.pipeline import build

SUMMARY = "Kim_Jong_Un said 2*3 &amp; [[alice]] *agreed*."
PLAIN = "Kim_Jong_Un said 2*3 & Alice Example agreed."


@pytest.mark.parametrize(("markdown", "text"), [
    ("Kim_Jong_Un said 2*3", "Kim_Jong_Un said 2*3"),
    ("&amp;", "&"),
    ("Tom &amp; Jerry, AT&T, &copy; &#x41;", "Tom & Jerry, AT&T, © A"),
    ("*em*, **strong**, _under_, `code_span`", "em, strong, under, code_span"),
    ("a \\*literal\\* star", "a *literal* star"),
    ("[the report](https://example.org/r) and ![a map](map.png)", "the report and a map"),
    ("<b>raw</b> HTML is text", "<b>raw</b> HTML is text"),
    ("x &lt; y", "x < y"),
    ("1. not a list", "1. not a list"),
    ("# not a heading", "# not a heading"),
    ("- not an item", "- not an item"),
    ("* not an item", "* not an item"),
    ("> not a quote", "> not a quote"),
    ("two\nlines", "two lines"),
    ("[[kim]] met [[kim|the *leader*]]", "Kim *the* Leader met the *leader*"),
])
def test_plain_text(markdown: str, text: str) -> None:
    assert plain_text(markdown, {"kim": "Kim *the* Leader"}.get) == text


def test_every_output_has_the_same_plain_text(make_content: ContentFactory) -> None:
    settings = make_content({"events/talks.yml": f"""\
        title: Talks
        date: 2023-10?
        status: expected
        summary: "{SUMMARY}"
        sources: [report-one]
        """, "claims/kim-says.yml": f"""\
        speaker: alice
        date: 2023-07-29
        text: "{SUMMARY}"
        sources: [report-one]
        """}, site_url="https://example.org/")
    result = build(settings)
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    assert result.site is not None
    out = result.rendered
    # JSON-LD and page descriptions
    event_ld = out.jsonld["events/talks.md"]
    assert event_ld["description"] == PLAIN
    assert out.jsonld["claims/kim-says.md"]["text"] == PLAIN
    assert PLAIN in out.descriptions["events/talks.md"]
    # Atom feed
    feed = feedparser.parse(out.files[FEED_PATH])
    entry = next(e for e in feed.entries if e.title == "Talks")
    assert entry.summary.endswith(PLAIN)
    # iCalendar
    calendar = icalendar.Calendar.from_ical(out.files[CALENDAR_PATH])
    (event,) = [c for c in calendar.walk("VEVENT")]
    assert str(event["DESCRIPTION"]).endswith(PLAIN)
    # open data: JSON and CSV
    data = export.open_data(result.site)
    events = {r["id"]: r for r in json.loads(data["events.json"])["records"]}
    assert events["talks"]["summary_text"] == PLAIN
    claims = {r["id"]: r for r in json.loads(data["claims.json"])["records"]}
    assert claims["kim-says"]["text_plain"] == PLAIN
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data["events.csv"]))}
    assert PLAIN in rows["talks"].values()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data["claims.csv"]))}
    assert PLAIN in rows["kim-says"].values()


def test_text_too_long_to_render_keeps_its_marks() -> None:
    """Past MAX_RENDERED characters (not a paragraph), entities are decoded, marks kept:
    Python-Markdown's inline rules would take minutes on runs of brackets or emphasis."""
    from generator.core.plaintext import MAX_RENDERED

    text = "Kim_Jong_Un &amp; *x* " * (MAX_RENDERED // 20)
    assert plain_text(text, {}.get) == " ".join(("Kim_Jong_Un & *x* " * (MAX_RENDERED // 20))
                                                .split())
    assert plain_text("[" * 200_000, {}.get) == "[" * 200_000
