"""The hosted site: structured data, descriptions, feeds, redirect pages, 404 and sitemap
under a sub-path, and byte-identical builds.

The feeds are read with real parsers (feedparser, icalendar: test dependencies
only); the structured data is read back out of the HTML that ``mkdocs build``
writes.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
import yaml
from conftest import AS_OF, MINIMAL, ROOT, ContentFactory, write_files

from generator.core.config import Settings
from generator.core.dates import parse_edtf
from generator.core.models import RecordId
from generator.core.paths import page_path
from generator.outputs.output import Rendered
from generator.outputs.publish import (
    CALENDAR_PATH,
    FEED_PATH,
    Links,
    PageData,
    exact_dates,
    feed_timestamp,
    fold,
    head_html,
    ical_text,
    insert_head,
    jsonld_script,
    page_data,
    publish,
    relative_url,
)
from generator.pipeline import build, check, render

HOSTILE = "</script><script>alert(1)</script>"
SUB_PATH_URL = "https://example.org/pr-preview/pr-7/"

#: Events around MINIMAL's summit: an expected one with a fuzzy date and text that
#: needs escaping in every format, a postponed one, and one with an open end.
EVENTS: dict[str, str] = {
    "events/expected-talks.yml": """\
        title: "Talks; expected, maybe \\"soon\\" – Überraschung & <b>more</b>"
        date: 2023-10?
        status: expected
        place: capital
        participants: [alice]
        summary: >-
          [[alice]] said talks could follow, with a very long sentence that goes on
          and on so that the calendar has to fold the line more than once; commas, too.
        sources: [report-one]
        tags: [diplomacy, talks]
        """,
    "events/postponed-visit.yml": """\
        title: Postponed visit
        date: 2023-08-10
        status: postponed
        summary: A visit that did not happen on the day.
        sources: [report-one]
        """,
    "events/long-war.yml": """\
        title: A long war
        date: 2022-02-24/..
        summary: Still going on.
        sources: [report-one]
        tags: [war]
        """,
}


def _rendered(settings: Settings) -> Rendered:
    result = build(settings)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert result.rendered is not None
    return result.rendered


# ----------------------------------------------------------------- the parts


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-09-04", ("2023-09-04", None, True)),
    ("2023-09-04T14:30:00Z", ("2023-09-04T14:30:00Z", None, True)),
    ("2023-07-25/2023-07-27", ("2023-07-25", "2023-07-27", True)),
    ("2022-02-24/..", ("2022-02-24", None, False)),
    ("../2022-02-24", (None, "2022-02-24", False)),
    ("2023-07-26?", (None, None, False)),
    ("2023-09", (None, None, False)),
    ("2023-09-XX", (None, None, False)),
    ("2023-07~/..", (None, None, False)),
    ("2022", (None, None, False)),
])
def test_only_exact_days_become_schema_dates(text: str,
                                             expected: tuple[str | None, str | None, bool]) -> None:
    assert exact_dates(parse_edtf(text)) == expected


@pytest.mark.parametrize(("text", "stamp"), [
    ("2023-09?", "2023-09-30T00:00:00Z"),           # latest possible day
    ("2023-07-25/2023-07-27", "2023-07-27T00:00:00Z"),
    ("2022-02-24/..", "2022-02-24T00:00:00Z"),      # open end: the earliest
    ("-0044-03-15", None),                          # not an RFC 3339 year
])
def test_feed_timestamp(text: str, stamp: str | None) -> None:
    assert feed_timestamp(parse_edtf(text)) == stamp


def test_links_absolute_and_relative() -> None:
    rooted = Links("https://example.org/pr/")
    assert rooted.href("actors/alice.md", "events/summit.md") == \
        "https://example.org/pr/actors/alice/"
    assert rooted.host == "example.org"
    local = Links("")
    assert local.href("actors/alice.md", "events/summit.md") == "../../actors/alice/"
    assert local.href("index.md", "actors/alice.md") == "../../"
    assert local.href(FEED_PATH, "index.md") == "feed.xml"
    assert local.href(FEED_PATH, FEED_PATH) == "feed.xml"
    assert local.href("actors/alice.md", "actors/alice.md") == "./"
    flat = Links("", directory_urls=False)
    assert flat.href("actors/alice.md", "events/summit.md") == "../actors/alice.html"
    assert flat.href("index.md", "actors/old.html") == "../index.html"
    assert relative_url("actors/old/index.html", "actors/alice/") == "../alice/"


def test_jsonld_script_cannot_be_closed_by_content() -> None:
    data = {"name": HOSTILE, "text": "<!-- a & b -->\u2028"}
    script = jsonld_script(data)
    inner = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner
    assert ">" not in inner
    assert "&" not in inner
    assert json.loads(inner) == data


def test_head_html_goes_before_the_end_of_head() -> None:
    settings = Settings(root=Path("."), content_dir=Path("content"), as_of=AS_OF,
                        site_name="A & B")
    snippet = head_html(settings, "actors/alice.md", {"@type": "Person"})
    assert 'href="../../feed.xml"' in snippet
    assert 'title="A &amp; B: events"' in snippet
    page = "<html><head><title>x</title></head><body></body></html>"
    out = insert_head(page, snippet)
    assert out.index("application/ld+json") < out.index("</head>")
    assert insert_head("<p>no head</p>", snippet) == "<p>no head</p>"


@pytest.mark.parametrize(("page", "snippet", "expected"), [
    ("<head></head><p>x</p>", "S", "<head>S\n</head><p>x</p>"),
    ("<HEAD></HEAD><p></head></p>", "S", "<HEAD>S\n</HEAD><p></head></p>"),  # the first
    ("<head></Head><p></head></p>", "S", "<head>S\n</Head><p></head></p>"),
    ("<p>none</p>", "S", "<p>none</p>"),
    ("<head></head>", "", "<head></head>"),  # nothing to insert
])
def test_the_head_goes_before_the_first_end_of_head_in_any_case(page: str, snippet: str,
                                                                 expected: str) -> None:
    assert insert_head(page, snippet) == expected


def test_ical_text_and_folding() -> None:
    assert ical_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "DESCRIPTION:" + "Überraschung, 한국어 — " * 20
    pieces = list(fold(line))
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line
    assert list(fold("SHORT:x")) == ["SHORT:x"]
    assert list(fold("x" * 75)) == ["x" * 75]
    assert list(fold("x" * 76)) == ["x" * 75, " x"]
    wide = "é" * 40  # 40 characters, 80 octets
    assert [len(p.encode("utf-8")) for p in fold(wide)] == [74, 7]


# ------------------------------------------------------- pages of the pipeline


def test_every_record_page_has_structured_data_and_a_description(
        make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS, site_url="https://example.org/"))
    records = [p for p in rendered.files if p.endswith(".md")
               and p.split("/")[0] in ("actors", "events", "claims", "sources", "places")
               and not p.endswith("index.md")]
    assert records
    for path in [*records, "index.md"]:
        data = rendered.jsonld[path]
        assert data["@context"] == "https://schema.org"
        assert data["@id"].startswith("https://example.org/")
        assert data["mainEntityOfPage"].startswith("https://example.org/")
        assert rendered.descriptions[path].strip()
    assert rendered.descriptions["actors/index.md"]
    assert rendered.descriptions["timeline/index.md"]


def test_structured_data_is_honest_about_dates(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS))
    expected = rendered.jsonld["events/expected-talks.md"]
    assert "startDate" not in expected
    assert expected["disambiguatingDescription"] == "Date: October 2023 (uncertain)"
    assert expected["eventStatus"] == "https://schema.org/EventScheduled"
    assert expected["@id"] == "./#event"  # relative without a site URL
    assert expected["location"]["@id"] == "../../places/capital/#place"
    assert expected["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 10.5,
                                           "longitude": 20.25}
    summit = rendered.jsonld["events/summit.md"]
    assert (summit["startDate"], summit["endDate"]) == ("2023-07-25", "2023-07-27")
    assert "eventStatus" not in summit  # a confirmed event is not "scheduled"
    assert "disambiguatingDescription" not in summit
    war = rendered.jsonld["events/long-war.md"]
    assert war["startDate"] == "2022-02-24"
    assert "endDate" not in war
    assert war["disambiguatingDescription"] == "Date: since 24 February 2022"
    postponed = rendered.jsonld["events/postponed-visit.md"]
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"


def test_actor_titles_and_confirmed_relations(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content())
    alice = rendered.jsonld["actors/alice.md"]
    assert alice["@type"] == "Person"
    assert alice["jobTitle"] == ["Spokesperson"]
    assert alice["worksFor"] == [{"@type": "GovernmentOrganization", "@id": "../acme/#actor",
                                  "name": "Acme Ministry"}]
    assert alice["nationality"]["@type"] == "Country"
    alleged = _rendered(make_content({"actors/alice.yml": textwrap.dedent(
        MINIMAL["actors/alice.yml"]).replace("to: acme", "to: acme\n    status: alleged")}))
    assert "worksFor" not in alleged.jsonld["actors/alice.md"]  # only what is confirmed


def test_descriptions_are_plain_text(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS))
    assert rendered.descriptions["actors/alice.md"] == "A spokesperson for Acme Ministry."
    assert rendered.descriptions["events/expected-talks.md"].startswith(
        "Expected, October 2023 (uncertain). Alice Example said talks could follow")
    assert rendered.descriptions["claims/alice-says.md"] == \
        "Alice Example, 28 July 2023: The summit went well."
    assert rendered.descriptions["places/capital.md"] == "City in Freedonia."


def test_atom_feed_parses_newest_first(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS, site_url="https://example.org/pr/",
                                      site_name="Test story"))
    feed = feedparser.parse(rendered.files[FEED_PATH])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "https://example.org/pr/feed.xml"
    assert feed.feed.title == "Test story: events"
    ids = [e.id for e in feed.entries]
    assert ids == [f"https://example.org/pr/events/{i}/" for i in
                   ("expected-talks", "postponed-visit", "summit", "long-war")]
    stamps = [e.updated for e in feed.entries]
    assert stamps == ["2023-09-05T00:00:00Z", "2023-08-10T00:00:00Z",  # never after as_of
                      "2023-07-27T00:00:00Z", "2022-02-24T00:00:00Z"]
    assert feed.feed.updated == stamps[0]
    talks = feed.entries[0]
    assert talks.title == 'Talks; expected, maybe "soon" – Überraschung & <b>more</b>'
    assert talks.link == "https://example.org/pr/events/expected-talks/"
    assert [t.term for t in talks.tags] == ["diplomacy", "talks"]
    assert talks.summary_detail.type == "text/plain"
    assert talks.summary.startswith("Expected: October 2023 (uncertain). Alice Example said")
    assert "[[" not in talks.summary


def test_atom_feed_without_a_site_url_uses_tag_uris(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS))
    feed = feedparser.parse(rendered.files[FEED_PATH])
    assert not feed.bozo, feed.get("bozo_exception")
    assert all(e.id.startswith("tag:explainer.invalid,2023:events/") for e in feed.entries)
    assert feed.entries[0].links[0].href == "events/expected-talks/"


def test_calendar_of_expected_events_parses(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(EVENTS, site_url="https://example.org/pr/"))
    raw = rendered.files[CALENDAR_PATH].encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""  # CRLF after every line, and only CRLF
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == ["expected-talks@example.org/pr"]
    event = events[0]
    assert event.decoded("DTSTART") == date(2023, 10, 1)
    assert event.decoded("DTEND") == date(2023, 11, 1)  # exclusive: all of October
    assert event.decoded("DTSTAMP") == datetime(2023, 9, 5, tzinfo=UTC)
    assert str(event["SUMMARY"]) == \
        'Talks; expected, maybe "soon" – Überraschung & <b>more</b>'
    description = str(event["DESCRIPTION"])
    assert description.startswith("Date as known: October 2023 (uncertain) (2023-10?).")
    assert "Alice Example said talks could follow" in description
    assert "commas, too." in description
    assert str(event["LOCATION"]) == "Capital City, Freedonia"
    assert str(event["URL"]) == "https://example.org/pr/events/expected-talks/"
    assert str(event["STATUS"]) == "TENTATIVE"


def test_calendar_stamps_come_from_as_of_not_the_clock(make_content: ContentFactory) -> None:
    first = _rendered(make_content(EVENTS, as_of="2023-09-05")).files[CALENDAR_PATH]
    later = _rendered(make_content(EVENTS, as_of="2023-09-06")).files[CALENDAR_PATH]
    assert "DTSTAMP:20230905T000000Z" in first
    assert "DTSTAMP:20230906T000000Z" in later
    assert _rendered(make_content(EVENTS, as_of="2023-09-05")).files[CALENDAR_PATH] == first
    assert "UID:expected-talks@explainer.invalid" in first


def test_empty_calendar_without_expected_events(make_content: ContentFactory) -> None:
    """The calendar is always there (a subscribed URL must not turn into a 404)."""
    rendered = _rendered(make_content())
    calendar = icalendar.Calendar.from_ical(rendered.files[CALENDAR_PATH])
    assert str(calendar["VERSION"]) == "2.0"
    assert list(calendar.walk("VEVENT")) == []
    assert "expected.ics" not in rendered.files["timeline/index.md"]
    assert "feed.xml" in rendered.files["timeline/index.md"]


def _formerly(old: str, *, name: str = "Alice Example") -> dict[str, str]:
    alice = textwrap.dedent(MINIMAL["actors/alice.yml"]).replace(
        "name: Alice Example", f"name: {json.dumps(name)}\nformerly: [{old}]")
    return {"actors/alice.yml": alice}


def test_redirect_pages_for_former_ids(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(_formerly("old-alice", name="Alice <b>&</b> \"Co\""),
                                      site_url="https://example.org/pr/"))
    page = rendered.files["actors/old-alice/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../alice/">' in page
    assert '<link rel="canonical" href="https://example.org/pr/actors/alice/">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<a href="../alice/">Alice &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;</a>' in page
    assert "<b>" not in page


def test_redirect_pages_without_directory_urls(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content(_formerly("old-alice"), use_directory_urls=False))
    page = rendered.files["actors/old-alice.html"]
    assert 'content="0; url=alice.html"' in page
    assert "canonical" not in page  # no site URL: nothing absolute to point at


def test_publishing_is_deterministic(make_content: ContentFactory) -> None:
    settings = make_content(EVENTS, site_url="https://example.org/")
    first, second = _rendered(settings), _rendered(settings)
    assert first.files == second.files
    assert json.dumps(first.jsonld) == json.dumps(second.jsonld)
    assert first.descriptions == second.descriptions


def test_publish_asks_the_page_data_hook_once_for_every_record(
        make_content: ContentFactory) -> None:
    settings = make_content(EVENTS, site_url="https://example.org/")
    result = check(settings)
    assert result.site is not None
    site = result.site
    expected = _rendered(settings)
    asked: list[str] = []

    def structured(record_id: RecordId) -> PageData:
        asked.append(record_id)
        return page_data(site, record_id)

    kept = {rid: page_data(site, rid) for rid in sorted(site.entries, reverse=True)}
    for hook in (structured, kept.__getitem__):
        out = render(site)
        out.jsonld.clear()
        out.descriptions.clear()
        for path in [p for p in out.files if p.endswith((".xml", ".ics", ".html"))]:
            del out.files[path]
        publish(site, out, hook)
        assert json.dumps(out.jsonld) == json.dumps(expected.jsonld)
        assert out.descriptions == expected.descriptions
        assert out.files == expected.files
    assert sorted(asked) == sorted(site.entries)


def test_the_pages_get_the_data_the_hook_gives(make_content: ContentFactory) -> None:
    result = check(make_content(EVENTS))
    assert result.site is not None
    site = result.site
    out = Rendered()

    def structured(record_id: RecordId) -> PageData:
        return PageData({"@id": record_id}, f"about {record_id}", "summary from before")

    publish(site, out, structured)
    assert out.jsonld["events/summit.md"] == {"@id": "summit"}
    assert out.descriptions["events/summit.md"] == "about summit"
    assert "summary from before" in out.files[FEED_PATH]


def test_page_data_is_what_publish_gives(make_content: ContentFactory) -> None:
    settings = make_content(EVENTS)
    result = check(settings)
    assert result.site is not None
    rendered = _rendered(settings)
    for rid in result.site.entries:
        data = page_data(result.site, rid)
        path = page_path(result.site, rid)
        assert json.dumps(data.jsonld) == json.dumps(rendered.jsonld[path])
        assert data.description == rendered.descriptions[path]


# ------------------------------------------------------------ real builds


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def mkdocs_build(project: Path, site: Path | None = None, *, site_url: str | None = None,
                 epoch: str | None = None) -> Build:
    """``mkdocs build --strict`` with SITE_URL and SOURCE_DATE_EPOCH as given (unset: None)."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name, value in (("SITE_URL", site_url), ("SOURCE_DATE_EPOCH", epoch)):
        env.pop(name, None)
        if value is not None:
            env[name] = value
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)], cwd=project, capture_output=True, text=True, env=env, timeout=600,
        check=False)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def copy_default_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("content", "docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


class _HeadParser(HTMLParser):
    """The JSON-LD scripts, meta tags, links and the h1 of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.jsonld: list[str] = []
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.scripts = 0
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.scripts += 1
            self._in_jsonld = attr.get("type") == "application/ld+json"
            if self._in_jsonld:
                self.jsonld.append("")
        elif tag == "meta":
            key = attr.get("name") or attr.get("property")
            if key:
                self.meta[key] = attr.get("content", "")
        elif tag == "link":
            self.links.append(attr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def parse_page(file: Path) -> _HeadParser:
    assert file.is_file(), f"{file} was not built"
    parser = _HeadParser()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


def jsonld_of(file: Path) -> dict[str, Any]:
    scripts = parse_page(file).jsonld
    assert len(scripts) == 1, f"{file}: {len(scripts)} JSON-LD scripts"
    data = json.loads(scripts[0])
    assert isinstance(data, dict)
    return data


def record(kind: str, rid: str) -> dict[str, Any]:
    """A record as the editor wrote it (every scalar as text)."""
    text = (ROOT / "content" / kind / f"{rid}.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default site built for a pull-request preview under a sub-path."""
    project = copy_default_project(tmp_path_factory.mktemp("preview") / "project")
    result = mkdocs_build(project, site_url=SUB_PATH_URL)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return result.site


def _url(path: str) -> str:
    return SUB_PATH_URL + path


@pytest.mark.slow
def test_actor_structured_data(sub_path_site: Path) -> None:
    source = record("actors", "sergei-shoigu")
    data = jsonld_of(sub_path_site / "actors/sergei-shoigu/index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["@id"] == _url("actors/sergei-shoigu/#actor")
    assert data["url"] == data["mainEntityOfPage"] == _url("actors/sergei-shoigu/")
    assert data["name"] == source["name"]
    assert data["alternateName"] == source["aliases"]
    assert data["description"].startswith("Russia's Minister of Defence from 2012 to 2024.")
    assert "[[" not in data["description"]
    assert data["nationality"] == {"@type": "Country", "@id": _url("actors/russia/#actor"),
                                   "name": "Russia"}
    assert data["jobTitle"] == ["Minister of Defence"]  # held on the as_of day
    country = jsonld_of(sub_path_site / "actors/russia/index.html")
    assert country["@type"] == "Country"
    assert jsonld_of(sub_path_site / "actors/kcna/index.html")["@type"] == \
        "NewsMediaOrganization"
    assert jsonld_of(sub_path_site / "actors/white-house/index.html")["@type"] == \
        "GovernmentOrganization"


@pytest.mark.slow
def test_event_structured_data(sub_path_site: Path) -> None:
    source = record("events", "shoigu-visit-to-pyongyang")
    data = jsonld_of(sub_path_site / "events/shoigu-visit-to-pyongyang/index.html")
    assert data["@type"] == "Event"
    assert data["name"] == source["title"]
    start, end = source["date"].split("/")
    assert (data["startDate"], data["endDate"]) == (start, end)
    assert data["location"]["@id"] == _url(f"places/{source['place']}/#place")
    assert data["location"]["geo"]["@type"] == "GeoCoordinates"
    attendees = [a["@id"] for a in data["attendee"]]
    assert attendees == [_url(f"actors/{p['actor']}/#actor") for p in source["participants"]]
    assert [s["@id"] for s in data["subjectOf"]] == \
        [_url(f"sources/{s}/#source") for s in source["sources"]]
    expected = jsonld_of(sub_path_site / "events/kim-putin-vladivostok-meeting/index.html")
    assert record("events", "kim-putin-vladivostok-meeting")["date"] == "2023-09?"
    assert "startDate" not in expected
    assert expected["disambiguatingDescription"] == "Date: September 2023 (uncertain)"
    assert expected["eventStatus"] == "https://schema.org/EventScheduled"


@pytest.mark.slow
def test_claim_structured_data(sub_path_site: Path) -> None:
    source = record("claims", "watson-shoigu-sought-munitions")
    data = jsonld_of(sub_path_site / "claims/watson-shoigu-sought-munitions/index.html")
    assert data["@type"] == "Claim"
    assert data["text"] == ("The purpose of Sergei Shoigu's recent trip to North Korea was to "
                            "secure more ammunition for Russia's war in Ukraine.")
    assert data["author"] == {"@type": "Person", "@id": _url("actors/adrienne-watson/#actor"),
                              "name": "Adrienne Watson"}
    assert data["sourceOrganization"]["@id"] == \
        _url(f"actors/{source['on_behalf_of']}/#actor")
    assert data["datePublished"] == source["date"]
    assert [a["@id"] for a in data["about"]] == [
        _url("events/shoigu-visit-to-pyongyang/#event"), _url("actors/sergei-shoigu/#actor")]
    appearances = data["appearance"]
    assert [a["@id"] for a in appearances] == \
        [_url(f"sources/{s}/#source") for s in source["sources"]]
    assert data["firstAppearance"]["@id"] == _url(f"sources/{source['sources'][0]}/#source")
    assert {a["@type"] for a in appearances} <= {"CreativeWork", "NewsArticle"}
    assert data["keywords"] == source["tags"]


@pytest.mark.slow
def test_source_structured_data(sub_path_site: Path) -> None:
    source = record("sources", "nyt-kim-vladivostok-trip")
    data = jsonld_of(sub_path_site / "sources/nyt-kim-vladivostok-trip/index.html")
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == data["name"] == source["title"]
    assert data["datePublished"] == source["date"]
    assert data["inLanguage"] == source["language"]
    assert data["publisher"] == {"@type": "NewsMediaOrganization",
                                 "@id": _url("actors/new-york-times/#actor"),
                                 "name": "The New York Times"}
    assert data["mainEntityOfPage"] == _url("sources/nyt-kim-vladivostok-trip/")
    assert data["url"] == source["url"]
    state_media = jsonld_of(sub_path_site / "sources/kcna-weaponry-exhibition/index.html")
    assert state_media["publisher"]["@id"] == _url("actors/kcna/#actor")
    assert state_media["datePublished"] == "2023-07-27"


@pytest.mark.slow
def test_place_structured_data(sub_path_site: Path) -> None:
    source = record("places", "vladivostok")
    data = jsonld_of(sub_path_site / "places/vladivostok/index.html")
    assert data["@type"] == "City"
    assert data["name"] == source["name"]
    assert data["alternateName"] == source["aliases"]
    lat, lon = (float(v) for v in source["coordinates"])
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    assert data["containedInPlace"] == {"@type": "Country", "@id": _url("actors/russia/#actor"),
                                        "name": "Russia"}
    assert [e["@id"] for e in data["event"]] == \
        [_url("events/kim-putin-vladivostok-meeting/#event")]


@pytest.mark.slow
def test_head_has_description_feed_link_and_no_data_on_hub_pages(sub_path_site: Path) -> None:
    page = parse_page(sub_path_site / "events/kim-putin-vladivostok-meeting/index.html")
    assert page.meta["description"].startswith("Expected, September 2023 (uncertain). A summit")
    assert page.meta["og:description"] == page.meta["description"]
    feeds = [link for link in page.links if link.get("type") == "application/atom+xml"]
    assert [link["href"] for link in feeds] == [_url("feed.xml")]
    assert feeds[0]["rel"] == "alternate"
    listing = parse_page(sub_path_site / "actors/index.html")
    assert listing.jsonld == []
    assert listing.meta["description"].startswith("People, organisations and states")
    about = parse_page(sub_path_site / "about/index.html")  # written by hand
    assert about.jsonld == []
    assert any(link.get("type") == "application/atom+xml" for link in about.links)
    timeline = (sub_path_site / "timeline/index.html").read_text(encoding="utf-8")
    assert 'href="../feed.xml"' in timeline
    assert 'href="../expected.ics"' in timeline


@pytest.mark.slow
def test_built_feeds_parse(sub_path_site: Path) -> None:
    feed = feedparser.parse((sub_path_site / FEED_PATH).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.id == _url(FEED_PATH)
    assert len(feed.entries) == len(list((ROOT / "content/events").glob("*.yml")))
    assert feed.entries[0].id == _url("events/kim-putin-vladivostok-meeting/")
    stamps = [e.updated for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    raw = (sub_path_site / CALENDAR_PATH).read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "kim-putin-vladivostok-meeting@example.org/pr-preview/pr-7"
    assert event.decoded("DTSTART") == date(2023, 9, 1)
    assert event.decoded("DTEND") == date(2023, 10, 1)
    assert str(event["LOCATION"]) == "Vladivostok, Russia"
    assert "September 2023 (uncertain)" in str(event["DESCRIPTION"])
    # Material probes sitemap.xml beside each rel=alternate link: the feed sits by the real one
    assert (sub_path_site / FEED_PATH).parent == sub_path_site
    assert (sub_path_site / "sitemap.xml").is_file()


@pytest.mark.slow
def test_404_sitemap_and_canonical_links_under_a_sub_path(sub_path_site: Path) -> None:
    page = (sub_path_site / "404.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="([^"]+)"', page)
    local = [r for r in refs if not r.startswith(("http:", "https:", "#", "data:"))]
    assert local, "no local links in 404.html"
    assert all(r.startswith("/pr-preview/pr-7/") for r in local), local
    assert any(r.startswith("/pr-preview/pr-7/assets/stylesheets/") for r in local)
    assert any(r.startswith("/pr-preview/pr-7/assets/javascripts/") for r in local)
    sitemap = (sub_path_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) > 50
    assert all(loc.startswith(SUB_PATH_URL) for loc in locs), locs[:5]
    assert _url("actors/sergei-shoigu/") in locs
    for path in ("actors/sergei-shoigu/", "timeline/", ""):
        canonical = [link["href"] for link in parse_page(sub_path_site / path / "index.html").links
                     if link.get("rel") == "canonical"]
        assert canonical == [_url(path)]


# ------------------------------------------------------- determinism of builds


def _tree(site: Path) -> dict[str, bytes]:
    return {f.relative_to(site).as_posix(): f.read_bytes()
            for f in sorted(site.rglob("*")) if f.is_file()}


def _differences(first: Mapping[str, bytes], second: Mapping[str, bytes]) -> list[str]:
    names = sorted(set(first) | set(second))
    return [name for name in names if first.get(name) != second.get(name)]


@pytest.mark.slow
@pytest.mark.parametrize("epoch", ["1700000000", None])
def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path,
                                                            epoch: str | None) -> None:
    """Every file: pages, search index, sitemap.xml.gz, feeds, assets."""
    for _ in range(2):  # without SOURCE_DATE_EPOCH, a build at midnight may see two days
        day = date.today()
        builds = [mkdocs_build(copy_default_project(tmp_path / f"{name}-{day}"),
                               tmp_path / f"out-{name}-{day}" / "site", epoch=epoch)
                  for name in ("one", "two")]
        if epoch is not None or date.today() == day:
            break
    for result in builds:
        assert result.returncode == 0, result.output
    first, second = (_tree(result.site) for result in builds)
    for name in ("sitemap.xml.gz", "search/search_index.json", FEED_PATH, CALENDAR_PATH,
                 "index.html", "actors/sergei-shoigu/index.html"):
        assert name in first, name
    assert _differences(first, second) == []


@pytest.mark.slow
def test_source_date_epoch_changes_only_the_sitemap_dates(tmp_path: Path) -> None:
    """as_of is fixed in mkdocs.yml: the build day reaches only the sitemap's lastmod."""
    project = copy_default_project(tmp_path / "project")
    early = mkdocs_build(project, tmp_path / "early", epoch="1000000000")
    late = mkdocs_build(project, tmp_path / "late", epoch="2000000000")
    for result in (early, late):
        assert result.returncode == 0, result.output
    first, second = _tree(early.site), _tree(late.site)
    assert _differences(first, second) == ["sitemap.xml", "sitemap.xml.gz"]
    changed = [line for line in difflib.ndiff(first["sitemap.xml"].decode().splitlines(),
                                              second["sitemap.xml"].decode().splitlines())
               if line.startswith(("-", "+"))]
    assert changed
    assert all(re.fullmatch(r"[-+]\s*<lastmod>\d{4}-\d\d-\d\d</lastmod>", line)
               for line in changed), changed[:4]
    assert "2001-09-09" in first["sitemap.xml"].decode()  # SOURCE_DATE_EPOCH 1000000000


# ----------------------------------------------------- hostile content, redirects

MINIMAL_MKDOCS_YML = """\
    site_name: Minimal explainer
    site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
    docs_dir: docs
    theme:
      name: material
      custom_dir: overrides
    plugins:
      - search
      - explainer:
          as_of: {as_of}
    {extra}
    validation:
      omitted_files: warn
      absolute_links: warn
      unrecognized_links: warn
      anchors: warn
      not_found: warn
    """


def minimal_project(folder: Path, files: Mapping[str, str], extra: str = "") -> Path:
    """MINIMAL content with ``files`` on top, the repository's overrides, a small mkdocs.yml."""
    write_files(folder / "content", MINIMAL)
    write_files(folder / "content", files)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "mkdocs.yml").write_text(
        textwrap.dedent(MINIMAL_MKDOCS_YML).format(as_of=AS_OF, extra=extra), encoding="utf-8")
    return folder


def hostile_content() -> dict[str, str]:
    """Every kind of record carrying script-closing text in the fields that reach JSON-LD."""
    quoted = json.dumps(HOSTILE)
    base = {path: textwrap.dedent(text) for path, text in MINIMAL.items()}
    return {
        "actors/alice.yml": base["actors/alice.yml"]
        .replace("name: Alice Example", f"name: {quoted}\naliases: [{quoted}]")
        .replace("summary: A spokesperson for [[acme]].", f"summary: {quoted}"),
        "events/summit.yml": base["events/summit.yml"]
        .replace("title: The summit", f"title: {quoted}")
        .replace("summary: Leaders met in [[capital]].", f"summary: {quoted}"),
        "claims/alice-says.yml": base["claims/alice-says.yml"]
        .replace("text: The summit went well.", f"text: {quoted}"),
        "sources/report-one.yml": base["sources/report-one.yml"]
        .replace("title: Report one", f"title: {quoted}\nauthor: {quoted}"),
        "places/capital.yml": base["places/capital.yml"]
        .replace("name: Capital City", f"name: {quoted}\nsummary: {quoted}"),
    }


HOSTILE_PAGES = ("actors/alice/", "events/summit/", "claims/alice-says/",
                 "sources/report-one/", "places/capital/")


@pytest.mark.slow
def test_content_cannot_break_out_of_the_structured_data(tmp_path: Path) -> None:
    project = minimal_project(tmp_path, hostile_content())
    result = mkdocs_build(project, site_url="https://example.org/")
    assert result.returncode == 0, result.output
    for path in HOSTILE_PAGES:
        file = result.site / path / "index.html"
        html = file.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path
        assert "</script><script>" not in html, path
        data = jsonld_of(file)  # one script element, and all of it is JSON
        assert HOSTILE in json.dumps(data, ensure_ascii=False), path
        page = parse_page(file)
        assert HOSTILE in page.meta["description"], path
    claim = jsonld_of(result.site / "claims/alice-says/index.html")
    assert claim["text"] == HOSTILE
    assert claim["author"]["name"] == HOSTILE
    source = jsonld_of(result.site / "sources/report-one/index.html")
    assert source["author"]["name"] == HOSTILE  # the by-line names the actor


@pytest.mark.slow
def test_redirect_pages_are_built_and_strict_builds_stay_clean(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "dirs", _formerly("old-alice"))
    result = mkdocs_build(project, site_url="https://example.org/story/")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    page = (result.site / "actors/old-alice/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../alice/"' in page
    assert 'href="https://example.org/story/actors/alice/"' in page
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "old-alice" not in sitemap

    flat = minimal_project(tmp_path / "flat", _formerly("old-alice"),
                           extra="use_directory_urls: false")
    result = mkdocs_build(flat)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    page = (result.site / "actors/old-alice.html").read_text(encoding="utf-8")
    assert 'content="0; url=alice.html"' in page
    assert (result.site / "actors/alice.html").is_file()


# ------------------------------------------------------------ calendar: issue 15


def test_calendar_uids_are_unique_per_site_url(make_content: ContentFactory) -> None:
    """The main site and a preview of the same content give different UIDs."""
    def uids(url: str) -> list[str]:
        raw = _rendered(make_content(EVENTS, site_url=url)).files[CALENDAR_PATH]
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    main = uids("https://example.org/")
    preview = uids("https://example.org/pr-preview/pr-7/")
    other = uids("https://news.example/story/")
    assert main == ["expected-talks@example.org"]
    assert preview == ["expected-talks@example.org/pr-preview/pr-7"]
    assert other == ["expected-talks@news.example/story"]


@pytest.mark.parametrize(("date_text", "start", "end", "said"), [
    ("2023-10/..", date(2023, 10, 1), date(2023, 11, 1),
     "No end date is known (open-ended): the calendar shows the days it may begin on."),
    ("2023-10-02/", date(2023, 10, 2), date(2023, 10, 3),
     "No end date is known (open-ended): the calendar shows the days it may begin on."),
    ("../2023-10-15", date(2023, 10, 15), date(2023, 10, 16),
     "No start date is known: the calendar shows the days it may end on."),
])
def test_open_ended_expected_events(make_content: ContentFactory, date_text: str,
                                    start: date, end: date, said: str) -> None:
    """RFC 5545 has no open-ended event: the days it may begin (or end) on, said so."""
    rendered = _rendered(make_content({"events/open-talks.yml": f"""\
        title: Open talks
        date: "{date_text}"
        status: expected
        summary: Talks with no end in sight.
        sources: [report-one]
        """}))
    (event,) = icalendar.Calendar.from_ical(rendered.files[CALENDAR_PATH]).walk("VEVENT")
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == end
    assert said in str(event["DESCRIPTION"])


def test_atom_updated_is_never_after_as_of(make_content: ContentFactory) -> None:
    """An expected event's last possible day (31 October) is after as_of (5 September):
    neither the feed nor the entry says it was updated then."""
    rendered = _rendered(make_content(EVENTS, as_of="2023-09-05"))
    feed = feedparser.parse(rendered.files[FEED_PATH])
    assert not feed.bozo
    assert feed.feed.updated == "2023-09-05T00:00:00Z"
    stamps = {e.title.split(";")[0]: e.updated for e in feed.entries}
    assert stamps == {"Talks": "2023-09-05T00:00:00Z",
                      "Postponed visit": "2023-08-10T00:00:00Z",
                      "The summit": "2023-07-27T00:00:00Z",
                      "A long war": "2022-02-24T00:00:00Z"}
    # newest first by the events' dates, as before
    assert [e.title.split(";")[0] for e in feed.entries][:2] == ["Talks", "Postponed visit"]
