"""``Md``: Markdown that Python code puts together, with every plain string escaped."""

from __future__ import annotations

import pytest

from generator.core.markup import escape_text
from generator.pages.parts import Md

HOSTILE = ["*x*", "<script>alert(1)</script>", "[a](javascript:alert(1))", "1. not a list",
           "- not an item", "`code`", "a_b_c", "&amp;", "line\nbreak"]


@pytest.mark.parametrize("text", HOSTILE)
def test_format_escapes_plain_text(text: str) -> None:
    made = Md("**{}**").format(text)
    assert type(made) is Md
    assert made == f"**{escape_text(text)}**"
    assert "<script" not in made
    assert "\n" not in made


def test_format_passes_markdown_and_numbers_through() -> None:
    link = Md("[x](../a/)")
    assert Md("{} and {}").format(link, "*y*") == r"[x](../a/) and \*y\*"
    assert Md("{} of {:,}").format(3, 12345) == "3 of 12,345"
    assert Md("{who}: {what}").format(who=link, what="_it_") == r"[x](../a/): \_it\_"


def test_join_escapes_plain_items_only() -> None:
    made = Md(", ").join(["*a*", Md("*b*")])
    assert (type(made), made) == (Md, r"\*a\*, *b*")


def test_adding_escapes_the_plain_side() -> None:
    assert (Md("*a*") + "*b*", "*b*" + Md("*a*")) == (r"*a*\*b\*", r"\*b\**a*")
    assert type(Md("a") + "b") is Md
    assert type("b" + Md("a")) is Md


def test_nesting_escapes_once() -> None:
    inner = Md("[{}]({})").format("a*b", Md("../p/"))
    assert Md("- {}").format(inner) == r"- [a\*b](../p/)"


def test_repeating_and_squeezing_keep_markdown() -> None:
    assert (type(Md("  ") * 2), Md("  ") * 2) == (Md, "    ")
    assert Md("*a*\n  b").squeezed() == "*a* b"
    assert type(Md("x").squeezed()) is Md


def test_percent_formatting_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Md\.format"):
        Md("%s") % "x"


def test_escape_makes_plain_text_markdown() -> None:
    made = Md.escape("*x* <b>")
    assert (type(made), made) == (Md, r"\*x\* &lt;b&gt;")
    assert Md("{}").format(made) == made  # escaped once, not twice
