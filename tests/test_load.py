"""Unit tests of stage 1, load: YAML to plain data with the position of every value.

One test per diagnostic code lives in test_rules.py; these check what the
loader hands on to the next stage.
"""

from __future__ import annotations

import pytest
from conftest import MINIMAL, ContentFactory

from generator.core.diagnostics import Location
from generator.core.load import Document, Loaded, RawRecord, Span, load_content, parse_yaml


def _load(make_content: ContentFactory, files: dict[str, str | None] | None = None,
          base: dict[str, str] | None = MINIMAL) -> Loaded:
    return load_content(make_content(files, base=base))


def _record(loaded: Loaded, record_id: str) -> RawRecord:
    found = [r for r in loaded.records if r.id == record_id]
    assert len(found) == 1, [r.id for r in loaded.records]
    return found[0]


def _parse(text: str) -> Document:
    return parse_yaml(text, "content/actors/x.yml")


# ------------------------------------------------------------------ positions

ACTOR = """\
name: Alice Example
kind: person
summary: >-
  A spokesperson
  for [[acme]].
positions:
  - title: Spokesperson
    of: acme
    date: 2020/..
  - title: Adviser
    date: 2018/2019
aliases: [A. Example, Алиса]
"""


def test_value_positions_are_one_based_line_and_column() -> None:
    doc = _parse(ACTOR)
    assert doc.values[("name",)] == Span(1, 7, 6, 19)
    assert (doc.values[("kind",)].line, doc.values[("kind",)].col) == (2, 7)
    # A block scalar starts at its indicator.
    assert (doc.values[("summary",)].line, doc.values[("summary",)].col) == (3, 10)


def test_key_positions_are_kept_separately_from_values() -> None:
    doc = _parse(ACTOR)
    assert (doc.keys[("kind",)].line, doc.keys[("kind",)].col) == (2, 1)
    assert doc.key_loc(("kind",)) == Location("content/actors/x.yml", 2, 1)
    assert doc.loc(("kind",)) == Location("content/actors/x.yml", 2, 7)


def test_nested_list_items_have_their_own_positions() -> None:
    doc = _parse(ACTOR)
    item = doc.values[("positions", 1)]
    assert (item.line, item.col) == (10, 5)
    title = doc.values[("positions", 1, "title")]
    assert (title.line, title.col) == (10, 12)
    date = doc.values[("positions", 0, "date")]
    assert (date.line, date.col) == (9, 11)
    key = doc.keys[("positions", 0, "of")]
    assert (key.line, key.col) == (8, 5)
    # Items of a flow list, too.
    alias = doc.values[("aliases", 1)]
    assert (alias.line, alias.col) == (12, 23)


def test_positions_of_a_loaded_record_are_relative_to_the_project(
        make_content: ContentFactory) -> None:
    loaded = _load(make_content)
    alice = _record(loaded, "alice")
    assert alice.doc.path == "content/actors/alice.yml"
    assert alice.doc.loc(("positions", 0, "of")) == Location("content/actors/alice.yml", 7, 9)
    assert alice.doc.loc(("relations", 0, "sources", 0)) == \
        Location("content/actors/alice.yml", 12, 15)


def test_columns_count_characters_not_bytes() -> None:
    doc = _parse("aliases: [김정은, Ким Чен Ын, Kim]\n")
    assert doc.values[("aliases", 2)].col == 28
    assert doc.source(("aliases", 1)) == "Ким Чен Ын"


def test_span_offsets_index_the_text() -> None:
    doc = _parse(ACTOR)
    for path in [("name",), ("kind",), ("positions", 0, "title"), ("positions", 1, "date"),
                 ("aliases", 0), ("aliases", 1)]:
        span = doc.values[path]
        value = doc.data
        for part in path:
            value = value[part]
        assert doc.text[span.start:span.end] == value, path


# ----------------------------------------------------------- scalars as text


@pytest.mark.parametrize("written", [
    "2023-09-04", "2022", "yes", "no", "true", "1e3", "0x1F", "1_000", "012", "3.10",
    ".inf", "2023-09-04T14:30:00Z", "2023-07-25/2023-07-27", "2022~",
])
def test_scalars_stay_the_text_the_editor_typed(written: str) -> None:
    doc = _parse(f"value: {written}\nitems:\n  - {written}\n")
    assert doc.data == {"value": written, "items": [written]}
    assert isinstance(doc.data["value"], str)


@pytest.mark.parametrize("written", ["", "null", "Null", "NULL", "~"])
def test_null_and_empty_values_become_none(written: str) -> None:
    doc = _parse(f"summary: {written}\nname: X\n")
    assert doc.data == {"summary": None, "name": "X"}


@pytest.mark.parametrize(("written", "expected"), [
    ("'null'", "null"),
    ('"null"', "null"),
    ("'~'", "~"),
    ("''", ""),
    ('""', ""),
    ("'2022'", "2022"),
])
def test_quoted_values_stay_text(written: str, expected: str) -> None:
    assert _parse(f"value: {written}\n").data == {"value": expected}


def test_nested_values_keep_their_types() -> None:
    doc = _parse("participants:\n  - actor: alice\n    role:\n  - bob\ncoordinates: [1.5, -2]\n")
    assert doc.data == {"participants": [{"actor": "alice", "role": None}, "bob"],
                        "coordinates": ["1.5", "-2"]}


# ------------------------------------------------------------- files, order


def test_records_come_in_sorted_deterministic_order(make_content: ContentFactory) -> None:
    files = {
        "events/zz-last.yml": "title: Z\n",
        "events/aa-first.yml": "title: A\n",
        "actors/mm-middle.yml": "name: M\n",
    }
    first = _load(make_content, files)
    ids = [(r.kind, r.doc.path) for r in first.records]
    assert ids == sorted(ids, key=lambda pair: pair[1])
    assert [r.id for r in first.records if r.kind == "event"] == ["aa-first", "summit", "zz-last"]
    again = _load(make_content)
    assert [r.doc.path for r in again.records] == [r.doc.path for r in first.records]


def test_every_minimal_record_is_loaded_with_its_kind(make_content: ContentFactory) -> None:
    loaded = _load(make_content)
    assert loaded.problems == []
    kinds = {r.id: r.kind for r in loaded.records}
    assert kinds == {
        "acme": "actor", "alice": "actor", "freedonia": "actor", "alice-says": "claim",
        "summit": "event", "capital": "place", "report-one": "source", "overview": "story",
    }
    assert loaded.glossary is not None
    assert loaded.glossary.data == {"ACME": "A ministry of Freedonia."}


@pytest.mark.parametrize("size", [10, 64 * 1024 - 8, 64 * 1024, 200_000, 999_900])
def test_a_file_of_any_size_up_to_the_limit_is_read_whole(make_content: ContentFactory,
                                                          size: int) -> None:
    """Files are read in two steps (most fit the first): none is cut at the seam."""
    text = "title: T\nnotes: " + "x" * size + "\nsummary: the end\n"
    loaded = _load(make_content, {"events/long.yml": text})
    [record] = [r for r in loaded.records if r.id == "long"]
    assert record.doc.text == text
    assert record.doc.data["summary"] == "the end"


def test_yaml_extension_is_accepted(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"places/harbour.yaml": "name: Harbour\nkind: facility\n",
                                  "glossary.yml": None,
                                  "glossary.yaml": "DPRK: North Korea\n"})
    assert loaded.problems == []
    harbour = _record(loaded, "harbour")
    assert harbour.kind == "place"
    assert harbour.doc.path == "content/places/harbour.yaml"
    assert loaded.glossary is not None
    assert loaded.glossary.data == {"DPRK": "North Korea"}


def test_sub_folders_inside_a_type_folder_are_allowed(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {
        "actors/people/bob.yml": "name: Bob\n",
        "actors/people/deeper/carol.yml": "name: Carol\n",
    })
    assert loaded.problems == []
    bob = _record(loaded, "bob")
    assert (bob.kind, bob.doc.path) == ("actor", "content/actors/people/bob.yml")
    carol = _record(loaded, "carol")
    assert carol.doc.path == "content/actors/people/deeper/carol.yml"


def test_readme_at_the_top_of_content_is_ignored(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"README.md": "# Editors' notes\n",
                                  "readme.txt": "notes\n"})
    assert loaded.problems == []
    assert len(loaded.records) == len([k for k in MINIMAL if k != "glossary.yml"])


@pytest.mark.parametrize("path", [
    "actors/README.md",
    "events/sub/README.txt",
    "stories/README.md",
])
def test_readme_inside_a_type_folder_is_ignored(make_content: ContentFactory,
                                                path: str) -> None:
    loaded = _load(make_content, {path: "# How to write these records\n"})
    assert [p.format() for p in loaded.problems] == []
    assert all(r.id.lower() != "readme" for r in loaded.records)


def test_hidden_files_are_skipped(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"actors/.draft.yml": "name: [unclosed\n",
                                  ".editorconfig": "root = true\n"})
    assert loaded.problems == []


# -------------------------------------------------------------------- stories


STORY = """\
---
title: What happened
order: 2
home: true
---
First line with [[alice]].

Second paragraph.
"""


def test_story_front_matter_is_parsed_with_file_relative_lines(
        make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"stories/overview.md": STORY})
    story = _record(loaded, "overview")
    assert story.kind == "story"
    assert story.doc.data == {"title": "What happened", "order": "2", "home": "true"}
    assert story.doc.loc(("title",)) == Location("content/stories/overview.md", 2, 8)
    assert story.doc.loc(("home",)) == Location("content/stories/overview.md", 4, 7)
    assert story.doc.key_loc(("order",)) == Location("content/stories/overview.md", 3, 1)
    # The document's text is the whole file, so offsets index it.
    assert story.doc.text == STORY
    assert story.doc.source(("title",)) == "What happened"


def test_story_body_and_body_line(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"stories/overview.md": STORY})
    story = _record(loaded, "overview")
    assert story.body == "First line with [[alice]].\n\nSecond paragraph.\n"
    assert story.body_line == 6
    assert STORY.splitlines()[story.body_line - 1] == "First line with [[alice]]."


def test_story_with_empty_body(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"stories/overview.md": "---\ntitle: T\n---\n"})
    story = _record(loaded, "overview")
    assert story.body == ""
    assert story.doc.data == {"title": "T"}


def test_story_front_matter_may_end_with_dots(make_content: ContentFactory) -> None:
    loaded = _load(make_content, {"stories/overview.md": "---\ntitle: T\n...\nBody\n"})
    story = _record(loaded, "overview")
    assert (story.body, story.body_line) == ("Body\n", 4)


def test_story_with_windows_line_endings(make_content: ContentFactory) -> None:
    """A story saved with CRLF line endings is still a story with front matter."""
    loaded = _load(make_content, {
        "stories/overview.md": b"---\r\ntitle: T\r\n---\r\nBody [[alice]]\r\n"})
    assert [p.format() for p in loaded.problems] == []
    story = _record(loaded, "overview")
    assert story.doc.data == {"title": "T"}
    assert story.body.strip() == "Body [[alice]]"
    assert story.body_line == 4


def test_story_body_may_contain_a_horizontal_rule(make_content: ContentFactory) -> None:
    text = "---\ntitle: T\n---\nAbove\n\n---\n\nBelow\n"
    story = _record(_load(make_content, {"stories/overview.md": text}), "overview")
    assert story.body == "Above\n\n---\n\nBelow\n"
    assert story.body_line == 4


# ------------------------------------------------------------ Document helpers


def test_loc_falls_back_to_the_nearest_written_ancestor() -> None:
    doc = _parse(ACTOR)
    assert doc.loc(("positions", 1, "of")) == doc.loc(("positions", 1))
    assert doc.loc(("positions", 1, "of")) == Location("content/actors/x.yml", 10, 5)
    assert doc.loc(("positions", 7, "title")) == doc.loc(("positions",))
    assert doc.loc(("country",)) == doc.loc(())
    assert doc.loc(()) == Location("content/actors/x.yml", 1, 1)


def test_key_loc_falls_back_to_the_value_location() -> None:
    doc = _parse(ACTOR)
    # A list item has no key: its value location is used.
    assert doc.key_loc(("positions", 1)) == Location("content/actors/x.yml", 10, 5)
    assert doc.key_loc(("missing",)) == Location("content/actors/x.yml", 1, 1)


def test_source_returns_the_raw_text_as_written() -> None:
    doc = _parse("date: 2023-09-04\nname: 'Quoted  text'\nflag: yes\nsummary: >-\n  two\n"
                 "  lines\n")
    assert doc.source(("date",)) == "2023-09-04"
    assert doc.source(("name",)) == "'Quoted  text'"
    assert doc.data["name"] == "Quoted  text"
    assert doc.source(("flag",)) == "yes"
    assert doc.source(("summary",)).startswith(">-\n  two\n  lines")
    assert doc.data["summary"] == "two lines"
    assert doc.source(("absent",)) == ""
