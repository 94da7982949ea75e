"""What a hosted site needs besides its pages: structured data, feeds, redirects.

Engine-neutral, like the renderer: :func:`publish` adds to :class:`Rendered`

- ``jsonld``: a schema.org JSON-LD object per record page (Person, Country,
  Event, Claim, NewsArticle, Place…), for the page's ``<head>``;
- ``descriptions``: a plain-text description per page, for
  ``<meta name="description">`` and Open Graph;
- ``files``: an Atom feed of events (:data:`FEED_PATH`), an iCalendar file of
  expected events (:data:`CALENDAR_PATH`) and a small HTML redirect page for
  every former id of a renamed record.

The MkDocs adapter puts :func:`head_html` before ``</head>`` of each page.

A record page's structured data and description are a :class:`PageData`, made
by :func:`page_data` from the site and the id alone; :func:`publish` takes a
``structured`` hook so that a live preview can reuse those of unchanged records.

Every URL is absolute when the site URL is known, and relative to the file it
appears in otherwise. Nothing here reads the clock: the feeds' timestamps come
from the events' dates and the story's ``as_of`` day, so the same content
gives the same bytes.

Dates are as honest as the pages: a schema.org date is given only where the
EDTF date names an exact day (or moment); anything fuzzier is written out as
the page shows it ("September 2023 (uncertain)").
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from html import escape
from typing import Any

from ..core.config import Settings
from ..core.dates import DayKey, Edtf, format_day, parse_edtf
from ..core.link import Site
from ..core.models import Actor, Claim, Event, Place, RecordId, Ref, Source, Story, shorten
from ..core.paths import Links, page_path, relative_url, tag_path
from ..core.plaintext import plain_text
from ..core.vocabulary import FOLDER_OF, FOLDERS, LISTINGS
from .output import Rendered

Json = dict[str, Any]

# At the site root: Material probes sitemap.xml beside every <link rel="alternate">,
# and the site's own sitemap is there.
FEED_PATH = "feed.xml"
CALENDAR_PATH = "expected.ics"
SCHEMA = "https://schema.org"
#: The host in ids (Atom tag: URIs, iCalendar UIDs) when the site has no URL.
PLACEHOLDER_HOST = "explainer.invalid"
_TAG_PREFIX = f"tag:{PLACEHOLDER_HOST},2023:"
#: Longest plain-text page description (meta description, og:description).
DESCRIPTION_LIMIT = 200

ACTOR_TYPES: dict[str, str] = {
    "person": "Person",
    "state": "Country",
    "government-body": "GovernmentOrganization",
    "media": "NewsMediaOrganization",
    "armed-group": "Organization",
    "organization": "Organization",
}
_ORGANIZATIONS = frozenset(("Organization", "GovernmentOrganization", "NewsMediaOrganization"))
#: Where a record acts (attends, says, publishes, is a parent organisation), schema.org
#: wants a Person or an Organization: a state is a Country where it is a place, and its
#: government where it acts.
AGENT_TYPES: dict[str, str] = {"Country": "GovernmentOrganization"}
SOURCE_TYPES: dict[str, str] = {
    "news": "NewsArticle",
    "state-media": "NewsArticle",
    "report": "Report",
    "social-post": "SocialMediaPosting",
}
PLACE_TYPES: dict[str, str] = {"city": "City", "country": "Country", "region": "AdministrativeArea"}
EVENT_STATUSES: dict[str, str] = {
    "expected": f"{SCHEMA}/EventScheduled",
    "postponed": f"{SCHEMA}/EventPostponed",
    "cancelled": f"{SCHEMA}/EventCancelled",
}
#: Confirmed relations that schema.org can say: type → (property, types it applies to).
_RELATION_PROPERTIES: dict[str, tuple[str, frozenset[str]]] = {
    "member-of": ("memberOf", frozenset(("Person", *_ORGANIZATIONS))),
    "part-of": ("parentOrganization", _ORGANIZATIONS),
    "spokesperson-for": ("worksFor", frozenset(("Person",))),
}
_HUB_DESCRIPTIONS: dict[str, str] = {
    "timeline/index.md": "Every event of the story in time order, grouped by year and month, "
                         "with expected events apart.",
    "network/index.md": "The actors of the story and how they are connected: relations and "
                        "shared events.",
    "tags/index.md": "Every topic of the story, with the records tagged with it.",
    "glossary.md": "Terms and abbreviations used on this site.",
}


@dataclass(frozen=True, slots=True)
class PageData:
    """What :func:`publish` adds for one record's page: its schema.org object and
    its plain-text description."""

    jsonld: Json
    description: str
    #: An event's summary as plain text, for the feed and the calendar ('' for other records).
    summary: str = ""

    def __reduce__(self) -> tuple[type[PageData], tuple[Json, str, str]]:
        # Workers send one a record: a slotted dataclass's own pickling costs twice this.
        return PageData, (self.jsonld, self.description, self.summary)


#: Gives a record's :class:`PageData`; see :func:`publish`.
PageDataOf = Callable[[RecordId], PageData]
#: References already made, by (what kind of reference, record id): see StructuredData.
RefMemo = dict[tuple[str, str], Json]


def page_data(site: Site, record_id: RecordId) -> PageData:
    """The structured data and description of a record's page, from ``site`` alone.

    A pure function of the linked site and the id: what it reads about other
    records (names, kinds, reverse links) is read through ``site`` during the
    call and nothing is kept between calls, so the order of calls does not
    matter and a caller may memoise the result by the site data it read.
    """
    return _page_data(site, links_of(site.settings), {}, record_id)


def page_data_maker(site: Site) -> PageDataOf:
    """:func:`page_data`, faster for many pages: they share one set of references."""
    return partial(_page_data, site, links_of(site.settings), {})


def _page_data(site: Site, links: Links, refs: RefMemo, record_id: RecordId) -> PageData:
    structured = StructuredData(site, links, page_path(site, record_id), refs)
    model = site.model(record_id)
    summary = structured.plain(model.summary) if isinstance(model, Event) else ""
    return PageData(structured.record(record_id), describe(site, record_id, structured.plain),
                    summary)


def publish(site: Site, out: Rendered, structured: PageDataOf | None = None) -> None:
    """Add structured data, descriptions, feeds and redirect pages to ``out``.

    ``structured(record_id)`` gives each record page's :class:`PageData`
    (default: :func:`page_data` of ``site``); a caller that rebuilds often
    (live preview) can pass a function that reuses the data of records whose
    inputs did not change, e.g.
    ``publish(site, out, lambda rid: memo.get(rid) or page_data(site, rid))``;
    it must return what :func:`page_data` would.
    """
    links = links_of(site.settings)
    # By default the pages share one set of references (see StructuredData).
    data_of = structured or page_data_maker(site)
    summaries: dict[RecordId, str] = {}
    for entry in site.entries.values():
        path = page_path(site, entry.id)
        data = data_of(entry.id)
        out.jsonld[path] = data.jsonld
        out.descriptions[path] = data.description
        if isinstance(entry.model, Event):
            summaries[entry.id] = data.summary
    for folder, kind in FOLDERS.items():
        if f"{folder}/index.md" in out.files:
            out.descriptions[f"{folder}/index.md"] = LISTINGS[kind][1]  # the intro
    for path, text in _HUB_DESCRIPTIONS.items():
        if path in out.files:
            out.descriptions[path] = text
    for tag, ids in site.tagged.items():
        out.descriptions[tag_path(tag)] = f"Every record tagged #{tag} ({len(ids)})."
    out.files[FEED_PATH] = atom_feed(site, links, summaries)
    # Always written, empty when nothing is expected: a subscribed calendar must not 404.
    out.files[CALENDAR_PATH] = icalendar(site, links, summaries)
    taken = {links.url(path) for path in out.files}
    for old, new in sorted(site.redirects.items()):
        path = redirect_path(site, old, new)
        if links.url(path) not in taken:
            out.files[path] = redirect_page(site, links, path, new)


# ------------------------------------------------------------------------ URLs


def links_of(settings: Settings) -> Links:
    return Links(settings.site_url, settings.directory_urls)


# --------------------------------------------------------------- descriptions


def plain(site: Site, text: str | None) -> str:
    """Markdown as plain text: mentions become names, markup goes."""
    if not text:
        return ""
    return plain_text(text, lambda rid: site.name(rid) if rid in site.entries else None)


def describe(site: Site, record_id: RecordId,
             plain_of: Callable[[str | None], str] | None = None) -> str:
    """A plain-text description of a record's page, for search results and link previews.

    ``plain_of`` turns Markdown into plain text (default: :func:`plain` of ``site``).
    """
    plain_of = plain_of or partial(plain, site)
    model = site.model(record_id)
    if isinstance(model, Event):
        shown = model.date.display()
        lead = shown if model.status == "confirmed" else f"{model.status.capitalize()}, {shown}"
        text = f"{lead}. {plain_of(model.summary)}"
    elif isinstance(model, Claim):
        text = (f"{site.name(model.speaker) if site.resolve(model.speaker) else model.speaker}"
                f", {model.date.display()}: {plain_of(model.text)}")
    elif isinstance(model, Source):
        parts = [model.title]
        if publisher := site.resolve(model.publisher):
            parts.append(site.name(publisher))
        parts.append(model.date.display())
        text = ", ".join(parts) + "."
    elif isinstance(model, Place):
        country = site.resolve(model.country)
        where = f" in {site.name(country)}" if country else ""
        text = plain_of(model.summary) or f"{model.place_kind.capitalize()}{where}."
    elif isinstance(model, (Actor, Story)):
        text = plain_of(model.summary) or model.display_name()
    else:  # pragma: no cover - every record kind is handled above
        text = model.display_name()
    return shorten(text, DESCRIPTION_LIMIT)


# ------------------------------------------------------------ structured data


def exact_dates(edtf: Edtf) -> tuple[str | None, str | None, bool]:
    """(start, end, whole): ISO 8601 for the ends that name an exact day or moment.

    ``whole`` is False when the ISO dates leave something out (a fuzzy or open
    end), so the date must be written out as well. A single date gives no end.
    """
    if not edtf.is_interval:
        start = _iso(edtf.text) if edtf.is_day else None
        return start, None, start is not None
    first, second = edtf.text.split("/")
    start, end = _iso(first), _iso(second)
    return start, end, start is not None and end is not None


_ISO_RE = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:Z|[+-]\d\d(?::\d\d)?)?)?")


def _iso(text: str) -> str | None:
    """An EDTF day or moment, already validated, as ISO 8601; None for anything fuzzier."""
    return text if _ISO_RE.fullmatch(text) else None


class StructuredData:
    """The schema.org objects of one page (``here``), with URLs as seen from it."""

    def __init__(self, site: Site, links: Links, here: str,
                 refs: RefMemo | None = None) -> None:
        self.site = site
        self.links = links
        self.here = here
        # Memos for this page only: another page reads the site itself.
        self._urls: dict[str, str] = {}
        self._plain: dict[str | None, str] = {}
        # References made so far. With absolute URLs a reference is the same on every
        # page, so the pages of one build may share them (``refs``).
        self._refs = refs if refs is not None and links.base else {}

    def plain(self, text: str | None) -> str:
        """Markdown as plain text (:func:`plain`), each text worked out once."""
        made = self._plain.get(text)
        if made is None:
            made = self._plain[text] = plain(self.site, text)
        return made

    # -- ids and references

    def page_url(self, record_id: str) -> str:
        url = self._urls.get(record_id)
        if url is None:
            url = self._urls[record_id] = self.links.href(page_path(self.site, record_id),
                                                          self.here)
        return url

    def node_id(self, record_id: str) -> str:
        return f"{self.page_url(record_id)}#{self.site.model(record_id).kind}"

    def type_of(self, record_id: str) -> str:
        model = self.site.model(record_id)
        if isinstance(model, Actor):
            return ACTOR_TYPES[model.actor_kind]
        if isinstance(model, Source):
            return SOURCE_TYPES.get(model.source_kind, "CreativeWork")
        if isinstance(model, Place):
            return PLACE_TYPES.get(model.place_kind, "Place")
        return {"event": "Event", "claim": "Claim", "story": "Article"}[model.kind]

    def ref(self, record_id: str) -> Json:
        """A reference to another record's object: its type, id and name.

        The same object may be given out again (and be in several pages' data):
        never change it.
        """
        made = self._refs.get(("ref", record_id))
        if made is None:
            made = self._refs[("ref", record_id)] = {"@type": self.type_of(record_id),
                                            "@id": self.node_id(record_id),
                                            "name": self.site.name(record_id)}
        return made

    def refs(self, refs: Iterable[Ref | None]) -> list[Json]:
        ids = dict.fromkeys(rid for ref in refs if (rid := self.site.resolve(ref)))
        return [self.ref(rid) for rid in ids]

    def agent_ref(self, record_id: str) -> Json | None:
        """A reference to a record where it acts (schema.org: a Person or an
        Organization): a state as its government; None for a record that cannot act."""
        made = self._refs.get(("agent", record_id))
        if made is None:
            plain = self.ref(record_id)
            kind = AGENT_TYPES.get(plain["@type"], plain["@type"])
            if kind != "Person" and kind not in _ORGANIZATIONS:
                return None
            made = self._refs[("agent", record_id)] = {**plain, "@type": kind}
        return made

    def agent_refs(self, refs: Iterable[Ref | None]) -> list[Json]:
        ids = dict.fromkeys(rid for ref in refs if (rid := self.site.resolve(ref)))
        return [made for rid in ids if (made := self.agent_ref(rid)) is not None]

    def source_ref(self, source_id: str) -> Json:
        """A reference to a source, with its URL and day of publication."""
        made = self._refs.get(("source", source_id))
        if made is None:
            made = self._refs[("source", source_id)] = dict(self.ref(source_id))
            source = self.site.typed(source_id, Source)
            if source.url:
                made["url"] = source.url
            start, _, _ = exact_dates(source.date)
            if start:
                made["datePublished"] = start
        return made

    def place_ref(self, place_id: str) -> Json:
        """A reference to a place, with its coordinates."""
        made = self._refs.get(("place", place_id))
        if made is None:
            made = self._refs[("place", place_id)] = dict(self.ref(place_id))
            place = self.site.typed(place_id, Place)
            if place.coordinates:
                made["geo"] = geo(place.coordinates)
        return made

    # -- the page's own object

    def record(self, record_id: RecordId) -> Json:
        model = self.site.model(record_id)
        data: Json = {"@context": SCHEMA, "@type": self.type_of(record_id),
                      "@id": self.node_id(record_id)}
        url = self.page_url(record_id)
        if isinstance(model, Actor):
            data.update(self.actor(record_id, model))
        elif isinstance(model, Event):
            data.update(self.event(model))
        elif isinstance(model, Claim):
            data.update(self.claim(record_id, model))
        elif isinstance(model, Source):
            data.update(self.source(model))
        elif isinstance(model, Place):
            data.update(self.place(record_id, model))
        elif isinstance(model, Story):
            data.update(self.story(model))
        if "url" not in data and not isinstance(model, Source):
            data["url"] = url
        data["mainEntityOfPage"] = url
        if model.tags and data["@type"] in ("Claim", "Article", "CreativeWork", "NewsArticle",
                                            "Report", "SocialMediaPosting"):
            data["keywords"] = list(model.tags)
        return {key: value for key, value in data.items() if value not in (None, "", [])}

    def actor(self, record_id: RecordId, actor: Actor) -> Json:
        kind = ACTOR_TYPES[actor.actor_kind]
        data: Json = {"name": actor.name, "alternateName": list(actor.aliases),
                      "description": self.plain(actor.summary)}
        if actor.wikidata:
            data["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata}"
        if actor.image:
            data["image"] = {"@type": "ImageObject", "url": actor.image.url,
                             "creditText": actor.image.credit}
        if country := self.site.resolve(actor.country):
            data["nationality" if kind == "Person" else "location"] = self.ref(country)
        if kind == "Person":
            titles = [p.title for p in self.site.positions_on(record_id, self.site.as_of)]
            data["jobTitle"] = titles
        for prop, ids in self._relations(actor, kind).items():
            data[prop] = [made for i in ids if (made := self._organization(i)) is not None]
        return data

    def _organization(self, record_id: str) -> Json | None:
        """An agent reference that is an Organization (the range of memberOf,
        parentOrganization and worksFor), or None."""
        made = self.agent_ref(record_id)
        return made if made is not None and made["@type"] in _ORGANIZATIONS else None

    def _relations(self, actor: Actor, kind: str) -> dict[str, list[RecordId]]:
        found: dict[str, list[RecordId]] = {}
        for rel in actor.relations:
            prop, applies = _RELATION_PROPERTIES.get(rel.type, ("", frozenset()))
            target = self.site.resolve(rel.to)
            if kind in applies and rel.status == "confirmed" and target:
                found.setdefault(prop, []).append(target)
        return found

    def event(self, event: Event) -> Json:
        start, end, whole = exact_dates(event.date)
        data: Json = {"name": event.title, "description": self.plain(event.summary),
                      "startDate": start, "endDate": end,
                      "eventStatus": EVENT_STATUSES.get(event.status)}
        notes = [] if whole else [f"Date: {event.date.display()}"]
        if event.status in ("reported", "alleged"):
            notes.append(f"Status: {event.status}")
        data["disambiguatingDescription"] = "; ".join(notes)
        if place := self.site.resolve(event.place):
            data["location"] = self.place_ref(place)
        data["attendee"] = self.agent_refs(part.actor for part in event.participants)
        data["subjectOf"] = [self.source_ref(s) for s in self._sources(event.sources)]
        return data

    def claim(self, record_id: RecordId, claim: Claim) -> Json:
        start, _, whole = exact_dates(claim.date)
        sources = self._sources(claim.sources)
        data: Json = {"name": self.site.name(record_id), "text": self.plain(claim.text),
                      "datePublished": start,
                      "disambiguatingDescription": "" if whole
                      else f"Date: {claim.date.display()}"}
        speaker = self.site.resolve(claim.speaker)
        if speaker:
            data["author"] = self.agent_ref(speaker)
        behalf = self.site.resolve(claim.on_behalf_of)
        if behalf and behalf != speaker:
            data["sourceOrganization"] = self._organization(behalf)
        data["about"] = self.refs(claim.about)
        data["appearance"] = [self.source_ref(s) for s in sources]
        if sources:
            first = min(sources, key=lambda s: self.site.typed(s, Source).date.sort_key())
            data["firstAppearance"] = self.source_ref(first)
        return data

    def source(self, source: Source) -> Json:
        start, _, whole = exact_dates(source.date)
        data: Json = {"name": source.title, "headline": source.title, "datePublished": start,
                      "disambiguatingDescription": "" if whole
                      else f"Date: {source.date.display()}",
                      "url": source.url, "archivedAt": source.archive_url,
                      "inLanguage": source.language}
        if publisher := self.site.resolve(source.publisher):
            data["publisher"] = self.agent_ref(publisher)
        if source.author:
            data["author"] = self._author(source.author)
        return data

    def _author(self, name: str) -> Json:
        """A by-line: the actor of that name when there is one, else a person."""
        actor = self.site.actor_named(name)
        made = self.agent_ref(actor) if actor else None
        return made if made is not None else {"@type": "Person", "name": name}

    def place(self, record_id: RecordId, place: Place) -> Json:
        data: Json = {"name": place.name, "alternateName": list(place.aliases),
                      "description": self.plain(place.summary)}
        if place.coordinates:
            data["geo"] = geo(place.coordinates)
            lat, lon = place.coordinates
            data["hasMap"] = (f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
                              f"#map=10/{lat:.5f}/{lon:.5f}")
        if country := self.site.resolve(place.country):
            data["containedInPlace"] = self.ref(country)
        data["event"] = [self.ref(e) for e in self.site.events_at.get(record_id, [])]
        return data

    def story(self, story: Story) -> Json:
        start, _, _ = exact_dates(story.date) if story.date else (None, None, True)
        return {"name": story.title, "headline": story.title,
                "description": self.plain(story.summary), "datePublished": start}

    def _sources(self, refs: Iterable[Ref]) -> list[RecordId]:
        return list(dict.fromkeys(rid for ref in refs if (rid := self.site.resolve(ref))))


def geo(coordinates: tuple[float, float]) -> Json:
    lat, lon = coordinates
    return {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}


def jsonld_script(data: Json) -> str:
    """A ``<script type="application/ld+json">`` element that content cannot break out of.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``…), so no
    text in the data can close the element or start a comment; the JSON means
    the same.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return f'<script type="application/ld+json">{text}</script>'


def head_html(settings: Settings, path: str, data: Json | None, *,
              feed: bool = True) -> str:
    """What goes before ``</head>`` of the page generated from ``path``."""
    links = links_of(settings)
    parts = []
    if feed:
        title = f"{settings.site_name}: events" if settings.site_name else "Events"
        parts.append(f'<link rel="alternate" type="application/atom+xml" '
                     f'title="{escape(title)}" href="{escape(links.href(FEED_PATH, path))}">')
    if data:
        parts.append(jsonld_script(data))
    return "\n".join(parts)


_HEAD_END = re.compile("</head>", re.IGNORECASE)


def insert_head(html: str, snippet: str) -> str:
    """``snippet`` inserted before the first ``</head>`` (in any case); the page as is
    without one."""
    # The search stops at the first match, in the head: no lower-cased copy of the
    # whole page.
    end = _HEAD_END.search(html)
    if not snippet or end is None:
        return html
    return f"{html[:end.start()]}{snippet}\n{html[end.start():]}"


# ------------------------------------------------------------------ Atom feed


def _xml(text: str, quote: bool = False) -> str:
    """Text for XML 1.0: escaped, without the characters XML cannot hold."""
    text = _NOT_XML.sub("", text)
    return escape(text, quote=quote)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_timestamp(edtf: Edtf) -> str | None:
    """The latest (or else earliest) possible day at 00:00 UTC, as RFC 3339 (the feed
    gives no entry a later time than ``as_of``: see :func:`atom_feed`)."""
    day = edtf.latest or edtf.earliest
    if day is None or not 1 <= day[0] <= 9999:
        return None
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}T00:00:00Z"


def _tag_uri(path: str) -> str:
    return _TAG_PREFIX + path


def atom_feed(site: Site, links: Links, summaries: Mapping[RecordId, str] | None = None) -> str:
    """An Atom feed (RFC 4287) of the events, newest first.

    ``summaries`` has the events' summaries as plain text, when already worked out.
    """
    settings = site.settings
    dated: list[tuple[str, int, RecordId]] = []
    for index, rid in enumerate(site.timeline):
        stamp = feed_timestamp(site.typed(rid, Event).date)
        if stamp is not None:
            dated.append((stamp, index, rid))
    dated.sort(reverse=True)
    year, month, day = site.as_of
    # Nothing is updated after the day the story is told from: an expected event's
    # last possible day may be weeks later, but the entry was written by then.
    as_of = f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
    updated = min(dated[0][0], as_of) if dated else as_of
    name = settings.site_name or "Events"
    title = f"{settings.site_name}: events" if settings.site_name else "Events"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{_xml(links.absolute(FEED_PATH) or _tag_uri(FEED_PATH))}</id>",
        f"  <title>{_xml(title)}</title>",
    ]
    if settings.site_description:
        lines.append(f"  <subtitle>{_xml(settings.site_description)}</subtitle>")
    lines += [
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" '
        f'href="{_xml(links.href(FEED_PATH, FEED_PATH), True)}"/>',
        f'  <link rel="alternate" type="text/html" '
        f'href="{_xml(links.href("timeline/index.md", FEED_PATH), True)}"/>',
        f"  <author><name>{_xml(name)}</name></author>",
        "  <generator>explainer</generator>",
    ]
    known = summaries or {}
    for stamp, _, rid in dated:
        lines += _atom_entry(site, links, rid, min(stamp, as_of), known.get(rid))
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _atom_entry(site: Site, links: Links, rid: RecordId, stamp: str,
                summary_text: str | None) -> list[str]:
    event = site.typed(rid, Event)
    path = page_path(site, rid)
    href = links.href(path, FEED_PATH)
    summary = describe_event_plainly(site, event, summary_text)
    lines = [
        "  <entry>",
        f"    <id>{_xml(links.absolute(path) or _tag_uri(f'events/{rid}'))}</id>",
        f"    <title>{_xml(event.title)}</title>",
        f"    <updated>{stamp}</updated>",
        f'    <link rel="alternate" type="text/html" href="{_xml(href, True)}"/>',
        f'    <summary type="text">{_xml(summary)}</summary>',
    ]
    lines += [f'    <category term="{_xml(tag, True)}"/>' for tag in event.tags]
    lines.append("  </entry>")
    return lines


def describe_event_plainly(site: Site, event: Event, summary_text: str | None = None) -> str:
    """The event's date as shown, its status unless confirmed, and its summary.

    ``summary_text``: the summary as plain text, when already worked out.
    """
    lead = event.date.display()
    if event.status != "confirmed":
        lead = f"{event.status.capitalize()}: {lead}"
    return f"{lead}. {_summary_text(site, event, summary_text)}"


def _summary_text(site: Site, event: Event, known: str | None) -> str:
    return plain(site, event.summary) if known is None else known


# ------------------------------------------------------------------ iCalendar


def ical_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    text = re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n"))
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> Iterator[str]:
    """A content line folded into pieces of at most 75 octets (RFC 5545, 3.1).

    Continuations start with a space, which counts; UTF-8 characters are never split.
    """
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        yield line  # most lines: nothing to fold
        return
    limit, piece, size = 75, "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            yield piece
            piece, size, limit = " ", 1, 75
        piece += char
        size += width
    yield piece


def _ical_date(day: DayKey) -> str:
    return f"{day[0]:04d}{day[1]:02d}{day[2]:02d}"


def _next_day(day: DayKey) -> DayKey | None:
    try:
        after = date(*day) + timedelta(days=1)
    except (ValueError, OverflowError):
        return None
    return (after.year, after.month, after.day)


def icalendar(site: Site, links: Links, summaries: Mapping[RecordId, str] | None = None) -> str:
    """The expected events as an iCalendar file (RFC 5545), one all-day VEVENT each.

    An event spans every day its date may fall on: ``2023-09?`` runs from
    1 September to 30 September (DTEND is exclusive); the description says how
    the date is known. iCalendar has no open-ended event, so an interval with an
    open or unknown end (``2023-10/..``) spans the days it may *begin* on, and
    one with an open start (``../2023-10-15``) the days it may *end* on; the
    description says so. With nothing expected the calendar has no event.
    UIDs hold the site's host and path: the main site and each preview differ.
    ``summaries`` is as for :func:`atom_feed`.
    """
    settings = site.settings
    name = settings.site_name or "Events"
    stamp = f"{_ical_date(site.as_of)}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//explainer//explainer//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ical_text(name + ': expected events')}"]
    known = summaries or {}
    for rid in site.timeline:
        event = site.typed(rid, Event)
        if event.status != "expected":
            continue
        first, last = calendar_span(event.date)
        if first is None or not 1 <= first[0] <= 9999:
            continue
        lines += ["BEGIN:VEVENT", f"UID:{calendar_uid(links, rid)}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{_ical_date(first)}"]
        end = _next_day(last) if last is not None else None
        if end is not None and end[0] <= 9999:
            lines.append(f"DTEND;VALUE=DATE:{_ical_date(end)}")
        lines += [f"SUMMARY:{ical_text(event.title)}",
                  f"DESCRIPTION:{ical_text(_ical_description(site, event, known.get(rid)))}"]
        lines += _ical_place(site, event)
        if url := links.absolute(page_path(site, rid)):
            lines.append(f"URL:{url}")
        if event.tags:
            lines.append("CATEGORIES:" + ",".join(ical_text(t) for t in event.tags))
        lines += ["STATUS:TENTATIVE", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(piece_line for line in lines for piece_line in _crlf(line))


def calendar_uid(links: Links, record_id: str) -> str:
    """``id@host/path``: unique per site URL, so that a pull-request preview's calendar
    never updates the main site's events in a subscriber's calendar app."""
    if not links.base:
        return f"{record_id}@{PLACEHOLDER_HOST}"
    parts = urllib.parse.urlsplit(links.base)
    return f"{record_id}@{parts.hostname}{parts.path.rstrip('/')}"


def calendar_span(edtf: Edtf) -> tuple[DayKey | None, DayKey | None]:
    """The first and last day a calendar shows for a date (see :func:`icalendar`)."""
    if edtf.is_interval and (edtf.latest is None or edtf.earliest is None):
        start, end = edtf.text.split("/", 1)
        known = start if edtf.latest is None else end
        if known in ("", ".."):
            return None, None
        part = parse_edtf(known)
        return part.earliest, part.latest
    return edtf.earliest, edtf.latest


def _open_ended(edtf: Edtf) -> str:
    """What the description says of an interval a calendar cannot show whole."""
    if not edtf.is_interval:
        return ""
    if edtf.latest is None:
        return (" No end date is known (open-ended): the calendar shows the days it may "
                "begin on.")
    if edtf.earliest is None:
        return (" No start date is known: the calendar shows the days it may end on.")
    return ""


def _crlf(line: str) -> Iterator[str]:
    for piece in fold(line):
        yield piece + "\r\n"


def _ical_description(site: Site, event: Event, summary_text: str | None) -> str:
    return (f"Date as known: {event.date.display()} ({event.date.text})."
            f"{_open_ended(event.date)} "
            f"Expected as of {format_day(site.as_of)}; not confirmed to have happened."
            f"\n\n{_summary_text(site, event, summary_text)}")


def _ical_place(site: Site, event: Event) -> list[str]:
    place_id = site.resolve(event.place)
    if place_id is None:
        return []
    place = site.typed(place_id, Place)
    where = [place.name]
    if country := site.resolve(place.country):
        where.append(site.name(country))
    lines = [f"LOCATION:{ical_text(', '.join(where))}"]
    if place.coordinates:
        lat, lon = place.coordinates
        lines.append(f"GEO:{lat:.6f};{lon:.6f}")
    return lines


# -------------------------------------------------------------- redirect pages


def redirect_path(site: Site, old: str, new: str) -> str:
    """Where a former id's page was: ``actors/old/index.html`` (or ``actors/old.html``)."""
    folder = FOLDER_OF[site.model(new).kind]
    if site.settings.directory_urls:
        return f"{folder}/{old}/index.html"
    return f"{folder}/{old}.html"


def redirect_page(site: Site, links: Links, path: str, new: RecordId) -> str:
    """A tiny HTML page that sends the reader on to the record's page under its new id."""
    target = page_path(site, new)
    relative = relative_url(links.url(path), links.url(target))
    name = escape(site.name(new))
    href = escape(relative)
    canonical = links.absolute(target)
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>Moved: {name}</title>",
        '<meta name="robots" content="noindex">',
        '<link rel="icon" href="data:,">',  # no favicon request on the way through
        *([f'<link rel="canonical" href="{escape(canonical)}">'] if canonical else []),
        f'<meta http-equiv="refresh" content="0; url={href}">',
        "</head>",
        "<body>",
        f'<p>This page has moved to <a href="{href}">{name}</a>.</p>',
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"
