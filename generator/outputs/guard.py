"""The output guard: the rendered HTML of every generated page is checked for script.

The source filter (``markup.neutralise_html``, the ``unsafe-link`` rule, the
glossary rules) keeps raw HTML and unsafe links out of the Markdown the
generator writes. But Markdown extensions keep adding ways to read text, and a
construct the filter does not expect can still come out as markup. So the HTML
each generated page becomes is read once more, with a real HTML parser, and
anything that could run script is a located error, never a silent strip:

- an element that runs or loads code, or takes the page elsewhere: ``<script>``,
  ``<iframe>``, ``<frame>``, ``<frameset>``, ``<object>``, ``<embed>``,
  ``<applet>``, ``<portal>``, ``<form>``, ``<base>``, ``<link>``,
  ``<meta http-equiv>``, unless it is one the generator's own templates write
  (:data:`OWN_ELEMENTS`, matched attribute for attribute);
- an event-handler attribute (``on…``);
- a ``javascript:``, ``vbscript:``, ``livescript:`` or ``data:`` URL in any
  attribute that a browser follows, read as the browser reads it: character
  references decoded, tabs and line breaks removed, leading spaces and control
  characters stripped, any case.

Most pages hold none of the text any of these needs, and the parser is slow
next to the rest of a build, so a page is parsed only if a quick search finds
such text: ``<`` and one of those element names, ``on`` before ``=``, a scheme
ending in ``script:`` or ``data:`` (tabs and line breaks removed), or a
character reference that could spell one. The search can only say "maybe":
whether there is a hit is always the parser's answer (``tests/test_guard.py``
proves the search never skips a page the parser would flag).

The guard knows nothing of MkDocs: the plugin calls :func:`scan` on each page
and :func:`locate` to turn hits into problems at the record's file and field.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from ..core.config import Settings
from ..core.diagnostics import Location, Problem, error
from ..core.link import Site
from ..core.load import Document, FieldPath
from ..core.markup import line_col
from ..core.paths import page_path
from ..core.validate import GlossaryTerm

#: Elements that run or load code, submit, or change where the page's links go.
DANGEROUS_ELEMENTS = frozenset((
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "form",
    "base", "link", "meta"))

#: Attributes whose value a browser may follow as a URL (SVG animation values included).
URL_ATTRIBUTES = frozenset((
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "codebase", "dynsrc", "lowsrc", "ping", "cite", "srcset", "longdesc", "manifest", "icon",
    "to", "from", "values", "by"))

UNSAFE_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")

#: One element the generator writes itself: its tag and its attributes, exactly.
Signature = tuple[str, frozenset[tuple[str, str | None]]]


def signature(tag: str, attrs: Iterable[tuple[str, str | None]]) -> Signature:
    return tag, frozenset(attrs)


#: The dangerous elements the generator's own templates put into page content:
#: the timeline's filter (a form that never submits: explainer.js runs it).
OWN_ELEMENTS: frozenset[Signature] = frozenset((
    signature("form", (("class", "ex-filter"), ("data-ex-filter", None), ("hidden", None),
                       ("aria-label", "Filter the timeline"))),
))


@dataclass(frozen=True, slots=True)
class Hit:
    """Something in a page's HTML that could run script."""

    #: What it is, for the message: "a <script> element", "an 'onerror' attribute"…
    what: str
    #: The offending markup, short, as the parser read it.
    value: str
    #: Texts to look for in the content files, most telling first (see :func:`locate`).
    needles: tuple[str, ...]


# ------------------------------------------------------------------ the quick search

_ELEMENT_TEXT = re.compile(r"<\s*/?\s*(?:" + "|".join(sorted(DANGEROUS_ELEMENTS)) + r")",
                           re.IGNORECASE)
# An attribute's name starts after white space, '/' or the quote closing a value.
# One pattern for each way to write "on": a literal start lets the regex engine skip
# to it, where an IGNORECASE pattern tries every space of the page (twice as slow).
# No other character lower-cases to "o" or "n", as the parser lower-cases names.
_HANDLER_TEXTS = tuple(re.compile(on + r"(?<=[\s/\"']" + on + r")[^\s=/>]*\s*=")
                       for on in ("on", "On", "oN", "ON"))
# A value starts after '=', spaces and a quote; the browser skips control characters
# and spaces before a scheme, and tabs and line breaks inside it.
_SKIPPED = "[\t\n\r]*"
_SCHEME_TEXT = re.compile(
    r"=[\x00-\x20\"']*(?:[a-z\t\n\r]*" + _SKIPPED.join("script") + "|"
    + _SKIPPED.join("data") + ")" + _SKIPPED + ":", re.IGNORECASE)
# A character reference that could spell part of such a value: numeric, for a
# letter, ':' or a character the browser skips, or one of the three named ones.
_NUMERIC_REF = re.compile(r"&#(?:[xX][0-9A-Fa-f]+|[0-9]+);?")
_NAMED_REF = re.compile(r"&(?:colon|tab|newline);?", re.IGNORECASE)
_TABS_AND_BREAKS = str.maketrans("", "", "\t\n\r")


def may_hold_script(page: str) -> bool:
    """False only if the page cannot hold anything :func:`scan` reports."""
    if _ELEMENT_TEXT.search(page) or any(on.search(page) for on in _HANDLER_TEXTS):
        return True
    if _SCHEME_TEXT.search(page) or _NAMED_REF.search(page):
        return True
    return any(_may_spell_a_scheme(html.unescape(m.group(0)))
               for m in _NUMERIC_REF.finditer(page))


def _may_spell_a_scheme(ch: str) -> bool:
    return ch <= " " or ch == ":" or (ch.isascii() and ch.isalpha())


# ------------------------------------------------------------------ the parser


def scan(page: str, own: frozenset[Signature] = OWN_ELEMENTS) -> list[Hit]:
    """Everything in ``page`` (HTML) that could run script, in document order."""
    return parse_hits(page, own) if may_hold_script(page) else []


def parse_hits(page: str, own: frozenset[Signature] = OWN_ELEMENTS) -> list[Hit]:
    """:func:`scan` without the quick search: the parser reads every page."""
    scanner = _Scanner(own, page)
    scanner.feed(page)
    scanner.close()
    return scanner.hits


def unsafe_url(value: str) -> str | None:
    """The unsafe scheme a URL attribute's value (already decoded) starts with, or None."""
    seen = value.translate(_TABS_AND_BREAKS).lstrip("".join(map(chr, range(0x21)))).lower()
    return next((s for s in UNSAFE_SCHEMES if seen.startswith(s)), None)


# Only to find where the content wrote a value the parser decoded (never to judge).
_WRITTEN_VALUE = r"\s*=\s*[\"']?\s*([^\"'\s>]+)"


class _Scanner(HTMLParser):
    def __init__(self, own: frozenset[Signature], page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own = own
        self.page = page
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", page))]
        self.hits: list[Hit] = []

    def _written_here(self) -> str:
        """The page's text from the current tag to the end of its line (at most 60
        characters): raw HTML that came through is the content's own text."""
        line, col = self.getpos()
        start = self.line_starts[line - 1] + col
        end = self.page.find("\n", start)
        return self.page[start:min(start + 60, end if end >= 0 else len(self.page))]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        markup = (self.get_starttag_text() or f"<{tag}>")[:80]
        written = self._written_here()
        if tag in DANGEROUS_ELEMENTS and _is_dangerous_element(tag, attrs) \
                and signature(tag, attrs) not in self.own:
            self.hits.append(Hit(f"a <{tag}> element", markup, (written, f"<{tag}", tag)))
        for name, value in attrs:
            if name.startswith("on"):
                self.hits.append(Hit(f"an '{name}' attribute", markup, (written, name)))
            elif name in URL_ATTRIBUTES and value is not None:
                scheme = unsafe_url(value)
                if scheme is not None:
                    as_written = re.search(re.escape(name) + _WRITTEN_VALUE, markup,
                                           re.IGNORECASE)
                    needles = (written, value.strip(), as_written.group(1) if as_written else "",
                               scheme, scheme[:-1])
                    self.hits.append(Hit(f"a {scheme} URL in '{name}'", markup, needles))


def _is_dangerous_element(tag: str, attrs: Sequence[tuple[str, str | None]]) -> bool:
    # A <meta> is only dangerous with http-equiv (refresh, set-cookie, CSP…).
    return tag != "meta" or any(name == "http-equiv" for name, _ in attrs)


# ------------------------------------------------------------------ locating a hit


@dataclass(frozen=True, slots=True)
class Source:
    """A content file that may have put text on a page: its path, its text, and where
    each of its fields was written (``(start, end, name)``, by start offset)."""

    path: str
    text: str
    #: Worked out only for a hit (positions mean composing the YAML again).
    fields: Callable[[], Sequence[tuple[int, int, str]]] = tuple

    def field_at(self, offset: int) -> str | None:
        """The innermost field written over ``offset`` (``summary``, ``events[2].role``)."""
        inside = [(end - start, name) for start, end, name in self.fields()
                  if start <= offset < end]
        return min(inside)[1] if inside else None


def document_source(doc: Document, body: str | None = None) -> Source:
    """A record file as a :class:`Source`; a story's ``body`` is a field too."""
    def fields() -> list[tuple[int, int, str]]:
        spans = [(span.start, span.end, field_name(path))
                 for path, span in doc.values.items() if path]
        if body:
            spans.append((len(doc.text) - len(body), len(doc.text), "body"))
        return spans

    return Source(doc.path, doc.text, fields)


def glossary_source(path: str, text: str, terms: Sequence[GlossaryTerm]) -> Source:
    """The glossary as a :class:`Source`: each term's field runs to the next term."""
    starts = sorted((_offset(text, t.location.line), t.term) for t in terms)
    ends = [start for start, _ in starts[1:]] + [len(text)]
    fields = tuple((start, end, f"the glossary term '{term}'")
                   for (start, term), end in zip(starts, ends, strict=True))
    return Source(path, text, lambda: fields)


def site_sources(site: Site, page: str, glossary: Source | None) -> tuple[list[Source], int]:
    """Every content file that may have put text on ``page``, most likely first, and how
    many are the page's own: its record, the glossary (its footer is on every page),
    then the rest."""
    own: list[Source] = []
    rest: list[Source] = []
    for entry in sorted(site.entries.values(), key=lambda e: e.doc.path):
        body = entry.raw.body if entry.raw.kind == "story" else None
        (own if page_path(site, entry.id) == page else rest).append(
            document_source(entry.doc, body))
    return own + ([glossary] if glossary is not None else []) + rest, len(own)


def _offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def field_name(path: FieldPath) -> str:
    """``("events", 2, "role")`` as ``events[2].role``."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def locate(page: str, hits: Sequence[Hit], sources: Sequence[Source],
           own: int = 1) -> list[Problem]:
    """A located ``unsafe-html`` error per hit on ``page``.

    ``sources`` come most likely first: the page's own files (``own`` of them:
    its record, or none for a listing), then the glossary and every other file.
    A hit whose text no file holds (the content spelled it in a way no needle
    matches) is placed at line 1 of the first source.
    """
    problems = []
    for hit in hits:
        where = _find(hit, sources, own)
        if where is None:
            location, field = Location(sources[0].path if sources else page), None
        else:
            source, offset = where
            line, col = line_col(source.text, offset)
            location, field = Location(source.path, line, col), source.field_at(offset)
        in_field = f" in {field}" if field else ""
        problems.append(error(
            location, "unsafe-html",
            f"{hit.what}{in_field} would reach the page {page} as HTML: {hit.value}",
            hit.value, "write it as text (this is also a bug in the source filter: please "
            "report it)"))
    return problems


def _find(hit: Hit, sources: Sequence[Source], own: int) -> tuple[Source, int] | None:
    """Where a hit was written: in the page's own files (the first ``own`` sources),
    then in the others. The first needle is the page's own text, exact: on a listing
    it tells one record from another; the others are looked for in any case."""
    exact, *others = hit.needles
    for group in (sources[:own], sources[own:]):
        for source in group:
            offset = source.text.find(exact) if exact else -1
            if offset >= 0:
                return source, offset
        for source in group:
            lowered = source.text.lower()
            for needle in others:
                offset = lowered.find(needle.lower()) if needle else -1
                if offset >= 0:
                    return source, offset
    return None


def unsafe_html_problems(settings: Settings, site: Site,
                         unsafe: Mapping[str, Sequence[Hit]]) -> list[Problem]:
    """The guard's hits, by page, as errors located in the content of ``site``."""
    glossary = None
    if site.glossary:
        path = site.glossary[0].location.path
        text = (settings.root / path).read_text(encoding="utf-8")
        glossary = glossary_source(path, text, site.glossary)
    problems: list[Problem] = []
    for page in sorted(unsafe):
        sources, own = site_sources(site, page, glossary)
        problems += locate(page, unsafe[page], sources, own)
    return problems
