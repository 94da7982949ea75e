"""The faster ways the renderer does things give what the plain ways gave.

Each shortcut in render.py is checked against the straightforward code it
replaced, on tricky inputs, so that the pages stay the same byte for byte.
"""

from __future__ import annotations

import itertools
import random
import re
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import jinja2
import jinja2.runtime
import pytest
from conftest import ContentFactory
from markupsafe import Markup

from benchmarks.corpus import write_content
from generator.core.config import make_settings
from generator.core.link import link
from generator.core.load import load_content
from generator.core.markup import escape_text
from generator.core.paths import Links, page_path
from generator.core.validate import validate
from generator.pages import paging
from generator.pages.policy import Plain
from generator.pages.render import (
    Md,
    Page,
    _finalize,
    _glossary_matches,
    _glossary_pattern,
    _tidy,
    environment,
    link_memo_key,
)
from generator.pipeline import check, render

M = TypeVar("M")


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


# --- compiled templates, kept between processes ------------------------------

TEMPLATES = sorted(name for name in environment().list_templates() if name.endswith(".j2"))


def _fresh_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> jinja2.Environment:
    """A new environment (not this process's), whose cache is in ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return environment.__wrapped__()  # type: ignore[attr-defined]


def _entries(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("_jinja2-cache-*/__explainer_*.cache"))


def test_compiled_templates_are_kept_and_loaded_instead_of_compiled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        make_content: ContentFactory) -> None:
    first = _fresh_environment(tmp_path, monkeypatch)
    for name in TEMPLATES:
        first.get_template(name)
    assert len(_entries(tmp_path)) == len(TEMPLATES)
    second = _fresh_environment(tmp_path, monkeypatch)

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled although its code was kept")
    monkeypatch.setattr(second, "compile", no_compile)
    for name in TEMPLATES:
        assert second.get_template(name).render is not None
    settings = make_content()
    site, _ = link(validate(load_content(settings), settings), settings)
    plain = render(site).files
    monkeypatch.setattr(environment(), "bytecode_cache", None)
    assert render(site).files == plain


def test_a_changed_template_is_compiled_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = _fresh_environment(tmp_path, monkeypatch)
    env.loader = jinja2.DictLoader({"t.j2": "one"})
    assert env.get_template("t.j2").render() == "one"
    env = _fresh_environment(tmp_path, monkeypatch)
    env.loader = jinja2.DictLoader({"t.j2": "two"})
    assert env.get_template("t.j2").render() == "two"


@pytest.mark.parametrize("damage", [b"", b"j2", b"\x00" * 64, b"not a cache entry at all"])
def test_a_damaged_entry_is_compiled_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    env = _fresh_environment(tmp_path, monkeypatch)
    want = {name: env.get_template(name) for name in ("_pager.md.j2", "tags.md.j2")}
    for entry in _entries(tmp_path):
        entry.write_bytes(damage)
    env = _fresh_environment(tmp_path, monkeypatch)
    for name in want:
        assert env.get_template(name).name == name
    assert all(entry.read_bytes() != damage for entry in _entries(tmp_path))


def test_no_folder_to_keep_them_in_is_no_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env = _fresh_environment(blocked, monkeypatch)  # the cache's folder cannot be made
    assert getattr(env.bytecode_cache, "directory", None) == ""
    assert env.get_template("tags.md.j2").name == "tags.md.j2"
    cache = tmp_path / "cache"
    env = _fresh_environment(cache, monkeypatch)
    cache.mkdir()
    assert env.bytecode_cache is not None
    monkeypatch.setattr(env.bytecode_cache, "directory", str(tmp_path / "gone"))
    assert env.get_template("tags.md.j2").name == "tags.md.j2"  # nowhere to write: compiled


# --- links shared by the pages of folders that reach the records alike ------------

class _NothingShared(Plain):
    def shared(self, key: Hashable, make: Callable[[], M]) -> M:
        return make()


def test_link_memo_keys() -> None:
    assert link_memo_key("actors") == ("links", "actors")
    assert link_memo_key("actors/list") == ("links", "actors/list")
    assert link_memo_key("tags/a") == link_memo_key("tags/b") == ("links at depth", 2)
    assert link_memo_key("tags") == link_memo_key("timeline") == ("links at depth", 1)
    assert link_memo_key("") == ("links at depth", 0)
    assert link_memo_key("tags/a") != link_memo_key("tags")


def test_pages_that_share_links_are_the_pages_that_share_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tag pages cut into numbered pages (``tags/<tag>/2.md``) share their links with
    every other tag's; the pages are those of a render in which no page shares any."""
    monkeypatch.setattr(paging, "LIMIT", 4)
    monkeypatch.setattr(paging.paginate, "__defaults__", (4,))
    write_content(160, tmp_path / "content", seed=11)
    settings = make_settings(tmp_path, {"as_of": "2024-06-30"})
    site = check(settings).site
    assert site is not None
    shared = render(site, Plain()).files
    assert sum(1 for path in shared if re.fullmatch(r"tags/[^/]+/\d+\.md", path)) > 10
    assert render(site, _NothingShared()).files == shared
