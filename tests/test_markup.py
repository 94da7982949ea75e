"""Unit and property tests of generator.core.markup: mentions, HTML and Markdown escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.core.markup import (
    MentionMatch,
    code_regions,
    escape_text,
    find_mentions,
    line_col,
    neutralise_html,
    replace_mentions,
)
from generator.core.plaintext import plain_text

#: The Markdown extensions the generated pages rely on (generator/adapters/plugin.py).
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "toc"]
_DANGEROUS = re.compile(r"<\s*(script|img)\b", re.IGNORECASE)


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _mentions(text: str) -> list[tuple[str, str | None]]:
    return [(m.target, m.label) for m in find_mentions(text)]


# -------------------------------------------------------------- find_mentions


def test_find_mentions_with_and_without_labels() -> None:
    text = "[[alice]] met [[bob|the minister]] and [[ carol ]]."
    found = list(find_mentions(text))
    assert all(isinstance(m, MentionMatch) for m in found)
    assert [(m.start, m.end, m.target, m.label) for m in found] == [
        (0, 9, "alice", None),
        (14, 34, "bob", "the minister"),
        (39, 50, "carol", None),
    ]
    assert text[14:34] == "[[bob|the minister]]"


def test_find_mentions_label_over_line_breaks() -> None:
    text = "See [[summit|the\n   summit in\nPyongyang]] now."
    assert _mentions(text) == [("summit", "the summit in Pyongyang")]


def test_find_mentions_target_does_not_span_lines() -> None:
    assert _mentions("[[ali\nce]]") == []


def test_find_mentions_empty_label() -> None:
    assert _mentions("[[alice|]]") == [("alice", "")]


def test_find_mentions_without_any() -> None:
    assert _mentions("No mentions, [single] brackets, [[unclosed.") == []


def test_find_mentions_skips_code_spans() -> None:
    text = "Write `[[alice]]` or ``[[bob]]`` to link [[carol]]."
    assert _mentions(text) == [("carol", None)]


def test_fences_are_not_code_because_the_site_has_no_fenced_code() -> None:
    # Without the fenced_code extension, Markdown renders a fence's lines as text.
    text = "Before [[a]].\n\n```yaml\nsummary: [[b]]\n```\n\n~~~\n[[c]]\n~~~\nAfter [[d]].\n"
    assert _mentions(text) == [("a", None), ("b", None), ("c", None), ("d", None)]


def test_code_regions_are_single_line_unescaped_spans() -> None:
    text = "a `b` c\n```\nd\n```\ne ``f`g`` \\`h` `i\n\nj`"
    regions = code_regions(text)
    # Like Python-Markdown, the backtick after the escaped one opens a span: "` `".
    assert [text[a:b] for a, b in regions] == ["`b`", "``f`g``", "` `"]


def test_replace_mentions() -> None:
    text = "[[a]] and `[[b]]` and [[c|see]]"
    out = replace_mentions(text, lambda m: f"<{m.target}:{m.label}>")
    assert out == "<a:None> and `[[b]]` and <c:see>"


# ------------------------------------------------------------ neutralise_html


def test_neutralise_html_escapes_tags() -> None:
    assert neutralise_html("A <b>bold</b> <img src=x onerror=alert(1)>") == \
        "A &lt;b>bold&lt;/b> &lt;img src=x onerror=alert(1)>"


def test_neutralise_html_keeps_autolinks() -> None:
    text = "See <https://example.org/a?b=1> or <mailto:press@example.org>."
    assert neutralise_html(text) == text


def test_neutralise_html_escapes_code_spans_too() -> None:
    assert neutralise_html("Use `<b>` and ``{x}``.\n") == "Use `&lt;b>` and ``\\{x\\}``.\n"


def test_neutralise_html_escapes_inside_fences() -> None:
    assert neutralise_html("```\n<div>{x}</div>\n```\n") == "```\n&lt;div>\\{x\\}&lt;/div>\n```\n"


def test_neutralise_html_escapes_braces() -> None:
    assert neutralise_html("Text {: onclick=alert(1) } and {{ x }}") == \
        "Text \\{: onclick=alert(1) \\} and \\{\\{ x \\}\\}"


def test_neutralise_html_leaves_markdown_alone() -> None:
    text = "Some *emphasis*, a [link](https://example.org) and [[alice]] & more."
    assert neutralise_html(text) == text


@pytest.mark.parametrize("text", [
    pytest.param("\\`<script>alert(1)</script>`", id="escaped-backtick"),
    pytest.param("`a\n\n<script>alert(1)</script>\n\nb`", id="code-span-over-blank-line"),
    pytest.param("```\n<script>alert(1)</script>\n```", id="fence-without-fence-extension"),
    pytest.param("```\n<img src=x onerror=alert(1)>", id="unclosed-fence"),
    pytest.param("```<script>alert(1)</script>\n", id="fence-info-string"),
])
def test_neutralise_html_is_not_fooled_by_code_lookalikes(text: str) -> None:
    """Only what Markdown itself treats as code may keep its raw '<'."""
    rendered = markdown.markdown(neutralise_html(text), extensions=EXTENSIONS)
    assert not _DANGEROUS.search(rendered), rendered


# ---------------------------------------------------------------- escape_text


@pytest.mark.parametrize(("text", "escaped"), [
    ("Alice", "Alice"),
    ("a*b_c", "a\\*b\\_c"),
    ("<script>", "&lt;script&gt;"),
    ("AT&T", "AT&T"),
    ("A &lt; B", "A &amp;lt; B"),
    ("[x](y)", "\\[x\\](y)"),
    ("{{ x }}", "\\{\\{ x \\}\\}"),
    ("# heading", "\\# heading"),
    ("`code`", "\\`code\\`"),
    ("back\\slash", "back\\\\slash"),
    ("1. first", "1\\. first"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("  spaced \n  out\t", "spaced out"),
])
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


@pytest.mark.parametrize("text", ["---", "-- -", "----", "--- ---"])
def test_escape_text_never_makes_a_horizontal_rule(text: str) -> None:
    rendered = markdown.markdown(escape_text(text))
    assert "<hr" not in rendered
    assert _html_text(rendered) == text


def test_escape_text_accepts_any_value() -> None:
    assert escape_text(2022) == "2022"  # type: ignore[arg-type]


# ----------------------------------------------------------------- plain_text


def test_plain_text_resolves_mentions_and_drops_markup() -> None:
    names = {"alice": "Alice Example", "bob": "Bob"}
    text = "[[alice]] said *hi*  to [[bob|the\nminister]] via [a link](https://x.org), " \
           "`code`, __bold__ and [[nobody]]. ![img](x.png)"
    assert plain_text(text, names.get) == \
        "Alice Example said hi to the minister via a link, code, bold and nobody. img"


# -------------------------------------------------------------------- line_col


@pytest.mark.parametrize(("offset", "expected"), [
    (0, (1, 1)), (2, (1, 3)), (3, (1, 4)), (4, (2, 1)), (6, (2, 3)), (7, (3, 1)),
])
def test_line_col(offset: int, expected: tuple[int, int]) -> None:
    assert line_col("abc\nde\nf", offset) == expected


def test_line_col_counts_characters() -> None:
    text = "김정은\nКим [[x]]"
    assert line_col(text, text.index("[[")) == (2, 5)


# ---------------------------------------------------------- property tests


def _normalised(text: str) -> str:
    return " ".join(text.split())


printable = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
                    max_size=60)

# Pieces of Markdown and HTML syntax, so that generated text hits the tricky cases.
MARKDOWN_BITS = [
    "*", "**", "_", "`", "``", "```", "~~~", "#", "-", "+", "1.", ">", "<", "&", "\\", "[",
    "]", "(", ")", "{", "}", "!", "|", ":", "=", "[[a]]", "[x](y)", "<b>", "&amp;", "&#60;",
    "---", "***", "* * *", "    ", "\t", " ", "\n", "\n\n", "{: .x}", "<!--", "-->",
    "<https://example.org>", "javascript:alert(1)", "[^1]", "*[A]: b", "!!! ", "??? ",
]


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(MARKDOWN_BITS), printable), max_size=12))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.one_of(printable, markdownish()))
@example("---")
@example("-- -")
@example("<script>alert(1)</script> *x* _y_ [z](javascript:alert(1))")
def test_escape_text_shows_exactly_the_text(text: str) -> None:
    """Escaped text renders to HTML whose text is the input, whitespace-normalised."""
    escaped = escape_text(text)
    assert "<" not in escaped
    rendered = markdown.markdown(escaped)
    assert _normalised(_html_text(rendered)) == _normalised(text)
    with_site = markdown.markdown(escaped, extensions=EXTENSIONS)
    assert _normalised(_html_text(with_site)) == _normalised(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(printable, markdownish()))
@example("---")
@example("!!! note x")
def test_escape_text_adds_no_html_element(text: str) -> None:
    rendered = markdown.markdown(escape_text(text), extensions=EXTENSIONS)
    inner = re.sub(r"^<p>|</p>$", "", rendered)
    assert not re.search(r"<[a-zA-Z/!]", inner), rendered


HTML_BITS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<script>", "<img src=x>",
    "`", "``", "```", "~~~", "\\", "\\`", "\n", "\n\n", "    ", "<", ">", "&lt;", "<!--",
    "<https://example.org>", "[[a]]", "{", "}", "a", " ", "<div>", "</div>",
]


@st.composite
def htmlish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(HTML_BITS), printable), max_size=12))
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(st.one_of(printable, htmlish()))
@example("<script>alert(1)</script>")
@example("\\`<script>alert(1)</script>`")
@example("`a\n\n<script>alert(1)</script>\n\nb`")
@example("```\n<script>alert(1)</script>\n```")
@example("```\n<img src=x onerror=alert(1)>")
def test_neutralise_html_never_lets_a_script_or_img_through(text: str) -> None:
    safe = neutralise_html(text)
    for extensions in ([], EXTENSIONS):
        rendered = markdown.markdown(safe, extensions=extensions)
        assert not _DANGEROUS.search(rendered), (safe, rendered)
