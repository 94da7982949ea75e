"""Markdown text handling shared by the link and render stages.

Content is data: it is never a template, and its raw HTML is shown as text
unless the site owner allows HTML. These helpers find ``[[id]]`` mentions
outside code, neutralise raw HTML, and escape plain text for Markdown.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MENTION_RE = re.compile(r"\[\[([^\[\]|\n]*?)(?:\|([^\[\]]*?))?\]\]")
# Python-Markdown's own code span rule: on one line, opening backticks not escaped.
_CODE_SPAN_RE = re.compile(r"(?<![\\`])(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_AUTOLINK_RE = re.compile(r"<(?:https?://|mailto:)[^<>\s]+>")
# Characters that start Markdown inline syntax, and '<' / '&' for HTML.
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TEXT_SPECIALS = re.compile(r"([\\`*_\[\]{}#])")
_LIST_MARKER = re.compile(r"^(\d+)\.(\s)|^([-+!])()")


@dataclass(frozen=True, slots=True)
class MentionMatch:
    start: int
    end: int
    target: str
    label: str | None
    #: ``[[`` and the id as written (spaces kept), to find the mention in source text.
    head: str


def code_regions(text: str) -> list[tuple[int, int]]:
    """Inline code spans, as (start, end) offsets.

    Only what Markdown itself is sure to treat as code counts: anything else is
    escaped. Fences are not code here (the site does not enable fenced code),
    and text in an indented block is escaped too, which is safe, if visible.
    """
    if "`" not in text:  # most prose: the scan below is slow (its lookbehind starts each try)
        return []
    return [m.span() for m in _CODE_SPAN_RE.finditer(text)]


def _outside(regions: list[tuple[int, int]], pos: int) -> bool:
    # Regions are in order and apart: only the last one starting at or before pos can hold it.
    after = bisect.bisect_right(regions, pos, key=lambda region: region[0])
    return after == 0 or regions[after - 1][1] <= pos


def find_mentions(text: str) -> Iterator[MentionMatch]:
    """Every ``[[id]]`` or ``[[id|label]]`` outside code."""
    if "[[" not in text:
        return
    regions = code_regions(text)
    for m in MENTION_RE.finditer(text):
        if _outside(regions, m.start()):
            label = m.group(2)
            yield MentionMatch(m.start(), m.end(), m.group(1).strip(),
                               " ".join(label.split()) if label is not None else None,
                               "[[" + m.group(1))


def neutralise_html(text: str) -> str:
    """Raw HTML shows as text: escape every '<' except in autolinks.

    Code spans are escaped too. Guessing exactly where Markdown will see code
    (spans may cross lines, lists split them) is how raw HTML slips through;
    the price is that a '<' inside backticks shows as '&lt;'. Braces are
    escaped so that attribute-list syntax cannot add attributes (such as event
    handlers) to the generated HTML.
    """
    if "<" not in text:  # no tag and no autolink: skip the scan
        return _escape_angle(text)
    pieces: list[str] = []
    last = 0
    for m in _AUTOLINK_RE.finditer(text):
        pieces.append(_escape_angle(text[last:m.start()]))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(_escape_angle(text[last:]))
    return "".join(pieces)


def _escape_angle(part: str) -> str:
    return part.replace("<", "&lt;").replace("{", "\\{").replace("}", "\\}")


def replace_mentions(text: str, link: Callable[[MentionMatch], str]) -> str:
    """Replace every mention outside code with what ``link`` returns for it."""
    out: list[str] = []
    last = 0
    for m in find_mentions(text):
        out.append(text[last:m.start])
        out.append(link(m))
        last = m.end
    out.append(text[last:])
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def escape_text(text: str) -> str:
    """Plain text (a name, a title) made safe to put into Markdown as is."""
    text = " ".join(str(text).split())
    # '&' only where it would start an entity: a bare one shows as itself.
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _TEXT_SPECIALS.sub(r"\\\1", text)
    # A leading "1. ", "- ", "---" or "!!! " would start a list, a rule or an admonition
    # where the text begins a line.
    return _LIST_MARKER.sub(lambda m: f"{m[1]}\\.{m[2]}" if m[1] else f"\\{m[3]}{m[4]}", text)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


# ------------------------------------------------------------------ link targets

#: The schemes a link written in content may use. Anything else that a browser
#: would read as a scheme (javascript:, data:, vbscript:, file:…) is refused, and
#: so is another host without a scheme (``//evil.example``).
SAFE_SCHEMES = frozenset(("http", "https", "mailto"))

# Where Markdown reads a link destination: after ``](`` (inline links and images),
# after ``[label]:`` at the start of a line (reference definitions; not
# ``*[abbr]:`` nor ``[^footnote]:`` themselves), and inside ``<…>`` (autolinks).
# A reference definition may follow whatever opens a block: indentation, quote
# and list markers, a definition list's ':', and a footnote's ``[^label]:``,
# whose text the footnotes extension reads as blocks of their own (any number,
# in any order). Each pattern ends where the destination starts.
_INLINE_DEST = re.compile(r"\]\(\s*<?")
_REFERENCE_DEST = re.compile(
    r"^(?:[ \t>*+\-.):0-9]|\[\^[^\[\]\n]*\]:)*(?<![*\\])\[(?!\^)[^\[\]]*\]:[ \t]*\n?[ \t]*<?",
    re.MULTILINE)
_AUTOLINK_DEST = re.compile(r"<(?=[^<>\s]+>)")
# The start of a destination up to the character that settles whether it has a
# scheme: scheme characters, slashes, and what browsers ignore or decode there
# (whitespace, control characters, character references). Linear: each
# alternative starts with a different character.
_DEST_HEAD = re.compile(
    r"(?:[A-Za-z0-9+.\-/\\]|[\x00-\x20\x7f]|&(?:\#[0-9]+|\#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?)*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SHOWN_DEST = re.compile(r"(?:[^\s()<>]|\([^\s()<>]*\))*")


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link destination starts in a text, and the destination as written."""

    start: int
    target: str


def find_link_targets(text: str) -> Iterator[LinkTarget]:
    """Every link destination Markdown may read in a text, in order.

    Deliberately wider than Markdown: code spans are not skipped, so a link
    that only looks like code cannot slip through.
    """
    starts: set[int] = set()
    if "](" in text:
        starts.update(m.end() for m in _INLINE_DEST.finditer(text))
    if "]:" in text:
        starts.update(m.end() for m in _REFERENCE_DEST.finditer(text))
    if "<" in text:
        starts.update(m.end() for m in _AUTOLINK_DEST.finditer(text))
    for start in sorted(starts):
        shown = _SHOWN_DEST.match(text, start, min(len(text), start + 200))
        yield LinkTarget(start, (shown.group(0) if shown else "") or text[start:start + 1])


def link_as_read(text: str, start: int) -> str:
    """A destination on one line, with what a browser skips in its scheme (``java script:x``)."""
    head = _DEST_HEAD.match(text, start, min(len(text), start + 200))
    end = head.end() if head else start
    tail = _SHOWN_DEST.match(text, end, min(len(text), end + 200))
    return " ".join((text[start:end] + (tail.group(0) if tail else "")).split())


def is_safe_link(text: str, start: int = 0) -> bool:
    """Whether the destination starting at ``start`` stays on http, https, mailto or the site.

    The destination is read as a browser would read the ``href`` Markdown
    makes of it: character references decoded, tabs, line breaks (and, to be
    safe, every other control character) dropped, leading spaces stripped,
    backslashes taken for slashes. A space inside a scheme leaves none.
    """
    head = _DEST_HEAD.match(text, start)
    end = head.end() if head else start
    seen = html.unescape(text[start:end] + text[end:end + 1])
    seen = "".join(ch for ch in seen if ch >= " " and ch != "\x7f").lstrip(" ")
    seen = seen.replace("\\", "/")
    if seen.startswith("//"):
        return False
    scheme = _SCHEME.match(seen)
    return scheme is None or scheme.group(0)[:-1].lower() in SAFE_SCHEMES


# ------------------------------------------------------------------ footnotes

# A footnote definition after whatever can open a block (indentation, quote and list
# markers, another footnote's ``[^label]:``): one that Markdown would read inside a
# list, a quote or another footnote. One character or one marker at a time: linear.
_NESTED_FOOTNOTE = re.compile(
    r"^(?:[ \t>*+\-.):0-9]|\[\^[^\[\]\n]*\]:)+(?<![*\\])\[\^[^\[\]\n]*\]:", re.MULTILINE)


def nested_footnote(text: str) -> int | None:
    """The offset of the first footnote definition that does not start its line, or None.

    Python-Markdown's footnotes extension reads a footnote's text as blocks while it
    writes the list of footnotes: a definition inside it changes that list as it is
    read, and the build stops with a traceback (Python-Markdown 3.x).
    """
    if "[^" not in text:
        return None
    m = _NESTED_FOOTNOTE.search(text)
    return None if m is None else m.start() + m.group(0).rfind("[^")


# ------------------------------------------------------------------ nesting

#: How deep '[' (and '(' inside a link's destination) may be nested or left open.
#: Python-Markdown reads a link by scanning from each '[' to its ']' (and from
#: ']('  to its ')'), so its work grows with this depth times the text's length:
#: unbounded, 50 KB of '[' takes it hours. Real prose stays under 4.
MAX_BRACKET_DEPTH = 20
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()]")


def bracket_overflow(text: str, limit: int = MAX_BRACKET_DEPTH) -> int | None:
    """The offset of the first '[' or '(' nested or left open deeper than ``limit``, or None.

    Escaped brackets (``\\[``) are not counted; a '(' counts only inside a link's
    destination, after ``](``.
    """
    if text.count("[") <= limit and text.count("(") <= limit:
        return None
    square = paren = 0
    for m in _BRACKETS.finditer(text):
        token = m.group(0)
        if token == "[":
            square += 1
            if square > limit:
                return m.start()
        elif token == "]":
            square = max(0, square - 1)
        elif token == "](":
            square, paren = max(0, square - 1), paren + 1
        elif token == "(" and paren:
            paren += 1
        elif token == ")":
            paren = max(0, paren - 1)
        if paren > limit:
            return m.start() + (1 if token == "](" else 0)
    return None
