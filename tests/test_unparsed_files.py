"""A file that does not parse: one located error, and no phantom errors elsewhere.

The issue's case: an unclosed quote on line 1 of an event file of the default
content gave 14 errors (13 "unknown event" errors in the files referring to it,
some with a wrong "did you mean" hint) and placed the real error on line 39.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, DEFAULT_CONTENT, ContentFactory

from generator.core.config import make_settings
from generator.pipeline import check
from generator.speed.cache import DiskCache, MemoryCache, NullCache

BROKEN = "events/shoigu-visit-to-pyongyang.yml"


@pytest.fixture
def broken_default(tmp_path: Path) -> Path:
    """The default content with ``title: "Sergei Shoigu…`` (no closing quote) on line 1."""
    import shutil

    shutil.copytree(DEFAULT_CONTENT, tmp_path / "content")
    path = tmp_path / "content" / BROKEN
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "title: Sergei Shoigu visits Pyongyang"
    lines[0] = 'title: "Sergei Shoigu visits Pyongyang'
    path.write_text("\n".join(lines), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("cache", [None, MemoryCache, NullCache, DiskCache])
def test_unclosed_quote_gives_one_error_at_the_quote(broken_default: Path,
                                                     cache: type | None) -> None:
    settings = make_settings(broken_default, {"as_of": AS_OF})
    made = None if cache is None else (
        DiskCache.for_project(settings) if cache is DiskCache else cache())
    problems = check(settings, made).problems
    assert [p.format() for p in problems] == [
        f"content/{BROKEN}:1:8: error: invalid YAML: did not find expected key on line 39, "
        "column 42, while parsing a block mapping that began on line 1, column 1; the quoted "
        "text opened here runs on to line 39: is a closing quote missing?"]
    if cache is DiskCache:  # the next check, from the cache, says the same
        assert [p.format() for p in check(settings, made).problems] == \
            [p.format() for p in problems]


def test_quote_never_closed(make_content: ContentFactory) -> None:
    problems = check(make_content({"events/new.yml": 'title: "The summit\ndate: 2023\n'})
                     ).problems
    assert [(p.code, p.format()) for p in problems] == [
        ("yaml-syntax", "content/events/new.yml:1:8: error: invalid YAML: found unexpected "
                        "end of stream on line 3, column 1; the quoted text opened here runs "
                        "on to line 3: is a closing quote missing?")]


def test_both_lines_are_named(make_content: ContentFactory) -> None:
    """A block mapping that goes wrong far from where it began: both places are named."""
    problems = check(make_content({"events/new.yml": (
        "title: The summit\ndate: 2023\nsummary: s\n  bad: indentation\n")})).problems
    assert [p.format() for p in problems] == [
        "content/events/new.yml:4:6: error: invalid YAML: mapping values are not allowed "
        "in this context"]
    problems = check(make_content({"events/new.yml": (
        "title: The summit\nparticipants:\n  - actor: a\n - actor: b\n")})).problems
    assert [p.format() for p in problems] == [
        "content/events/new.yml:4:2: error: invalid YAML: did not find expected key, while "
        "parsing a block mapping that began on line 1, column 1"]


@pytest.mark.parametrize("text", [
    "title: [unclosed\n",                    # does not parse
    "- a list\n",                            # not a mapping
    b"title: \xff\n",                        # not UTF-8
    "",                                      # empty
])
def test_a_file_that_does_not_load_still_declares_its_id(make_content: ContentFactory,
                                                         text: str | bytes) -> None:
    """Every record referring to the summit (a claim's about, a story's [[summit]]) is
    silent: only the summit's own file has a problem."""
    problems = check(make_content({"events/summit.yml": text})).problems
    assert {p.location.path for p in problems} == {"content/events/summit.yml"}
    assert len(problems) == 1


def test_a_broken_file_with_a_taken_id_is_a_duplicate(make_content: ContentFactory) -> None:
    problems = check(make_content({"places/summit.yml": "name: [\n"})).problems
    assert [(p.code, p.location.path) for p in problems] == [
        ("duplicate-id", "content/places/summit.yml")]
