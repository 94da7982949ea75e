"""Markdown text handling shared by the link and render stages.

Content is data: it is never a template, and its raw HTML is shown as text
unless the site owner allows HTML. These helpers find ``[[id]]`` mentions
outside code, neutralise raw HTML, and escape plain text for Markdown.
"""

from __future__ import annotations

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
_LIST_MARKER = re.compile(r"^(\d+)\.(\s)|^([-+])()")


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
    return [m.span() for m in _CODE_SPAN_RE.finditer(text)]


def _outside(regions: list[tuple[int, int]], pos: int) -> bool:
    return not any(a <= pos < b for a, b in regions)


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


def escape_text(text: str) -> str:
    """Plain text (a name, a title) made safe to put into Markdown as is."""
    text = " ".join(str(text).split())
    # '&' only where it would start an entity: a bare one shows as itself.
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _TEXT_SPECIALS.sub(r"\\\1", text)
    # A leading "1. ", "- " or "---" would start a list or a rule where the text begins a line.
    return _LIST_MARKER.sub(lambda m: f"{m[1]}\\.{m[2]}" if m[1] else f"\\{m[3]}{m[4]}", text)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"[*_`]+")


def plain_text(text: str, name_of: Callable[[str], str | None]) -> str:
    """Markdown reduced to plain words: mentions become names, markup goes."""
    def mention(m: MentionMatch) -> str:
        return m.label if m.label is not None else (name_of(m.target) or m.target)
    text = replace_mentions(text, mention)
    text = _MD_LINK_RE.sub(r"\1", text)
    return " ".join(_EMPHASIS_RE.sub("", text).split())
