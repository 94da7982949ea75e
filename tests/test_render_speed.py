"""The faster ways the renderer does things give what the plain ways gave.

Each shortcut in render.py is checked against the straightforward code it
replaced, on tricky inputs, so that the pages stay the same byte for byte.
"""

from __future__ import annotations

import itertools
import random
import re

import jinja2
import jinja2.runtime
import pytest
from conftest import ContentFactory
from markupsafe import Markup

from generator.core.link import link
from generator.core.load import load_content
from generator.core.markup import escape_text
from generator.core.paths import Links, page_path
from generator.core.validate import validate
from generator.pages.render import (
    Md,
    Page,
    _finalize,
    _glossary_matches,
    _glossary_pattern,
    _tidy,
    environment,
)
from generator.pipeline import render


def _found_by_lookbehind(terms: tuple[str, ...], body: str) -> set[str]:
    """The glossary check as one ``findall`` with a lookbehind, as it was first written."""
    forms = sorted({form for term in terms for form in (term, escape_text(term))},
                   key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, forms)) + r")(?!\w)")
    return set(pattern.findall(body))


@pytest.mark.parametrize(("terms", "body"), [
    (("UN", "UNSC", "NSC"), "The UNSC met; xUNSC is no term, but its NSC is one."),
    (("A B", "B C"), "A B C"),  # the first match hides the overlapping one
    (("R&D", "a_b"), "R&D and a\\_b, not xa\\_b"),
    (("UN",), "UN"),
    (("UN",), "éUN ÜN_UN 1UN UN."),
    (("",), "a b"),  # a blank term matches between two non-word characters
    (("", "x"), "x"),
    (("G7",), ""),
])
def test_glossary_matches_as_the_lookbehind_pattern(terms: tuple[str, ...], body: str) -> None:
    assert _glossary_matches(_glossary_pattern(terms), body) == _found_by_lookbehind(terms, body)


def test_glossary_matches_on_random_text() -> None:
    pieces = ["UN", "UNSC", "NSC", "a_b", "x", "é", " ", "-", "*", "_", "1", "G7", "", "a b", "\n"]
    rng = random.Random(7)
    for _ in range(1000):
        terms = tuple(rng.sample(pieces, rng.randint(1, 5)))
        body = "".join(rng.choice([*pieces, ".", "\\_"]) for _ in range(rng.randint(0, 25)))
        assert _glossary_matches(_glossary_pattern(terms), body) == \
            _found_by_lookbehind(terms, body), (terms, body)


def test_tidy_as_the_counted_pattern() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(["\n", "\n\n", "a", " ", "\t"])
                       for _ in range(rng.randint(0, 12)))
        assert _tidy(text) == re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_html_href_as_links_relative(make_content: ContentFactory, directory_urls: bool) -> None:
    settings = make_content(use_directory_urls=directory_urls)
    site, _ = link(validate(load_content(settings), settings), settings)
    links = Links(directory_urls=directory_urls)
    pages = ["index.md", "glossary.md", "actors/index.md", "actors/alice.md", "tags/war.md",
             "tags/war/2.md", "timeline/2023.md", "events/list/2023/3.md"]
    for here, target in itertools.product(pages, site.entries):
        assert Page(site, here).html_href(target) == \
            links.relative(page_path(site, target), here), (here, target)


@pytest.mark.parametrize("value", [
    None, "", "a *b* <c> &amp; 1. x", Md("**kept** <b>"), Markup("<i>macro</i>"), 3, 2.5, True,
    ("a", "b"),
])
def test_finalize_as_markup_of_the_escaped_text(value: object) -> None:
    if value is None:
        want = ""
    elif isinstance(value, (Md, Markup)):
        want = str(value)
    else:
        want = escape_text(str(value))
    got = _finalize(value)
    assert type(got) is Markup
    assert str(got) == want


def test_pages_called_straight_away_as_through_jinjas_context(
        make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_content()
    site, _ = link(validate(load_content(settings), settings), settings)
    assert environment().context_class is not jinja2.runtime.Context
    fast = render(site).files
    monkeypatch.setattr(environment(), "context_class", jinja2.runtime.Context)
    assert render(site).files == fast


def test_functions_that_take_the_context_still_get_it() -> None:
    template = environment().from_string(
        "{% for i in [1, 2] %}{{ who(i) }}{% endfor %} {{ plain(3) }}")

    @jinja2.pass_context
    def who(context: jinja2.runtime.Context, n: int) -> str:
        return f"{context['name']}{n}"
    assert template.render(name="x", who=who, plain=str) == "x1x2 3"
