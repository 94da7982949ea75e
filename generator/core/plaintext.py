"""Inline Markdown as plain text, by the Markdown renderer itself.

Every output that needs a field's words without its markup (JSON-LD, the
Atom feed, the calendar, the open data's CSV and JSON, page descriptions, a
claim's name) takes them from here: the text is rendered as the pages render
it, then the text of the HTML is taken, character references decoded. So
``Kim_Jong_Un said 2*3`` stays as it is (neither is emphasis), ``*said*``
loses its asterisks, and ``&amp;`` is ``&``.

A mention becomes the record's name (escaped, so that a name is never read
as Markdown), or its label. Raw HTML is text here, as on the pages by default.
The fields this is for are inline Markdown: the text is one paragraph (line
breaks are spaces), and what would start a block at its beginning (``1. ``,
``# ``, ``> ``…) is text, as it is in the paragraph the pages put it in.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from html.parser import HTMLParser

import markdown

from .markup import (
    MentionMatch,
    bracket_overflow,
    escape_text,
    neutralise_html,
    replace_mentions,
)

#: Text without any of these characters reads the same rendered: no need to render it.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]")
#: What starts a block at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^(?:(\d+)([.)])(?=\s|$)|([-+*])(?=\s|$)|([#>]))")
#: Longer inline text is not rendered (see :func:`plain_text`).
MAX_RENDERED = 5_000
_local = threading.local()


def plain_text(text: str, name_of: Callable[[str], str | None]) -> str:
    """Markdown reduced to its words: mentions become names, markup goes, entities are
    decoded, and white space is single spaces."""
    def mention(m: MentionMatch) -> str:
        return escape_text(m.label if m.label is not None else (name_of(m.target) or m.target))
    text = " ".join(replace_mentions(text, mention).split())
    if not _MARKUP.search(text) and not _BLOCK_START.match(text):
        return text
    text = _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3] or m[4]}", text)
    if len(text) > MAX_RENDERED or bracket_overflow(text) is not None:
        # Python-Markdown's inline rules rescan long runs of brackets or emphasis marks
        # from each one; text this long (or nested this deep, which the check reports)
        # is not a paragraph: its entities are decoded and its marks kept as typed.
        return " ".join(html.unescape(text).split())
    return _text_of(_renderer().convert(neutralise_html(text)))


def _renderer() -> markdown.Markdown:
    """One Python-Markdown instance per thread (they are not thread-safe)."""
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=[], output_format="html")
    else:
        md.reset()
    return md


class _Text(HTMLParser):
    """The text of an HTML fragment, with images as their alternative text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")


def _text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())
