"""Stage 4, render: Jinja2 templates turn the linked site into Markdown pages.

Templates get content only as data. Every value a template prints is escaped
as Markdown text unless it is :class:`Md` (Markdown the renderer produced
itself), the same idea as HTML autoescaping.

One style per kind of output: a page's structure is its template; a line that
many pages print (a claim, an event, a citation), a panel or a drawing's text is
Python returning :class:`Md`, put together only with ``Md.format``,
``Md.join`` and ``+``, which escape every plain string as the templates do.
A trusted value that is not text (a URL, a slug) is marked ``Md(value)`` where
it is used. ``tests/test_house_rules.py`` fails on ``Md(...)`` around an
f-string or any other string put together in place, so escaping cannot be
forgotten.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
import posixpath
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MethodType
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
import jinja2.runtime
from markupsafe import Markup, escape

from ..core import chronology
from ..core.dates import MONTH_NAMES, Edtf, format_day
from ..core.link import Appearance, RelationLink, Site
from ..core.markup import (
    MentionMatch,
    escape_text,
    find_mentions,
    neutralise_html,
    replace_mentions,
)
from ..core.models import Actor, Claim, Event, Place, Record, RecordId, Source, Story
from ..core.paths import Links, page_path, relative_path, tag_path
from ..core.plaintext import plain_text
from ..core.titles import is_cut, without_full_stop
from ..core.validate import GlossaryTerm
from ..core.vocabulary import (
    ACTOR_KIND_PLURALS,
    FOLDER_OF,
    FOLDERS,
    LISTINGS,
    STANCE_VERBS,
    RecordKind,
    RelationType,
)
from ..outputs.export import (
    DATA_DIR,
    DATA_PAGE,
    RecordFragment,
    data_page_context,
    open_data,
)
from ..outputs.graph import Graph, ego_graph, full_graph, most_connected
from ..outputs.network import Edge, Node, draw
from ..outputs.output import HubPage, Rendered
from . import claimgroups, paging, panels, views, wording
from .parts import LaneMode, Md
from .policy import Plain, Policy

T = TypeVar("T")

STYLESHEET = "assets/explainer.css"
SCRIPT = "assets/explainer.js"
_UNDATED = (-(10**19), 0, 0)
_DAY_TEXT = re.compile(r"^-?\d{4,}-\d\d-\d\d$")


def _finalize(value: object) -> Markup:
    """Escape whatever a template prints, unless the renderer marked it as Markdown.

    Autoescaping is on so that macro output (Markup) is not escaped twice.
    """
    # Every printed value comes here: Md and str first, wrapped without Markup's
    # own constructor (which only looks for an __html__ that they do not have).
    if type(value) is Md:
        return _as_markup(value)
    if type(value) is str:
        return _as_markup(escape_text(value))
    if value is None:
        return Markup("")
    if isinstance(value, (Md, Markup)):
        return Markup(value)
    return Markup(escape_text(str(value)))


_as_markup: Callable[[str], Markup] = functools.partial(str.__new__, Markup)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- page context


@dataclass(slots=True)
class FolderMemos:
    """Links to records and citations as they read from the pages of one folder,
    or of folders from which every record's page is reached alike (see
    :func:`link_memo_key`).

    A plain build shares them among those pages. The live preview gives each
    page its own, because it notes what each page reads from the site (see
    ``pages.policy``).
    """

    urls: dict[str, str] = field(default_factory=dict)  # record id → its page
    links: dict[str, Md] = field(default_factory=dict)  # record id → a link with its name
    citations: dict[str, Md] = field(default_factory=dict)  # source id → its footnote text
    footnotes: dict[str, Md] = field(default_factory=dict)  # source id → its footnote line


_RECORD_FOLDERS: frozenset[str] = frozenset(FOLDER_OF.values())


def link_memo_key(folder: str) -> tuple[str, str | int]:
    """Which pages may share their links to records and their citations.

    Those of one folder, and those of folders as deep as each other outside the
    records' folders (``tags/a/`` and ``tags/b/``): every record's page is in a
    records' folder or is the home page, so the way from such a folder to it is
    only ``../`` once a level, then its path.
    """
    if folder.split("/", 1)[0] in _RECORD_FOLDERS:
        return ("links", folder)
    return ("links at depth", folder.count("/") + 1 if folder else 0)


class Page:
    """What a template uses to print links, dates and citations on one page."""

    def __init__(self, site: Site, path: str, memos: FolderMemos | None = None,
                 ways: dict[str, str] | None = None) -> None:
        self.site = site
        self.path = path
        self.cited: dict[str, None] = {}
        self._folder = posixpath.dirname(path)
        self._memo = memos or FolderMemos()
        self._ways = {} if ways is None else ways  # a folder (with '/') → the way there
        self._relation_names: Mapping[str, RelationType] | None = None
        self._html_links: Links | None = None
        self._html_folder = ""

    # links
    def href(self, target_path: str) -> str:
        # The way to a folder is the same for every file in it.
        head = target_path[: target_path.rfind("/") + 1]
        prefix = self._ways.get(head)
        if prefix is None:
            prefix = self._ways[head] = relative_path(head, self._folder)
        return prefix + target_path[len(head):]

    def url(self, record_id: str) -> str:
        url = self._memo.urls.get(record_id)
        if url is None:
            url = self._memo.urls[record_id] = self.href(page_path(self.site, record_id))
        return url

    def link(self, record_id: str, label: str | None = None) -> Md:
        if label is not None:
            return Md("[{}]({})").format(label, Md(self.url(record_id)))
        link = self._memo.links.get(record_id)
        if link is None:
            link = self._memo.links[record_id] = Md("[{}]({})").format(
                self.site.name(record_id), Md(self.url(record_id)))
        return link

    def links(self, record_ids: Iterable[str]) -> Md:
        return Md(", ").join(self.link(i) for i in record_ids)

    def tag(self, tag: str) -> Md:
        return Md("[#{}]({})").format(tag, Md(self.href(tag_path(tag))))

    # prose
    def md(self, text: str | None) -> Md:
        """Editor's Markdown: mentions become links, raw HTML shows as text."""
        if not text:
            return Md("")
        if not self.site.settings.allow_html:
            text = neutralise_html(text)
        return Md(replace_mentions(text, self._mention_link))

    def story_body(self, story_id: str) -> Md:
        """A story's text, with the panels it places (see ``panels``)."""
        story = self.site.typed(story_id, Story)
        return panels.story_with_panels(self, story, self.site.entry(story_id).raw.body,
                                        self.md)

    def panel(self, name: str) -> Md:
        """One of the home page's panels (see ``panels``)."""
        return panels.panel(self, name)

    def inline(self, text: str | None) -> Md:
        """Inline Markdown on one line (a summary inside a list item)."""
        return self.md(text).squeezed()

    def _mention_link(self, mention: MentionMatch) -> str:
        if mention.target not in self.site.entries:
            return mention_link(mention, None, str)
        return mention_link(mention, lambda: self.site.name(mention.target),
                            lambda: self.url(mention.target))

    # dates
    def date(self, date: Edtf | None) -> str:
        return date.display() if date else ""

    def on(self, date: Edtf | None) -> str:
        """A date with its preposition: on 4 September 2023, in July 2023, since 2011."""
        if date is None:
            return ""
        shown = date.display()
        if shown.startswith(("since ", "until ", "from ")):
            return shown
        if date.is_interval and " – " in shown:
            return "from " + shown.replace(" – ", " to ")
        if shown.endswith("0s"):  # a decade: 201X
            return "in the " + shown
        if shown.startswith("c. "):
            return "around " + shown[3:]
        first = date.text.split("/")[0].rstrip("?~%")
        return ("on " if _DAY_TEXT.match(first) or "T" in first else "in ") + shown

    def as_of(self) -> str:
        return format_day(self.site.as_of)

    # people at a date
    def titles(self, actor_id: str, date: Edtf | None) -> Md:
        """``Minister of Defence (Russia)``: the titles held on that date."""
        return self._titles(self.site.positions_at(actor_id, date))

    def current_titles(self, actor_id: str) -> Md:
        return self._titles(self.site.positions_on(actor_id, self.site.as_of))

    def _titles(self, positions: Sequence[Any]) -> Md:
        return Md.escape(wording.titles_text(self.site, positions))

    def listed_titles(self, actor_id: str) -> Md:
        """The current titles for a listing line, unless its summary already gives them."""
        positions = self.site.positions_on(actor_id, self.site.as_of)
        if wording.summary_states_titles(self.site, actor_id, positions):
            return Md("")
        return self._titles(positions)

    def name_in_text(self, actor_id: str) -> str:
        """An actor's name inside a sentence, as plain text ("the White House")."""
        return wording.running_name(self.site, actor_id)

    def link_in_text(self, actor_id: str, first: bool = False) -> Md:
        """A link to an actor inside a sentence: "the White House" ("The…" ``first``)."""
        name = wording.running_name(self.site, actor_id)
        if first:
            name = _upper_first(name)
        return self.link(actor_id) if name == self.site.name(actor_id) \
            else self.link(actor_id, name)

    def claim_byline(self, claim_id: str) -> Md:
        """Who said the claim, in what capacity, and when: the claim page's first line."""
        c = self.site.typed(claim_id, Claim)
        titles = self.titles(c.speaker, c.date)
        speaker = self.link_in_text(c.speaker, first=True)
        lead = Md("{}, {}").format(speaker, titles) if titles else speaker
        who = Md("{},").format(lead) if titles else lead
        behalf = self.site.resolve(c.on_behalf_of)
        if behalf and behalf != str(c.speaker) and not wording.speaks_for_own_body(self.site, c):
            who = Md("{}, speaking for {},").format(lead, self.link_in_text(behalf))
        parent = self.site.resolve(c.responds_to)
        if parent:
            verb = Md("{} {}").format(self.stance(c.stance), self.link(parent, "an earlier claim"))
        else:
            verb = Md("said this")
        return Md("{} {} {}:").format(who, verb, self.on(c.date))

    def who(self, actor_id: str, date: Edtf | None) -> Md:
        """An actor's linked name with the title held on the date."""
        titles = self.titles(actor_id, date)
        return Md("{}, {}").format(self.link(actor_id), titles) if titles \
            else self.link(actor_id)

    def participant_line(self, actor_id: str, role: str | None, date: Edtf | None) -> Md:
        """``name, title: role``; a role the title already says is not said again."""
        who = self.who(actor_id, date)
        titles = wording.titles_text(self.site, self.site.positions_at(actor_id, date))
        if not role or role.casefold() in titles.casefold():
            return who
        return Md("{}: {}").format(who, role)

    def subject(self, actor_id: str, date: Edtf | None) -> Md:
        """``who`` as the subject of a sentence: the title appositive closed by a comma."""
        titles = self.titles(actor_id, date)
        name = self.link_in_text(actor_id)  # after "On 4 September 2023, "
        return Md("{}, {},").format(name, titles) if titles else name

    # list items: one call each instead of a macro of many template calls
    def claim_line(self, claim_id: str, page_of: str | None = None,
                   outcome: bool = False) -> Md:
        """``date, speaker: claim``, with its status and citations: the whole claim.

        The speaker is left out on the speaker's own page (``page_of``); with
        ``outcome``, the line says which later claims answered it.
        """
        claim = self.site.typed(claim_id, Claim)
        speaker = Md("") if claim.speaker == page_of else Md(", {}").format(
            self.link(claim.speaker))
        after = self.claim_outcome(claim_id) if outcome else Md("")
        return Md("{}{}: {}{}{}{}").format(
            self.date(claim.date), speaker, self.whole_claim(claim_id),
            self.badge(self.claim_status(claim_id)), after, self.cite(claim.sources))

    def whole_claim(self, claim_id: str) -> Md:
        """A link to a claim that shows all of it: its headline and text, or its text."""
        claim = self.site.typed(claim_id, Claim)
        if claim.headline:
            return Md("{}: {}").format(self.link(claim_id), self.inline(claim.text))
        title = self.site.name(claim_id)
        text = plain_text(claim.text, lambda rid: self.site.name(rid)
                          if rid in self.site.entries else None)
        return self.link(claim_id) if not is_cut(title, text) \
            else self.link(claim_id, without_full_stop(" ".join(text.split())))

    def claim_outcome(self, claim_id: str) -> Md:
        """`` (repeated by X on 4 September 2023)``: the later claims that answered it."""
        parts = []
        for rid in claimgroups.responses(self.site, claim_id):
            answer = self.site.typed(rid, Claim)
            verb = self.stance(answer.stance)
            parts.append(Md("[{}]({}) by {} {}").format(
                verb, Md(self.url(rid)), self.link_in_text(answer.speaker), self.on(answer.date)))
        claim = self.site.typed(claim_id, Claim)
        parent = self.site.resolve(claim.responds_to)
        if parent is not None:
            asked = self.site.typed(parent, Claim)
            whose = wording.possessive(wording.running_name(self.site, asked.speaker))
            parts.append(Md("{} [{} claim of {}]({})").format(
                self.stance_present(claim.stance), whose, self.date(asked.date),
                Md(self.url(parent))))
        return Md(" ({})").format(Md("; ").join(parts)) if parts else Md("")

    def event_line(self, event_id: str) -> Md:
        """``date: event``, with its status and citations."""
        event = self.site.typed(event_id, Event)
        return Md("{}: {}{}{}").format(self.date(event.date), self.link(event_id),
                                       self.badge(event.status), self.cite(event.sources))

    def thread(self, claim_id: str, current: str | None, depth: int = 0) -> Md:
        """A claim and every response to it, nested, in time order: a line each."""
        claim = self.site.typed(claim_id, Claim)
        who = self.subject(claim.speaker, claim.date)
        verb = Md("**{}**").format(self.stance(claim.stance)) if depth else Md("said")
        if claim_id == current:
            text = Md("**{}** (this claim)").format(self.inline(claim.text))
        else:
            text = Md("{} ({})").format(self.inline(claim.text), self.link(claim_id, "claim"))
        line = Md("{}- {}, {} {}: {}{}{}\n").format(
            Md("    ") * depth, _upper_first(self.on(claim.date)), who, verb, text,
            self.badge(self.claim_status(claim_id)), self.cite(claim.sources))
        replies = [self.thread(r, current, depth + 1)
                   for r in self.site.responses.get(RecordId(claim_id), [])]
        return line + Md("").join(replies)

    def relation_line(self, rel: RelationLink) -> Md:
        """``leads other (date)``, with its status, note and citations."""
        relation = rel.relation
        names = self._relation_types()[relation.type]
        date = Md(" ({})").format(self.date(relation.date)) if relation.date else Md("")
        note = Md(" {}").format(self.inline(relation.note)) if relation.note else Md("")
        return Md("{} {}{}{}{}{}").format(
            names.inverse if rel.inverse else names.label, self.link_in_text(rel.other), date,
            self.badge(relation.status), note, self.cite(relation.sources))

    def appearance_line(self, actor_id: str, appearance: Appearance) -> Md:
        """``date: event (role, as title)``, with the event's status and citations.

        The title is given only when it is not the one the page's heading shows.
        """
        event = self.site.typed(appearance.event, Event)
        then = self.titles(actor_id, event.date)
        if then == self.current_titles(actor_id):
            then = Md("")
        parts = [Md.escape(appearance.role)] if appearance.role else []
        if then:
            parts.append(Md("as {}").format(then))
        part = Md(" ({})").format(Md(", ").join(parts)) if parts else Md("")
        return Md("{}: {}{}{}{}").format(self.date(event.date), self.link(appearance.event), part,
                                         self.badge(event.status), self.cite(event.sources))

    def timeline_entry(self, event_id: str) -> Md:
        """An event on the timeline: date, place, people, and attributes for the filter."""
        event = self.site.typed(event_id, Event)
        place = Md(", {}").format(self.link(event.place)) if event.place else Md("")
        status, cited = self.badge(event.status), self.cite(event.sources)
        people = Md("<br>{}").format(self.participant_names(event)) if event.participants \
            else Md("")
        return Md("- **{}** {}{}{}{}{}\n{}").format(
            self.date(event.date), self.link(event_id), place, status, cited, people,
            self.filter_attributes(event))

    def _relation_types(self) -> Mapping[str, RelationType]:
        if self._relation_names is None:  # settings merge their types on every look-up
            self._relation_names = self.site.settings.relation_types
        return self._relation_names

    # citations
    def cite(self, sources: Iterable[str]) -> Md:
        marks = []
        for source in sources:
            if source in self.site.entries:
                self.cited[source] = None
                marks.append(_footnote_mark(source))
        return Md("").join(marks)

    def footnotes(self) -> Md:
        return Md("\n").join([self._footnote(sid) for sid in self.cited])

    def _footnote(self, source_id: str) -> Md:
        line = self._memo.footnotes.get(source_id)
        if line is None:
            line = self._memo.footnotes[source_id] = Md("{}: {}").format(
                _footnote_mark(source_id), self.citation(source_id))
        return line

    def citation(self, source_id: str) -> Md:
        """``[Title](url), Publisher, date.``"""
        citation = self._memo.citations.get(source_id)
        if citation is None:
            source = self.site.typed(source_id, Source)
            publisher = self.site.resolve(source.publisher)
            by = Md(", {}").format(self.site.name(publisher)) if publisher else Md("")
            citation = self._memo.citations[source_id] = Md("{}{}, {}.").format(
                self.link(source_id), by, source.date.display())
        return citation

    # badges
    def badge(self, status: str | None, hide: Iterable[str] = ("confirmed", "open")) -> Md:
        """A status chip, with the space before it (nothing at all when hidden)."""
        if not status or status in hide:
            return Md("")
        return Md(' <span class="ex-badge ex-badge--{0}">{0}</span>').format(Md(status))

    def claim_status(self, claim_id: str) -> str:
        return self.site.claim_status(claim_id)

    # collections
    section_limit = paging.SECTION_LIMIT

    def first(self, items: Sequence[Any]) -> Sequence[Any]:
        """The first items of a record page's section (see ``more``)."""
        return items[: self.section_limit]

    def more(self, items: Sequence[Any]) -> Md:
        """Sections of a record page are bounded: say how many were left out."""
        left = len(items) - self.section_limit
        return Md("*… and {} more.*\n").format(left) if left > 0 else Md("")

    # sections shared by the record pages: each a heading and its lines, or nothing
    def tags(self, record: Record) -> Md:
        if not record.tags:
            return Md("")
        return Md("**Tags:** {}\n").format(Md(" ").join([self.tag(t) for t in record.tags]))

    def mentioned(self, record_id: str) -> Md:
        """The pages whose prose mentions the record."""
        ids = self.site.mentioned_in.get(RecordId(record_id))
        if not ids:
            return Md("")
        lines = Md("").join([Md("- {}\n").format(self.link(m)) for m in self.first(ids)])
        return Md("## Mentioned in\n\n{}{}\n\n").format(lines, self.more(ids))

    def claims_about(self, record_id: str, title: str) -> Md:
        ids = self.site.claims_about.get(RecordId(record_id))
        if not ids:
            return Md("")
        lines = Md("").join([Md("- {}\n").format(self.claim_line(c)) for c in self.first(ids)])
        return Md("## {}\n\n{}{}\n\n").format(title, lines, self.more(ids))

    def sources(self) -> Md:
        """The footnotes of every source cited so far: print it last."""
        notes = self.footnotes()
        return Md("## Sources\n\n{}\n").format(notes) if notes else Md("")

    def by_date(self, items: Iterable[Any]) -> list[Any]:
        """Items with an optional ``date``, earliest first; undated ones first."""
        return sorted(items, key=lambda item: item.date.sort_key() if item.date else _UNDATED)

    def threads(self, claim_ids: Iterable[str]) -> list[RecordId]:
        """The distinct thread roots of some claims, in time order."""
        roots = dict.fromkeys(self.site.thread_root(c) for c in claim_ids)
        return sorted(roots, key=lambda c: self.site.typed(c, Claim).date.sort_key())

    def ego(self, actor_id: RecordId, renderer: Renderer) -> Graph:
        return ego_graph(self.site, renderer.graph, actor_id, EGO_LIMIT)

    def related(self, event_id: str) -> list[RecordId]:
        """Events this one names as related, and those that name it."""
        event = self.site.typed(event_id, Event)
        own = [rid for ref in event.related
               if (rid := self.site.resolve(ref)) and rid != event_id]
        both = dict.fromkeys([*own, *self.site.related_from.get(RecordId(event_id), [])])
        return sorted(both, key=lambda e: self.site.typed(e, Event).date.sort_key())

    def group_by_kind(self, record_ids: Iterable[str]) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for folder, kind in FOLDERS.items():
            ids = [i for i in record_ids if self.site.model(i).kind == kind]
            if ids:
                groups[folder.capitalize()] = ids
        return groups

    # timeline
    def participant_names(self, event: Event) -> Md:
        ids = [rid for part in event.participants if (rid := self.site.resolve(part.actor))]
        return Md("With {}.").format(self.links(ids)) if ids else Md("")

    def filter_attributes(self, event: Event) -> Md:
        """attr_list data for the timeline filter; only slugs and fixed words go in."""
        # Ids, tags and statuses are slugs (the models check them), marked as they are.
        ids = dict.fromkeys(rid for part in event.participants
                            if (rid := self.site.resolve(part.actor)))
        actors = Md(" ").join(Md(rid) for rid in ids)
        tags = Md(" ").join(Md(tag) for tag in event.tags)
        return Md('{{: .ex-event data-actors="{}" data-tags="{}" data-status="{}" }}').format(
            actors, tags, Md(event.status))

    # networks
    def html_href(self, record_id: str) -> str:
        """A link for hand-written HTML: the page's final URL, relative to this page.

        What ``Links.relative`` gives, without ``posixpath.relpath``: the URLs of the
        site are clean, so ``relative_path`` from this page's folder does, except that
        a link to that very folder is ``./``.
        """
        return self.html_href_path(page_path(self.site, record_id))

    def html_href_path(self, target_path: str) -> str:
        """:meth:`html_href` for a page given by its path (``timeline/2023.md``)."""
        if self._html_links is None:
            self._html_links = Links(directory_urls=self.site.settings.directory_urls)
            here = self._html_links.url(self.path)
            folder = here if here.endswith("/") or not here else posixpath.dirname(here)
            self._html_folder = folder.rstrip("/")
        target = self._html_links.url(target_path)
        return relative_path(target, self._html_folder) or "./"

    def network(self, graph: Graph, *, title: str, description: str,
                center: RecordId | None = None) -> Md:
        """An inline SVG drawing of a graph with its legend, a block Markdown leaves alone."""
        nodes = [Node(a, self.site.name(a), self.html_href(a),
                      self.site.typed(a, Actor).actor_kind, max(1, graph.degree.get(a, 1)))
                 for a in graph.actors]
        edges = [Edge(ln.source, ln.target, ln.label, ln.kind, ln.weight,  # type: ignore[arg-type]
                      ln.status, ln.directed) for ln in graph.links]
        return Md(draw(nodes, edges, title=title, description=description, center=center))

    # drawings (generator/pages/views.py)
    def timeline_chart(self, event_ids: Iterable[str], *, lanes: LaneMode = "actor",
                       title: str, description: str, rows: int = 6) -> Md:
        return views.timeline_chart(self, event_ids, lanes=lanes, title=title,
                                    description=description, rows=rows)

    def locator_map(self, place_id: str, title: str) -> Md:
        return views.locator_map(self, place_id, title=title)

    def map_page(self) -> Md:
        return views.map_page(self)

    def story_map(self) -> Md:
        return views.story_map(self)

    # outside the site
    def ext_url(self, url: str) -> Md:
        """An external URL, safe inside a Markdown link."""
        return Md(urllib.parse.quote(url, safe=":/?#[]@!$&'*+,;=%~"))

    def coordinates(self, coords: tuple[float, float]) -> str:
        lat, lon = coords
        north, east = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
        return f"{abs(lat):.4f}° {north}, {abs(lon):.4f}° {east}"

    def map_url(self, coords: tuple[float, float]) -> str:
        lat, lon = coords
        return (f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
                f"#map=10/{lat:.5f}/{lon:.5f}")

    def stance(self, stance: str | None) -> Md:
        """``disputed``, ``repeated``: a response's stance as a verb (a word of the vocabulary)."""
        return Md(STANCE_VERBS.get(stance or "", "answered"))

    def stance_present(self, stance: str | None) -> str:
        """``disputes``, ``repeats``: a response's stance as a verb in the present."""
        return stance or "answers"


@functools.lru_cache(maxsize=1 << 16)
def _footnote_mark(source_id: str) -> Md:
    """``[^source-id]``: ids are slugs (letters, digits, '-'), marked as they are."""
    return Md("[^{}]").format(Md(source_id))


# --------------------------------------------------------------------- render


class _Context(jinja2.runtime.Context):
    """Calls a page's own methods straight away.

    They are most of the calls in a template, and none of them takes Jinja's
    context or environment, which ``Context.call`` looks for on every call.
    """

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is MethodType and type(__obj.__self__) is Page:
            # Jinja passes these to every call in a loop or block, for those that take a context.
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in a folder of the user's own in the
    system's temporary folder: a process then loads each template's code instead
    of compiling it (0.07 s for all of them, against 0.002 s).

    Jinja keys each entry by template and checks the template's source and
    Jinja's and Python's versions, so an entry never outlives its template. The
    cache only saves time: a folder that cannot be made or written is no cache.
    """

    def __init__(self) -> None:
        pattern = "__explainer_%s.cache"
        try:
            super().__init__(pattern=pattern)
        except (OSError, RuntimeError):  # no safe folder of our own
            self.directory, self.pattern = "", pattern

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.directory:
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            bucket.reset()  # a damaged entry: the template is compiled again

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.directory:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment, made once per process: compiling them is not cheap."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.pages", "templates"),
        bytecode_cache=_TemplateCache(),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package: no stat() per page
    )
    env.context_class = _Context
    env.filters["upper_first"] = _upper_first
    env.filters["texts"] = Md(", ").join
    env.globals.update(Md=Md, isinstance=isinstance, Actor=Actor, Event=Event,
                    Claim=Claim, Source=Source, Place=Place, Story=Story)
    return env


class Renderer:
    """Renders the site's pages, as the policy (``pages.policy``) says: by default
    each page once, and the pages of a folder sharing their links and citations."""

    def __init__(self, site: Site, policy: Policy | None = None) -> None:
        self.site = site
        self.policy: Policy = policy or Plain()
        self.env = environment()

    def render(self, template: str, path: str, **context: Any) -> str:
        return self.policy.page(template, path, context, self._render)

    def _render(self, template: str, path: str, context: dict[str, Any]) -> str:
        folder = posixpath.dirname(path)
        memos = self.policy.shared(link_memo_key(folder), FolderMemos)
        page = Page(self.site, path, memos, self.policy.shared(("ways", folder), dict))
        body = self.env.get_template(template).render(p=page, site=self.site, renderer=self,
                                                      **context)
        return _tidy(body) + glossary_footer(self.site.glossary, body)

    @cached_property
    def graph(self) -> Graph:
        return full_graph(self.site)

    @cached_property
    def sorted_entries(self) -> dict[RecordKind, list[RecordId]]:
        grouped: dict[RecordKind, list[RecordId]] = defaultdict(list)
        for entry in self.site.entries.values():
            grouped[entry.model.kind].append(entry.id)
        return grouped


def render_hubs(site: Site, renderer: Renderer, with_overview: bool) -> Rendered:
    """The pages that need no record's output: the home page (unless a story is the
    home page), the listings, the timeline, the network, the tags and the glossary."""
    out = Rendered()
    if with_overview:
        out.files["index.md"] = renderer.render("overview.md.j2", "index.md", **overview(site))
    out.hubs.append(HubPage("Home", "index.md"))
    for folder, kind in FOLDERS.items():
        ids = [i for i in renderer.sorted_entries.get(kind, [])
               if page_path(site, i) != "index.md"]
        if kind != "story" or ids:
            _render_listing(site, renderer, out, folder, kind, ids)
    _render_timeline(site, renderer, out)
    _render_network(site, renderer, out)
    out.files["map/index.md"] = renderer.render("map.md.j2", "map/index.md")
    out.hubs.insert(3, HubPage("Map", "map/index.md"))
    _render_tags(site, renderer, out)
    if site.glossary:
        out.files["glossary.md"] = renderer.render("glossary.md.j2", "glossary.md")
        out.hubs.append(HubPage("Glossary", "glossary.md"))
    return out


#: Search ranking: a search for a name should find the page about it first. Material
#: reads ``search.boost`` from front matter; other engines ignore it.
SEARCH_BOOST: dict[RecordKind, int] = {"actor": 4, "place": 3}


def front_matter(kind: RecordKind) -> str:
    boost = SEARCH_BOOST.get(kind)
    return f"---\nsearch:\n  boost: {boost}\n---\n\n" if boost else ""


def render_data(site: Site, renderer: Renderer | None = None,
                fragment: Callable[[RecordId], RecordFragment] | None = None) -> dict[str, str]:
    """The open data files (``export``) and the page about them, keyed by site path."""
    renderer = renderer or Renderer(site)
    files = {f"{DATA_DIR}/{name}": text for name, text in open_data(site, fragment).items()}
    files[DATA_PAGE] = renderer.render("data.md.j2", DATA_PAGE, **data_page_context(site))
    return files


def overview(site: Site, size: int = 6) -> dict[str, Any]:
    """The home page's parts when no story is the home page."""
    def degree(actor_id: RecordId) -> int:
        return (len(site.relations.get(actor_id, [])) + len(site.appearances.get(actor_id, []))
                + len(site.claims_by.get(actor_id, [])) + len(site.claims_about.get(actor_id, [])))
    actors = [e.id for e in site.entries.values() if isinstance(e.model, Actor)]
    key_actors = sorted(actors, key=lambda a: (-degree(a), site.name(a).casefold()))[:size]
    events = [(i, site.typed(i, Event)) for i in site.timeline]
    latest = [i for i, e in events if e.status != "expected"][-size:][::-1]
    expected = [i for i, e in events if e.status == "expected"]
    disputed = [e.id for e in site.entries.values()
                if isinstance(e.model, Claim) and site.claim_status(e.id) == "disputed"]
    stories = _groups(site, "story", [e.id for e in site.entries.values()
                                      if isinstance(e.model, Story)]).get("", [])
    return {"title": site.settings.site_name or "Overview", "key_actors": key_actors,
            "latest": latest, "expected": expected, "disputed": disputed, "stories": stories}


def _render_listing(site: Site, renderer: Renderer, out: Rendered, folder: str,
                    kind: RecordKind, ids: list[RecordId]) -> None:
    """One listing page, or past the limit a hub and bounded pages per group."""
    hub = f"{folder}/index.md"
    title, intro = LISTINGS[kind]
    out.hubs.append(HubPage(title, hub))
    groups = _groups(site, kind, ids)
    if len(ids) <= paging.LIMIT:
        out.files[hub] = renderer.render("listing.md.j2", hub, title=title, intro=intro,
                                         groups=groups, pager=None)
        return
    taken: set[str] = set()
    parts: dict[str, list[paging.Chunk[RecordId]]] = {}
    for label, members in groups.items():
        chunks = paging.paginate(f"{folder}/list/{paging.slug(label, taken)}", members, hub)
        parts[label or title] = chunks
        for chunk in chunks:
            out.files[chunk.path] = renderer.render(
                "listing.md.j2", chunk.path, title=f"{title}: {label}" if label else title,
                intro=intro, groups={label: chunk.items}, pager=chunk.pager)
            out.record_pages.add(chunk.path)
    out.files[hub] = renderer.render("listing_hub.md.j2", hub, title=title, intro=intro,
                                     parts=parts, total=len(ids),
                                     counts={k: len(v) for k, v in groups.items()})


def _render_timeline(site: Site, renderer: Renderer, out: Rendered) -> None:
    """The timeline: one page, or past the limit a page per year (and numbered pages)."""
    hub = "timeline/index.md"
    out.hubs.insert(1, HubPage("Timeline", hub))
    events = [(rid, site.typed(rid, Event)) for rid in site.timeline]
    expected = [rid for rid, event in events if event.status == "expected"]
    past = [rid for rid, event in events if event.status != "expected"]
    if len(events) <= paging.LIMIT:
        out.files[hub] = _timeline_page(site, renderer, hub, past, expected, None)
        return
    by_year: dict[str, list[RecordId]] = {}
    for rid in past:
        by_year.setdefault(_year_label(site.typed(rid, Event).date), []).append(rid)
    if expected:
        by_year["Expected"] = expected
    taken: set[str] = set()
    parts: dict[str, list[paging.Chunk[RecordId]]] = {}
    for label, members in by_year.items():
        chunks = paging.paginate(f"timeline/{paging.slug(label, taken)}", members, hub)
        parts[label] = chunks
        for chunk in chunks:
            now = chunk.items if label == "Expected" else []
            then = [] if label == "Expected" else chunk.items
            out.files[chunk.path] = _timeline_page(site, renderer, chunk.path, then, now,
                                                   chunk.pager, f"Timeline: {label}")
            out.record_pages.add(chunk.path)
    intro = ("Every event in time order, one page per year. Dates are shown as precisely "
             "as they are known.")
    out.files[hub] = renderer.render("listing_hub.md.j2", hub, title="Timeline", intro=intro,
                                     parts=parts, total=len(events),
                                     counts={k: len(v) for k, v in by_year.items()},
                                     chart_ids=[rid for rid, _ in events])


def _timeline_page(site: Site, renderer: Renderer, path: str, past: list[RecordId],
                   expected: list[RecordId], pager: paging.Pager | None,
                   title: str = "Timeline") -> str:
    grouped: dict[str, dict[str, list[RecordId]]] = {}
    for rid in past:
        date = site.typed(rid, Event).date
        grouped.setdefault(_year_label(date), {}).setdefault(_month_label(date), []).append(rid)
    return renderer.render("timeline.md.j2", path, past=grouped, expected=expected,
                           pager=pager, title=title, chronology_rule=chronology.RULE,
                           chart_ids=past + expected,
                           filter_form=Md(filter_form(site, past + expected)))


NETWORK_LIMIT = 120
#: An ego drawing shows the closest neighbours, few enough for one ring of legible labels;
#: the actor page lists every link in words.
EGO_LIMIT = 12


def _render_network(site: Site, renderer: Renderer, out: Rendered) -> None:
    path = "network/index.md"
    shown = most_connected(site, renderer.graph, NETWORK_LIMIT)
    out.files[path] = renderer.render("network.md.j2", path, graph=shown)
    out.hubs.insert(2, HubPage("Network", path))


def _month_label(date: Edtf) -> str:
    """"July 2023" when the date lies within one month; "" (the year's head) otherwise."""
    first, last = date.earliest, date.latest
    if first is None or last is None or first[:2] != last[:2]:
        return ""
    return f"{MONTH_NAMES[first[1]]} {_year_label(date)}"


def filter_form(site: Site, event_ids: list[RecordId]) -> str:
    """The timeline filter, hidden until the script shows it (the page works without it)."""
    events = [site.typed(rid, Event) for rid in event_ids]
    actors = sorted({actor for event in events for part in event.participants
                     if (actor := site.resolve(part.actor))},
                    key=lambda i: (site.name(i).casefold(), i))
    tags = sorted({t for event in events for t in event.tags})
    statuses = sorted({event.status for event in events})

    def select(name: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
        return (f'<label>{label} <select name="{name}"><option value="">{everything}</option>'
                f"{items}</select></label>")
    return ('<form class="ex-filter" data-ex-filter hidden aria-label="Filter the timeline">'
            + select("actor", "Actor", "All actors", [(a, site.name(a)) for a in actors])
            + select("tag", "Tag", "All tags", [(t, t) for t in tags])
            + select("status", "Status", "All statuses", [(s, s) for s in statuses])
            + '<button type="reset" class="md-button">Show all</button>'
            + '<output class="ex-filter__count" aria-live="polite"></output></form>')


def _render_tags(site: Site, renderer: Renderer, out: Rendered) -> None:
    if not site.tagged:
        return
    tags = sorted(site.tagged)
    out.files["tags/index.md"] = renderer.render("tags.md.j2", "tags/index.md", tags=tags)
    out.hubs.append(HubPage("Tags", "tags/index.md"))
    for tag in tags:
        stem = tag_path(tag)[:-3]
        for chunk in paging.paginate(stem, tagged_in_order(site, site.tagged[tag]),
                                     "tags/index.md"):
            # Later pages of a tag go in the tag's own folder: tags/war/2.md, not tags/war-2.md,
            # which could be another tag's page.
            path = chunk.path if chunk.pager.number == 1 else f"{stem}/{chunk.pager.number}.md"
            groups = _group_by(chunk.items, lambda i: FOLDER_OF[site.model(i).kind].capitalize())
            out.files[path] = renderer.render("tag.md.j2", path, tag=tag, groups=groups,
                                              pager=_tag_pager(stem, chunk.pager))
            out.record_pages.add(path)


def tagged_in_order(site: Site, ids: Iterable[RecordId]) -> list[RecordId]:
    """A tag's records by type (in the order of the content folders), then in time
    order (events as on the timeline, the newest source first), then by name."""
    kinds = list(FOLDERS.values())
    on_timeline = {rid: n for n, rid in enumerate(site.timeline)}

    def key(rid: RecordId) -> tuple[int, tuple[int, int, int], str]:
        model = site.model(rid)
        when: tuple[int, int, int] = (0, 0, 0)
        if isinstance(model, Event):
            when = (on_timeline.get(rid, 0), 0, 0)
        elif isinstance(model, Claim):
            when = model.date.sort_key()
        elif isinstance(model, Source):
            year, month, day = model.date.sort_key()
            when = (-year, -month, -day)
        elif isinstance(model, Story) and model.date is not None:
            when = model.date.sort_key()
        return kinds.index(model.kind), when, site.name(rid).casefold()
    return sorted(ids, key=key)


def _tag_pager(stem: str, pager: paging.Pager) -> paging.Pager | None:
    if pager.count == 1:
        return None

    def page(number: int | None) -> str | None:
        return None if number is None else (f"{stem}.md" if number == 1 else f"{stem}/{number}.md")
    return paging.Pager(pager.number, pager.count, f"{stem}.md",
                        page(pager.number - 1 if pager.previous else None),
                        page(pager.number + 1 if pager.next else None), pager.hub)


def _groups(site: Site, kind: RecordKind, ids: list[RecordId]) -> dict[str, list[RecordId]]:
    """The listing page's groups: actors by kind, events by year, claims by status…"""
    if kind == "actor":
        order = list(ACTOR_KIND_PLURALS)
        ids = sorted(ids, key=lambda i: (order.index(site.typed(i, Actor).actor_kind),
                                         site.name(i).casefold()))
        return _group_by(ids, lambda i: ACTOR_KIND_PLURALS[site.typed(i, Actor).actor_kind])
    if kind == "event":
        return _group_by(site.timeline, lambda i: _year_label(site.typed(i, Event).date))
    if kind == "claim":
        order = list(claimgroups.GROUPS)
        group = {i: claimgroups.claim_group(site, i) for i in ids}
        dated = sorted(ids, key=lambda i: site.typed(i, Claim).date.sort_key())
        dated.sort(key=lambda i: order.index(group[i]))
        return _group_by(dated, lambda i: claimgroups.GROUPS[group[i]])
    if kind == "source":
        dated = sorted(ids, key=lambda i: site.typed(i, Source).date.sort_key(), reverse=True)
        return _group_by(sorted(dated, key=lambda i: site.typed(i, Source).source_kind),
                         lambda i: site.typed(i, Source).source_kind.replace("-", " ").capitalize())
    if kind == "place":
        ids = sorted(ids, key=lambda i: (site.typed(i, Place).place_kind, site.name(i).casefold()))
        return _group_by(ids, lambda i: site.typed(i, Place).place_kind.capitalize())
    stories = list(ids)
    stories.sort(key=lambda i: (_story_order(site.typed(i, Story)), site.name(i).casefold()))
    return {"": stories}


def _story_order(story: Story) -> int:
    return story.order if story.order is not None else 1_000_000


def _year_label(date: Edtf) -> str:
    if date.earliest is None:
        return "Undated start"
    year = date.earliest[0]
    return str(year) if year > 0 else f"{1 - year} BCE"


def _group_by(ids: Iterable[RecordId], key: Any) -> dict[str, list[RecordId]]:
    groups: dict[str, list[RecordId]] = {}
    for i in ids:
        groups.setdefault(key(i), []).append(i)
    return groups


# Not "\n{3,}": a literal start lets the regex engine jump from one "\n\n" to the next.
_BLANK_RUNS = re.compile(r"\n\n\n+")


def _tidy(text: str) -> str:
    """One blank line between blocks, one newline at the end."""
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def glossary_footer(glossary: Sequence[GlossaryTerm], body: str) -> str:
    """Glossary terms that occur on the page, as abbreviation definitions."""
    if not glossary:
        return ""
    found = _glossary_matches(_glossary_pattern(tuple(t.term for t in glossary)), body)
    if not found:
        return ""
    lines = [f"*[{term.term}]: {' '.join(term.definition.split())}"
             for term in glossary if term.term in found or escape_text(term.term) in found]
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def mention_link(mention: MentionMatch, name: Callable[[], str] | None,
                 url: Callable[[], str]) -> str:
    """``[[id]]`` or ``[[id|label]]`` as a Markdown link to the record's page, named by
    the label or the record's name; as plain text when the id names no record (None)."""
    if name is None:
        return escape_text(mention.label or mention.target)
    label = mention.label if mention.label is not None else escape_text(name())
    return f"[{label}]({url()})"


@dataclass(frozen=True)
class WrittenPageLinks:
    """What pages written by hand need of the site: each record's name and page, and
    the glossary. Far smaller than the site, so a build can let the site go once
    the generated pages are made (see the MkDocs plugin)."""

    names: dict[str, str]
    paths: dict[str, str]
    glossary: tuple[GlossaryTerm, ...]

    @classmethod
    def of(cls, site: Site) -> WrittenPageLinks:
        return cls({rid: site.name(rid) for rid in site.entries},
                   {rid: page_path(site, rid) for rid in site.entries}, tuple(site.glossary))

    def unknown_mentions(self, markdown: str) -> list[str]:
        return [m.target for m in find_mentions(markdown) if m.target not in self.names]

    def resolve(self, markdown: str, path: str) -> str:
        """The page's mentions as links, and the glossary terms it uses as tooltips."""
        here = posixpath.dirname(path)

        def link(mention: MentionMatch) -> str:
            target = mention.target
            if target not in self.names:
                return mention_link(mention, None, str)
            return mention_link(mention, lambda: self.names[target],
                                lambda: relative_path(self.paths[target], here))
        return replace_mentions(markdown, link) + glossary_footer(self.glossary, markdown)


_WORD = re.compile(r"\w")


def _glossary_matches(pattern: re.Pattern[str], body: str) -> set[str]:
    """What ``(?<!\\w)`` + ``pattern`` finds in the body, left to right, without overlaps.

    The pattern starts with the terms themselves, so the regex engine skips ahead
    to their first letters; a match with a word character before it is dropped and
    the search goes on from the next character, as the lookbehind would.
    """
    found: set[str] = set()
    search, word_at = pattern.search, _WORD.match
    pos, size = 0, len(body)
    while pos <= size and (match := search(body, pos)):
        start = match.start()
        if start and word_at(body, start - 1):
            pos = start + 1
        else:
            found.add(match.group())
            pos = max(match.end(), start + 1)  # past an empty match (a blank term) too
    return found


@functools.lru_cache(maxsize=8)
def _glossary_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Every term, as written or as escaped for Markdown, followed by no word character.

    Longest first, so that the longest term wins where one starts another.
    """
    forms = sorted({form for term in terms for form in (term, escape_text(term))},
                   key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")


def record_kind_title(record: Record) -> str:
    return FOLDER_OF[record.kind][:-1].capitalize()
