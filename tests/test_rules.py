"""One test per content rule: the exact file, line, column and wording of its diagnostic.

Each broken case layers a file or two over the valid MINIMAL project
(``tests/conftest.py``) and compares what ``generator.pipeline.check`` reports,
as ``(code, "path:line:col: severity: message; hint")`` pairs. Broken records
get a new file name where possible, so that nothing else refers to them and
the expected list is the whole report.
"""

from __future__ import annotations

import os
import random
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AS_OF, MINIMAL, ContentFactory, write_files
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.config import make_settings
from generator.core.diagnostics import Problem, Severity
from generator.core.models import Event, Story
from generator.pipeline import check

Diagnostics = Callable[..., list[tuple[str, str]]]

EVENT = """\
    title: The summit
    date: 2023-07-25
    summary: Leaders met.
    sources: [report-one]
    """


def pairs(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.format()) for p in problems]


def only(problems: list[Problem], code: str) -> Problem:
    """The one problem with ``code``; fails if there are none or several."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, pairs(problems)
    return found[0]


@pytest.fixture
def diagnostics(make_content: ContentFactory) -> Diagnostics:
    """``diagnostics({path: text}, **options)`` → every problem of that project, as pairs."""
    def run(files: dict[str, str | bytes | None] | None = None,
            **options: object) -> list[tuple[str, str]]:
        return pairs(check(make_content(files, **options)).problems)
    return run


def test_minimal_content_has_no_problems(make_content: ContentFactory) -> None:
    result = check(make_content())
    assert result.problems == []
    assert result.ok


def test_problem_location_fields(make_content: ContentFactory) -> None:
    problems = check(make_content({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        place: capitol
        sources: [report-one]
        """})).problems
    p = only(problems, "unknown-reference")
    assert (p.location.path, p.location.line, p.location.col) == ("content/events/summit.yml", 4, 8)
    assert p.severity is Severity.ERROR
    assert p.message == "unknown place 'capitol' in place"
    assert p.value == "capitol"
    assert p.hint == "did you mean 'capital'?"
    assert p.format() == ("content/events/summit.yml:4:8: error: "
                          "unknown place 'capitol' in place; did you mean 'capital'?")


# ---------------------------------------------------------------- files and ids


def test_bad_id(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/The Summit.yml": EVENT}) == [
        ("bad-id", "content/events/The Summit.yml:1:1: error: id 'The Summit' (the file name) "
                   "must be lower-case letters and digits separated by single hyphens; "
                   "rename the file to 'the-summit'"),
    ]


def test_id_too_long(diagnostics: Diagnostics) -> None:
    long_id = "a" * 81
    assert diagnostics({f"events/{long_id}.yml": EVENT}) == [
        ("id-too-long", f"content/events/{long_id}.yml:1:1: error: id '{long_id}' "
                        "is 81 characters long; the limit is 80"),
    ]


def test_id_of_80_characters_is_accepted(diagnostics: Diagnostics) -> None:
    assert diagnostics({f"events/{'a' * 80}.yml": EVENT}) == []


def test_duplicate_id_across_record_types(diagnostics: Diagnostics) -> None:
    assert diagnostics({"places/summit.yml": "name: Summit\nkind: city\n"}) == [
        ("duplicate-id", "content/places/summit.yml:1:1: error: id 'summit' is already used by "
                         "content/events/summit.yml; ids must be unique across all record types"),
    ]


def test_duplicate_id_yml_and_yaml(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yaml": EVENT}) == [
        ("duplicate-id", "content/events/summit.yml:1:1: error: id 'summit' is already used by "
                         "content/events/summit.yaml; ids must be unique across all record types"),
    ]


def test_empty_file(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "  \n\n"}) == [
        ("empty-file", "content/events/broken.yml:1:1: error: file is empty"),
    ]


def test_file_with_only_comments_has_no_content(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "# to do\n"}) == [
        ("empty-file", "content/events/broken.yml:1:1: error: file has no content"),
    ]


def test_bom(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": b"\xef\xbb\xbftitle: The summit\n"}) == [
        ("bom", "content/events/broken.yml:1:1: error: file starts with a byte-order mark (BOM); "
                "save it as UTF-8 without BOM"),
    ]


def test_not_utf8_points_at_the_bad_byte(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": b"title: The summit\nsummary: caf\xe9\n"}) == [
        ("not-utf8", "content/events/broken.yml:2:13: error: file is not valid UTF-8 (byte 0xe9); "
                     "save it as UTF-8"),
    ]


def test_file_too_large(diagnostics: Diagnostics) -> None:
    text = "title: T\nnotes: " + "x" * 1_000_001 + "\n"
    assert diagnostics({"events/big.yml": text}) == [
        ("file-too-large", "content/events/big.yml:1:1: error: "
                           "file is 1000018 bytes; the limit is 1000000"),
    ]


def test_not_a_file(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/folder.yml/inner.yml": EVENT}) == [
        ("not-a-file", "content/events/folder.yml:1:1: error: "
                       "'content/events/folder.yml' is a folder, not a record file"),
    ]


def test_sub_folders_group_records(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/2023/meeting.yml": EVENT}) == []


def test_symlink_escape(make_content: ContentFactory, tmp_path: Path) -> None:
    project = make_content()
    (tmp_path / "secret.yml").write_text(textwrap.dedent(EVENT), encoding="utf-8")
    os.symlink(tmp_path / "secret.yml", project.content_dir / "events" / "leak.yml")
    target = str((tmp_path / "secret.yml").resolve())
    problems = check(project).problems
    assert pairs(problems) == [
        ("symlink-escape", "content/events/leak.yml:1:1: error: "
                           "'content/events/leak.yml' links outside the content folder"),
    ]
    assert problems[0].value == target


def test_symlink_inside_content_is_a_record(make_content: ContentFactory) -> None:
    project = make_content()
    os.symlink(project.content_dir / "events" / "summit.yml",
               project.content_dir / "events" / "copy.yml")
    assert check(project).problems == []


def test_symlinked_glossary_outside_content_is_one_problem(make_content: ContentFactory,
                                                           tmp_path: Path) -> None:
    """An escaping glossary symlink is reported once, not also as an unknown file."""
    project = make_content({"glossary.yml": None})
    (tmp_path / "terms.yml").write_text("UN: United Nations\n", encoding="utf-8")
    os.symlink(tmp_path / "terms.yml", project.content_dir / "glossary.yml")
    assert pairs(check(project).problems) == [
        ("symlink-escape", "content/glossary.yml:1:1: error: "
                           "'content/glossary.yml' links outside the content folder"),
    ]


def test_unknown_folder_with_did_you_mean(diagnostics: Diagnostics) -> None:
    assert diagnostics({"event/meeting.yml": EVENT}) == [
        ("unknown-folder", "content/event:1:1: warning: folder 'event' is not a record folder "
                           "and is ignored; did you mean 'events'?"),
    ]


def test_unknown_folder_lists_record_folders(diagnostics: Diagnostics) -> None:
    assert diagnostics({"misc/meeting.yml": EVENT}) == [
        ("unknown-folder", "content/misc:1:1: warning: folder 'misc' is not a record folder "
                           "and is ignored; record folders are actors, events, claims, sources, "
                           "places, stories"),
    ]


def test_unknown_file_at_top(diagnostics: Diagnostics) -> None:
    assert diagnostics({"notes.txt": "to do", "README.md": "# Content"}) == [
        ("unknown-file", "content/notes.txt:1:1: warning: file 'notes.txt' is not a record "
                         "and is ignored; records go in actors/, events/, claims/, sources/, "
                         "places/, stories/"),
    ]


def test_unknown_file_in_record_folder(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/meeting.txt": "to do"}) == [
        ("unknown-file", "content/events/meeting.txt:1:1: warning: "
                         "'meeting.txt' is not a .yml file and is ignored"),
    ]


def test_unknown_file_yml_among_stories(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.yml": "title: Draft\n"}) == [
        ("unknown-file", "content/stories/draft.yml:1:1: warning: "
                         "'draft.yml' is not a .md file and is ignored"),
    ]


# ------------------------------------------------------------------------ YAML


def test_yaml_syntax(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": """\
        title: The summit
        date: [2023
        summary: Leaders met.
        """}) == [
        ("yaml-syntax", "content/events/broken.yml:3:8: error: "
                        "invalid YAML: did not find expected ',' or ']', while parsing a "
                        "flow sequence that began on line 2, column 7"),
    ]


def test_yaml_syntax_tab_indentation(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "title: T\n\tdate: 2023\n"}) == [
        ("yaml-syntax", "content/events/broken.yml:2:1: error: "
                        "invalid YAML: found a tab character that violates indentation, "
                        "while scanning a plain scalar that began on line 1, column 8"),
    ]


def test_yaml_syntax_control_character_is_one_line_at_its_column(
        diagnostics: Diagnostics) -> None:
    """The reader's error gives the character's own line and column, on one line."""
    assert diagnostics({"events/broken.yml": "summary: s\ntitle: a\x07b\n"}) == [
        ("yaml-syntax", "content/events/broken.yml:2:9: error: invalid YAML: "
                        "unacceptable character #x0007: control characters are not allowed"),
    ]


def test_duplicate_key(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": """\
        title: The summit
        date: 2023-07-25
        title: The other summit
        summary: S.
        sources: [report-one]
        """}) == [
        ("duplicate-key", "content/events/broken.yml:3:1: error: duplicate key 'title' "
                          "(first set on line 1); keep one; YAML would silently drop the first"),
    ]


def test_duplicate_key_in_nested_mapping(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": """\
        title: The summit
        date: 2023-07-25
        summary: S.
        sources: [report-one]
        participants:
          - actor: alice
            role: host
            actor: acme
        """}) == [
        ("duplicate-key", "content/events/broken.yml:8:5: error: duplicate key 'actor' "
                          "(first set on line 6); keep one; YAML would silently drop the first"),
    ]


def test_duplicate_key_in_story_front_matter(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.md": """\
        ---
        title: Draft
        title: Draft two
        ---
        Text.
        """}) == [
        ("duplicate-key", "content/stories/draft.md:3:1: error: duplicate key 'title' "
                          "(first set on line 2); keep one; YAML would silently drop the first"),
    ]


def test_yaml_tag(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "title: !shout The summit\n"}) == [
        ("yaml-tag", "content/events/broken.yml:1:8: error: YAML tag '!shout' is not allowed; "
                     "remove the tag; records hold plain text, lists and mappings"),
    ]


def test_python_tag_is_an_error_and_runs_nothing(diagnostics: Diagnostics,
                                                 tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    assert diagnostics({"events/broken.yml": f"""\
        title: !!python/object/apply:os.system ["touch {marker}"]
        date: 2023-07-25
        """}) == [
        ("yaml-tag", "content/events/broken.yml:1:8: error: YAML tag "
                     "'!!python/object/apply:os.system' is not allowed; "
                     "remove the tag; records hold plain text, lists and mappings"),
    ]
    assert not marker.exists()


def test_yaml_merge_key(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": """\
        base: &base {title: The summit}
        <<: *base
        """}) == [
        ("yaml-merge", "content/events/broken.yml:2:1: error: "
                       "YAML merge keys ('<<') are not supported"),
    ]


def test_bad_key_list(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "title: The summit\n[a, b]: c\n"}) == [
        ("bad-key", "content/events/broken.yml:2:1: error: a key must be plain text"),
    ]


def test_bad_key_mapping(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "title: The summit\n? {a: b}\n: c\n"}) == [
        ("bad-key", "content/events/broken.yml:2:3: error: a key must be plain text"),
    ]


def test_too_deep(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "title: " + "[" * 50 + "]" * 50 + "\n"}) == [
        ("too-deep", "content/events/broken.yml:1:48: error: "
                     "values are nested deeper than 40 levels"),
    ]


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_too_large(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/bomb.yml": billion_laughs()}) == [
        ("too-large", "content/events/bomb.yml:1:10: error: document has more than 50000 values "
                      "(aliases expanding without end?)"),
    ]


def test_not_a_mapping(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "- a\n- b\n"}) == [
        ("not-a-mapping", "content/events/broken.yml:1:1: error: "
                          "a record must be a mapping of fields, not a list"),
    ]


def test_not_a_mapping_text(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/broken.yml": "just some words\n"}) == [
        ("not-a-mapping", "content/events/broken.yml:1:1: error: "
                          "a record must be a mapping of fields, not the text 'just some words'"),
    ]


def test_not_a_mapping_quotes_text_on_one_line(diagnostics: Diagnostics) -> None:
    """Prose saved as a record: the quoted text keeps the diagnostic on one line."""
    assert diagnostics({"events/broken.yml": "First paragraph.\n\nSecond paragraph.\n"}) == [
        ("not-a-mapping", "content/events/broken.yml:1:1: error: a record must be a mapping of "
                          "fields, not the text 'First paragraph. Second paragraph.'"),
    ]


def test_not_a_mapping_nested(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/bob.yml": """\
        name: Bob
        kind: person
        summary: A person.
        relations: [friend, rival]
        """}) == [
        ("not-a-mapping", "content/actors/bob.yml:4:13: error: "
                          "'relations[1]' must be a mapping of fields, not the text 'friend'"),
        ("not-a-mapping", "content/actors/bob.yml:4:21: error: "
                          "'relations[2]' must be a mapping of fields, not the text 'rival'"),
    ]


def test_unquoted_dates_and_numbers_stay_text(make_content: ContentFactory) -> None:
    result = check(make_content({"events/summit.yml": """\
        title: 2023-09-04
        date: 2022
        summary: 1e3
        sources: [report-one]
        """}))
    assert result.problems == []
    assert result.site is not None
    event = result.site.typed("summit", Event)
    assert event.title == "2023-09-04"
    assert event.summary == "1e3"
    assert event.date.text == "2022"
    assert event.date.display() == "2022"


def test_story_numbers_and_booleans_are_read_from_text(make_content: ContentFactory) -> None:
    result = check(make_content({"stories/overview.md": """\
        ---
        title: 2023
        order: 3
        home: true
        ---
        Text.
        """}))
    assert result.problems == []
    assert result.site is not None
    story = result.site.typed("overview", Story)
    assert (story.title, story.order, story.home) == ("2023", 3, True)


# ---------------------------------------------------------------- stories


def test_no_front_matter(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.md": "# Draft\n\nText.\n"}) == [
        ("no-front-matter", "content/stories/draft.md:1:1: error: a story must start with YAML "
                            "front matter between '---' lines; add '---', 'title: …' and '---' "
                            "at the top"),
    ]


def test_front_matter_not_closed(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.md": "---\ntitle: Draft\n\nText.\n"}) == [
        ("no-front-matter", "content/stories/draft.md:1:1: error: "
                            "the front matter is not closed by a '---' line"),
    ]


def test_story_with_windows_line_endings(diagnostics: Diagnostics) -> None:
    """CRLF files are common from Windows editors; the '---\\r\\n' line closes front matter."""
    text = "---\r\ntitle: Draft\r\n---\r\n[[alice]] spoke.\r\n\r\nThen [[alicia]] left.\r\n"
    assert diagnostics({"stories/draft.md": text}) == [
        ("unknown-mention", "content/stories/draft.md:6:6: error: "
                            "unknown id 'alicia' in [[alicia]]; did you mean 'alice'?"),
    ]


def test_story_with_empty_front_matter_is_missing_its_title(diagnostics: Diagnostics) -> None:
    """The file has content (a body); what it lacks is a title."""
    assert diagnostics({"stories/draft.md": "---\n---\nText.\n"}) == [
        ("missing-field", "content/stories/draft.md:1:1: error: "
                          "missing required field 'title'"),
    ]


def test_story_missing_title(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.md": "---\nsummary: A draft.\n---\nText.\n"}) == [
        ("missing-field", "content/stories/draft.md:2:1: error: "
                          "missing required field 'title'"),
    ]


def test_second_home(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/second.md": """\
        ---
        title: Another
        home: true
        ---
        Text.
        """}) == [
        ("second-home", "content/stories/second.md:3:7: error: only one story can be the home "
                        "page; 'overview' already is; remove 'home: true' here or in "
                        "content/stories/overview.md"),
    ]


# ---------------------------------------------------------------- fields


def test_missing_field(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/meeting.yml": """\
        title: The meeting
        summary: Leaders met.
        sources: [report-one]
        """}) == [
        ("missing-field", "content/events/meeting.yml:1:1: error: missing required field 'date'"),
    ]


def test_missing_field_in_list_item(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/bob.yml": """\
        name: Bob
        kind: person
        summary: A person.
        positions:
          - title: Minister
            of: acme
        """}) == [
        ("missing-field", "content/actors/bob.yml:5:5: error: missing required field 'date'"),
    ]


def test_unknown_field(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        sumary: Leaders met.
        sources: [report-one]
        """}) == [
        ("unknown-field", "content/events/summit.yml:4:1: warning: "
                          "unknown field 'sumary' is ignored; did you mean 'summary'?"),
    ]


def test_unknown_field_in_list_item(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        sources: [report-one]
        participants:
          - actor: alice
            rol: host
        """}) == [
        ("unknown-field", "content/events/summit.yml:7:5: warning: "
                          "unknown field 'rol' is ignored; did you mean 'role'?"),
    ]


def test_unknown_field_in_story_front_matter(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/draft.md": "---\ntitle: Draft\nhomepage: true\n---\nText.\n"}) == [
        ("unknown-field", "content/stories/draft.md:3:1: warning: "
                          "unknown field 'homepage' is ignored; did you mean 'home'?"),
    ]


BAD_VALUES = [
    pytest.param(
        "events/meeting.yml", "title: T\ndate: 2023-07-25\nsummary: S\nstatus: confirmd\n",
        "content/events/meeting.yml:4:9: error: 'status' is 'confirmd', which is not one of: "
        "confirmed, reported, alleged, expected, postponed, cancelled; "
        "did you mean 'confirmed'?",
        id="enum-did-you-mean"),
    pytest.param(
        "actors/bob.yml", "name: Bob\nkind: wizard\nsummary: S\n",
        "content/actors/bob.yml:2:7: error: 'kind' is 'wizard', which is not one of: "
        "person, organization, state, government-body, armed-group, media",
        id="enum-no-hint"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: yesterday\nsummary: S\n",
        "content/events/meeting.yml:2:7: error: 'date': 'yesterday' is not an EDTF date "
        "(expected forms like 2023-09-04, 2023-09, 2022~, 2023-07-25/2023-07-27)",
        id="date-unparsable"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: 2023-13-01\nsummary: S\n",
        "content/events/meeting.yml:2:7: error: 'date': '2023-13-01' is not a date: "
        "there is no month 13",
        id="date-no-such-month"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: 2023-02-30\nsummary: S\n",
        "content/events/meeting.yml:2:7: error: 'date': '2023-02-30' is not a date: "
        "February 2023 has 28 days",
        id="date-no-such-day"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: 2023-07-27/2023-07-25\nsummary: S\n",
        "content/events/meeting.yml:2:7: error: 'date': '2023-07-27/2023-07-25' "
        "ends before it starts",
        id="interval-ends-before-start"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: {year: 2023}\nsummary: S\n",
        "content/events/meeting.yml:2:7: error: 'date': a date must be written as text, "
        "such as 2023-09-04",
        id="date-not-text"),
    pytest.param(
        "sources/note.yml", "title: T\nkind: news\ndate: 2023\nurl: javascript:alert(1)\n",
        "content/sources/note.yml:4:6: error: 'url': 'javascript:alert(1)' "
        "is not an http or https URL",
        id="url-not-http"),
    pytest.param(
        "sources/note.yml", "title: T\nkind: news\ndate: 2023\narchive_url: ftp://x.org/a\n",
        "content/sources/note.yml:4:14: error: 'archive_url': 'ftp://x.org/a' "
        "is not an http or https URL",
        id="archive-url-not-http"),
    pytest.param(
        "actors/bob.yml", "name: Bob\nkind: person\nsummary: S\nwikidata: 423\n",
        "content/actors/bob.yml:4:11: error: 'wikidata': '423' is not a Wikidata id "
        "(Q followed by digits, such as Q423)",
        id="wikidata"),
    pytest.param(
        "sources/note.yml", "title: T\nkind: news\ndate: 2023\nlanguage: English language\n",
        "content/sources/note.yml:4:11: error: 'language': 'English language' "
        "is not a BCP 47 language tag such as en, ko or ru",
        id="language"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\ncoordinates: [91, 20]\n",
        "content/places/port.yml:3:14: error: 'coordinates': latitude 91 is out of range "
        "(-90 to 90)",
        id="latitude-out-of-range"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\ncoordinates: [10, 200.5]\n",
        "content/places/port.yml:3:14: error: 'coordinates': longitude 200.5 is out of range "
        "(-180 to 180)",
        id="longitude-out-of-range"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\ncoordinates: [10, 20, 30]\n",
        "content/places/port.yml:3:14: error: 'coordinates' has the wrong number of items",
        id="coordinates-three-items"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\ncoordinates: [10]\n",
        "content/places/port.yml:3:14: error: 'coordinates' has the wrong number of items",
        id="coordinates-one-item"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\ncoordinates: [north, 20]\n",
        "content/places/port.yml:3:15: error: 'coordinates[1]' must be a number, not 'north'",
        id="coordinate-not-a-number"),
    pytest.param(
        "sources/note.yml", "title: T\nkind: news\ndate: 2023\naccessed: 2023-07\n",
        "content/sources/note.yml:4:11: error: 'accessed': '2023-07' must be a single day "
        "such as 2023-09-04",
        id="accessed-not-a-day"),
    pytest.param(
        "sources/note.yml", "title: T\nkind: news\ndate: 2023\ntags: [War in Ukraine]\n",
        "content/sources/note.yml:4:8: error: 'tags[1]': tag 'War in Ukraine' must be a slug "
        "such as 'war-in-ukraine'",
        id="tag-not-a-slug"),
    pytest.param(
        "places/port.yml", "name: Port\nkind: city\nformerly: [Old Port]\n",
        "content/places/port.yml:3:12: error: 'formerly[1]': 'Old Port' is not a record id "
        "(lower-case words joined by hyphens)",
        id="formerly-not-an-id"),
    pytest.param(
        "stories/draft.md", "---\ntitle: Draft\norder: first\n---\nText.\n",
        "content/stories/draft.md:3:8: error: 'order' must be a whole number, not 'first'",
        id="order-not-an-integer"),
    pytest.param(
        "stories/draft.md", "---\ntitle: Draft\norder: 1.5\n---\nText.\n",
        "content/stories/draft.md:3:8: error: 'order' must be a whole number, not '1.5'",
        id="order-fraction"),
    pytest.param(
        "stories/draft.md", "---\ntitle: Draft\nhome: yes please\n---\nText.\n",
        "content/stories/draft.md:3:7: error: 'home' must be true or false, not 'yes please'",
        id="home-not-a-bool"),
    pytest.param(
        "events/meeting.yml", "title: [a, b]\ndate: 2023\nsummary: S\n",
        "content/events/meeting.yml:1:8: error: 'title' must be text, not a list",
        id="text-given-a-list"),
    pytest.param(
        "events/meeting.yml", "title: T\ndate: 2023\nsummary:\n  a: b\n",
        "content/events/meeting.yml:4:3: error: 'summary' must be text, not a mapping",
        id="text-given-a-mapping"),
    pytest.param(
        "events/meeting.yml", "title:\ndate: 2023\nsummary: S\n",
        "content/events/meeting.yml:1:7: error: 'title' must be text, not nothing",
        id="text-given-nothing"),
]


@pytest.mark.parametrize(("path", "text", "expected"), BAD_VALUES)
def test_bad_value(diagnostics: Diagnostics, path: str, text: str, expected: str) -> None:
    # Without the sourcing rule: the records leave out their sources, which is reported too.
    assert diagnostics({path: text}, require_sources=False) == [("bad-value", expected)]


@pytest.mark.parametrize(("path", "text", "expected"), [
    pytest.param(
        "actors/bob.yml", "name: Bob\nkind:\nsummary: S\n",
        "content/actors/bob.yml:2:6: error: 'kind' is nothing, which is not one of: "
        "person, organization, state, government-body, armed-group, media",
        id="enum-given-nothing"),
    pytest.param(
        "stories/draft.md", "---\ntitle: Draft\norder: [1]\n---\nText.\n",
        "content/stories/draft.md:3:8: error: 'order' must be a whole number, not a list",
        id="integer-given-a-list"),
    pytest.param(
        "stories/draft.md", "---\ntitle: Draft\nhome:\n---\nText.\n",
        "content/stories/draft.md:3:6: error: 'home' must be true or false, not nothing",
        id="bool-given-nothing"),
])
def test_bad_value_describes_a_wrong_type_in_words(diagnostics: Diagnostics, path: str,
                                                   text: str, expected: str) -> None:
    """Editors see 'nothing' or 'a list', never Python's 'None' or "['1']"."""
    assert diagnostics({path: text}) == [("bad-value", expected)]


def test_not_a_list(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/meeting.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        sources: report-one
        """}) == [
        ("not-a-list", "content/events/meeting.yml:4:10: error: 'sources' must be a list, not the "
                       "text 'report-one'; write each item on its own line, starting with '- '"),
    ]


def test_not_a_list_mapping_where_participants_should_be(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/meeting.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        sources: [report-one]
        participants:
          actor: alice
        """}) == [
        ("not-a-list", "content/events/meeting.yml:6:3: error: 'participants' must be a list, "
                       "not a mapping; write each item on its own line, starting with '- '"),
    ]


@pytest.mark.parametrize("title", ["''", "'   '"], ids=["empty", "blank"])
def test_empty_field(diagnostics: Diagnostics, title: str) -> None:
    assert diagnostics({"events/meeting.yml": f"""\
        title: {title}
        date: 2023-07-25
        summary: Leaders met.
        sources: [report-one]
        """}) == [
        ("empty-field", "content/events/meeting.yml:1:8: error: 'title' must not be empty"),
    ]


# ---------------------------------------------------------------- sourcing


def test_unsourced_event(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        sources: []
        """}) == [
        ("unsourced", "content/events/summit.yml:4:1: error: event 'summit' has no sources; "
                      "add 'sources:' with at least one source id"),
    ]


def test_unsourced_claim_without_sources_key(diagnostics: Diagnostics) -> None:
    assert diagnostics({"claims/alice-says.yml": """\
        speaker: alice
        date: 2023-07-28
        text: The summit went well.
        """}) == [
        ("unsourced", "content/claims/alice-says.yml:1:1: error: claim 'alice-says' has no "
                      "sources; add 'sources:' with at least one source id"),
    ]


def test_unsourced_relation(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson.
        relations:
          - type: spokesperson-for
            to: acme
        """}) == [
        ("unsourced", "content/actors/alice.yml:5:5: error: relation 'spokesperson-for' of "
                      "'alice' to 'acme' has no sources; add 'sources:' to the relation"),
    ]


def test_unsourced_is_allowed_when_sources_are_not_required(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "events/summit.yml": "title: The summit\ndate: 2023-07-25\nsummary: Leaders met.\n",
        "claims/alice-says.yml": "speaker: alice\ndate: 2023-07-28\ntext: It went well.\n",
        "actors/alice.yml": """\
            name: Alice Example
            kind: person
            summary: A spokesperson.
            relations:
              - type: spokesperson-for
                to: acme
            """,
    }, require_sources=False) == []


# ---------------------------------------------------------------- record rules


def test_unknown_relation_type_with_did_you_mean(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson.
        relations:
          - type: spokesman-for
            to: acme
            sources: [report-one]
        """}) == [
        ("unknown-relation-type", "content/actors/alice.yml:5:11: error: unknown relation type "
                                  "'spokesman-for'; did you mean 'spokesperson-for'?"),
    ]


MENTOR = """\
    name: Alice Example
    kind: person
    summary: A spokesperson.
    relations:
      - type: mentors
        to: acme
        sources: [report-one]
    """


def test_unknown_relation_type_names_the_setting(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/alice.yml": MENTOR}) == [
        ("unknown-relation-type", "content/actors/alice.yml:5:11: error: unknown relation type "
                                  "'mentors'; add it under relation_types in the plugin settings"),
    ]


def test_extra_relation_type_from_settings_is_accepted(diagnostics: Diagnostics) -> None:
    extra = {"mentors": {"label": "mentors", "inverse": "mentored by"}}
    assert diagnostics({"actors/alice.yml": MENTOR}, relation_types=extra) == []


def test_stance_missing(diagnostics: Diagnostics) -> None:
    assert diagnostics({"claims/reply.yml": """\
        speaker: acme
        date: 2023-07-29
        text: It did not.
        responds_to: alice-says
        sources: [report-one]
        """}) == [
        ("stance-missing", "content/claims/reply.yml:4:1: error: a claim with 'responds_to' "
                           "needs a 'stance'; one of denies, disputes, confirms, retracts, "
                           "clarifies, repeats"),
    ]


def test_stance_without_response(diagnostics: Diagnostics) -> None:
    assert diagnostics({"claims/reply.yml": """\
        speaker: acme
        date: 2023-07-29
        text: It did not.
        stance: denies
        sources: [report-one]
        """}) == [
        ("stance-without-response", "content/claims/reply.yml:4:9: error: 'stance: denies' "
                                    "needs 'responds_to' (the claim it answers)"),
    ]


def expected_event(date: str) -> str:
    return f"""\
        title: The summit
        date: {date}
        summary: Leaders will meet.
        status: expected
        sources: [report-one]
        """


@pytest.mark.parametrize(("date", "shown"), [
    ("2023-07-25/2023-07-27", "25–27 July 2023"),
    ("2023-09-04", "4 September 2023"),
    ("../2023-08", "until August 2023"),
])
def test_stale_expected_is_a_warning(diagnostics: Diagnostics, date: str, shown: str) -> None:
    assert diagnostics({"events/summit.yml": expected_event(date)}) == [
        ("stale-expected", f"content/events/summit.yml:2:7: warning: stale: still expected after "
                           f"its date ({shown}, as of 5 September 2023); update the status: "
                           "confirmed, postponed or cancelled"),
    ]


@pytest.mark.parametrize("date", ["2023-09-05", "2023-09", "2023", "2023-08/..", "2024-01-01"])
def test_expected_is_not_stale_until_its_latest_day(diagnostics: Diagnostics, date: str) -> None:
    assert AS_OF == "2023-09-05"
    assert diagnostics({"events/summit.yml": expected_event(date)}) == []


def test_content_missing(diagnostics: Diagnostics) -> None:
    assert diagnostics(content_dir="nowhere") == [
        ("content-missing", "nowhere:1:1: error: content folder 'nowhere' does not exist"),
    ]


def test_bad_setting_as_of(diagnostics: Diagnostics) -> None:
    assert diagnostics(as_of="2023-09") == [
        ("bad-setting", "mkdocs.yml:1:1: error: as_of '2023-09' must be a day such as 2023-09-05"),
    ]


# ---------------------------------------------------------------- glossary


def test_glossary_not_a_mapping(diagnostics: Diagnostics) -> None:
    assert diagnostics({"glossary.yml": "- UN\n- EU\n"}) == [
        ("bad-glossary", "content/glossary.yml:1:1: error: the glossary must be a mapping of "
                         "term to definition, not a list"),
    ]


def test_glossary_definition_not_text(diagnostics: Diagnostics) -> None:
    assert diagnostics({"glossary.yml": "ACME: A ministry.\nDPRK:\nUN: [a, b]\n"}) == [
        ("bad-glossary", "content/glossary.yml:2:6: error: "
                         "the definition of 'DPRK' must be text, not nothing"),
        ("bad-glossary", "content/glossary.yml:3:5: error: "
                         "the definition of 'UN' must be text, not a list"),
    ]


def test_glossary_term_with_brackets(diagnostics: Diagnostics) -> None:
    assert diagnostics({"glossary.yml": "ACME: A ministry.\n'[UN]': United Nations\n"}) == [
        ("bad-glossary", "content/glossary.yml:2:1: error: "
                         "glossary term '[UN]' cannot contain brackets"),
    ]


def test_glossary_duplicate_term(diagnostics: Diagnostics) -> None:
    assert diagnostics({"glossary.yml": "UN: United Nations\nUN: Unknown\n"}) == [
        ("duplicate-key", "content/glossary.yml:2:1: error: duplicate key 'UN' "
                          "(first set on line 1); keep one; YAML would silently drop the first"),
    ]


# ---------------------------------------------------------------- references


def test_formerly_in_use(diagnostics: Diagnostics) -> None:
    assert diagnostics({"places/port.yml": "name: Port\nkind: city\nformerly: [summit]\n"}) == [
        ("formerly-in-use", "content/places/port.yml:3:12: error: "
                            "former id 'summit' is the id of content/events/summit.yml"),
    ]


def test_formerly_twice(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "actors/acme.yml": "name: Acme\nkind: government-body\nsummary: S.\nformerly: [old]\n",
        "places/port.yml": "name: Port\nkind: city\nformerly: [old]\n",
    }) == [
        ("formerly-twice", "content/places/port.yml:3:12: error: "
                           "former id 'old' is already claimed by 'acme'"),
    ]


def test_renamed_reference_and_mention(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "places/capital.yml": "name: Capital City\nkind: city\nformerly: [old-capital]\n",
        "events/summit.yml": """\
            title: The summit
            date: 2023-07-25
            summary: Leaders met in [[old-capital]].
            place: old-capital
            sources: [report-one]
            """,
    }) == [
        ("renamed-reference", "content/events/summit.yml:3:25: error: "
                              "'[[old-capital]]' names a renamed record; write '[[capital]]'"),
        ("renamed-reference", "content/events/summit.yml:4:8: error: "
                              "'old-capital' was renamed to 'capital'; write 'capital'"),
    ]


def test_unknown_reference_with_did_you_mean(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Leaders met.
        place: capitol
        sources: [report-one]
        """}) == [
        ("unknown-reference", "content/events/summit.yml:4:8: error: "
                              "unknown place 'capitol' in place; did you mean 'capital'?"),
    ]


def test_unknown_reference_in_list(diagnostics: Diagnostics) -> None:
    assert diagnostics({"claims/alice-says.yml": """\
        speaker: alice
        date: 2023-07-28
        text: The summit went well.
        about: [summit, nowhere]
        sources: [report-one]
        """}) == [
        ("unknown-reference", "content/claims/alice-says.yml:4:17: error: "
                              "unknown record 'nowhere' in about"),
    ]


def test_wrong_kind_reference(diagnostics: Diagnostics) -> None:
    assert diagnostics({"claims/alice-says.yml": """\
        speaker: summit
        date: 2023-07-28
        text: The summit went well.
        sources: [report-one]
        """}) == [
        ("wrong-kind-reference", "content/claims/alice-says.yml:1:10: error: "
                                 "'summit' is an event, but speaker must name an actor"),
    ]


def test_country_not_state(diagnostics: Diagnostics) -> None:
    assert diagnostics({"places/port.yml": "name: Port\nkind: city\ncountry: acme\n"}) == [
        ("country-not-state", "content/places/port.yml:3:10: error: country 'acme' is an actor "
                              "of kind 'government-body', not a state"),
    ]


def test_responds_to_loop(diagnostics: Diagnostics) -> None:
    claim = "speaker: acme\ndate: 2023-07-29\ntext: {}\nresponds_to: {}\nstance: denies\n" \
            "sources: [report-one]\n"
    assert diagnostics({
        "claims/b.yml": claim.format("B", "c"),
        "claims/c.yml": claim.format("C", "a"),
        "claims/a.yml": claim.format("A", "b"),
    }) == [
        ("responds-to-loop", "content/claims/a.yml:4:14: error: responds_to loops back on "
                             "itself: a → b → c → a; a response must answer an earlier claim"),
    ]


def test_broken_record_is_not_reported_as_unknown_where_referenced(
        diagnostics: Diagnostics) -> None:
    """'acme' exists (its file has an error); pointing at it is not an unknown id."""
    assert diagnostics({"actors/acme.yml": "name: Acme\nkind: ministry\nsummary: S.\n"}) == [
        ("bad-value", "content/actors/acme.yml:2:7: error: 'kind' is 'ministry', which is not "
                      "one of: person, organization, state, government-body, armed-group, media"),
    ]


# ---------------------------------------------------------------- mentions


def test_unknown_mention_in_folded_summary_on_a_later_line(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: >-
          Leaders met in
          [[capitol]] and went back to [[capitol]].
        sources: [report-one]
        """}) == [
        ("unknown-mention", "content/events/summit.yml:5:3: error: "
                            "unknown id 'capitol' in [[capitol]]; did you mean 'capital'?"),
        ("unknown-mention", "content/events/summit.yml:5:32: error: "
                            "unknown id 'capitol' in [[capitol]]; did you mean 'capital'?"),
    ]


def test_unknown_mention_in_literal_body(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        body: |
          First paragraph.

          It employs [[alicia]] and
            [[bob|Bob]].
        """}) == [
        ("unknown-mention", "content/actors/acme.yml:7:14: error: "
                            "unknown id 'alicia' in [[alicia]]; did you mean 'alice'?"),
        ("unknown-mention", "content/actors/acme.yml:8:5: error: unknown id 'bob' in [[bob]]"),
    ]


def test_unknown_mention_in_story_body(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        [[alice]] spoke.

        Then  [[summitt|the summit]] ended.
        """}) == [
        ("unknown-mention", "content/stories/overview.md:7:7: error: "
                            "unknown id 'summitt' in [[summitt]]; did you mean 'summit'?"),
    ]


def test_unknown_mention_in_story_summary(diagnostics: Diagnostics) -> None:
    assert diagnostics({"stories/overview.md": """\
        ---
        title: What happened
        summary: About [[alicee]].
        home: true
        ---
        Text.
        """}) == [
        ("unknown-mention", "content/stories/overview.md:3:16: error: "
                            "unknown id 'alicee' in [[alicee]]; did you mean 'alice'?"),
    ]


def test_unknown_mention_in_claim_text_and_relation_note(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "claims/alice-says.yml": "speaker: alice\ndate: 2023-07-28\n"
                                 "text: The [[sumit]] went well.\nsources: [report-one]\n",
        "actors/alice.yml": """\
            name: Alice Example
            kind: person
            summary: A spokesperson.
            relations:
              - type: spokesperson-for
                to: acme
                note: See [[acmee]].
                sources: [report-one]
            """,
    }) == [
        ("unknown-mention", "content/actors/alice.yml:7:15: error: "
                            "unknown id 'acmee' in [[acmee]]; did you mean 'acme'?"),
        ("unknown-mention", "content/claims/alice-says.yml:3:11: error: "
                            "unknown id 'sumit' in [[sumit]]; did you mean 'summit'?"),
    ]


def test_unknown_mention_after_a_code_span_and_escapes(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: "Use `[[capitol]]`, \\"then\\" [[capitol]]."
        sources: [report-one]
        """}) == [
        ("unknown-mention", "content/events/summit.yml:3:39: error: "
                            "unknown id 'capitol' in [[capitol]]; did you mean 'capital'?"),
    ]


def test_unknown_mention_written_with_spaces(diagnostics: Diagnostics) -> None:
    """``[[ capitol ]]`` is found at its own '[[', not at the start of the value."""
    assert diagnostics({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25
        summary: Met in [[ capitol ]].
        sources: [report-one]
        """}) == [
        ("unknown-mention", "content/events/summit.yml:3:17: error: "
                            "unknown id 'capitol' in [[capitol]]; did you mean 'capital'?"),
    ]


# ---------------------------------------------------------------- all at once


def test_all_problems_in_one_run_sorted_by_path_and_line(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "stories/overview.md": "---\ntitle: What happened\nhome: true\n---\n[[sumit]] ended.\n",
        "events/summit.yml": """\
            title: The summit
            date: 2023-07-25
            summary: Leaders met in [[capitol]].
            place: capitol
            sources: [report-one]
            """,
        "places/capital.yml": "name: Capital City\nkind: city\ncountry: acme\n",
        "claims/alice-says.yml": """\
            speaker: alice
            date: 2023-07-28
            text: The summit went well.
            stance: confirms
            sources: [report-one]
            """,
    }) == [
        ("stance-without-response", "content/claims/alice-says.yml:4:9: error: "
                                    "'stance: confirms' needs 'responds_to' "
                                    "(the claim it answers)"),
        ("unknown-mention", "content/events/summit.yml:3:25: error: "
                            "unknown id 'capitol' in [[capitol]]; did you mean 'capital'?"),
        ("unknown-reference", "content/events/summit.yml:4:8: error: "
                              "unknown place 'capitol' in place; did you mean 'capital'?"),
        ("country-not-state", "content/places/capital.yml:3:10: error: country 'acme' is an "
                              "actor of kind 'government-body', not a state"),
        ("unknown-mention", "content/stories/overview.md:5:1: error: "
                            "unknown id 'sumit' in [[sumit]]; did you mean 'summit'?"),
    ]


def test_load_errors_in_several_files_are_all_reported(diagnostics: Diagnostics) -> None:
    codes = [code for code, _ in diagnostics({
        "events/a.yml": "title: [\n",
        "events/b.yml": "- a\n",
        "claims/c.yml": b"\xff\n",
        "places/d.yml": "name: x\nname: y\n",
        "stories/e.md": "no front matter\n",
    })]
    # The duplicate key does not stop the load: the place's missing kind is found too.
    assert codes == ["not-utf8", "yaml-syntax", "not-a-mapping", "missing-field",
                     "duplicate-key", "no-front-matter"]


# ---------------------------------------------------------------- no traceback


NASTY: dict[str, tuple[str, str | bytes]] = {
    "random-bytes": ("events/summit.yml", random.Random(7).randbytes(400)),
    "nul-byte": ("events/summit.yml", b"title: a\x00b\n"),
    "control-character": ("events/summit.yml", "title: a\x1bb\n"),
    "lone-surrogate-bytes": ("events/summit.yml", b"title: \xed\xa0\x80\n"),
    "only-bom": ("events/summit.yml", b"\xef\xbb\xbf"),
    "open-bracket": ("events/summit.yml", "["),
    "list-as-record": ("events/summit.yml", "- a\n- b\n"),
    "number-as-record": ("events/summit.yml", "42\n"),
    "null-as-record": ("events/summit.yml", "~\n"),
    "name-list-with-mapping": ("actors/acme.yml", "name: [1, {a: b}]\nkind: state\nsummary: S\n"),
    "key-is-a-list": ("events/summit.yml", "[a, b]: c\n"),
    "key-is-a-mapping": ("events/summit.yml", "{a: b}: c\n"),
    "nesting-2000-lists": ("events/summit.yml", "title: " + "[" * 2000 + "]" * 2000 + "\n"),
    "nesting-2000-maps": ("events/summit.yml", "title: " + "{a: " * 2000 + "b" + "}" * 2000),
    "nesting-2000-indented": ("events/summit.yml",
                              "".join(f"{' ' * i}- \n" for i in range(0, 4000, 2))),
    "story-front-matter-unclosed": ("stories/overview.md", "---\ntitle: T\nhome: true\n"),
    "story-only-dashes": ("stories/overview.md", "---"),
    "story-front-matter-list": ("stories/overview.md", "---\n- a\n---\nText.\n"),
    "participants-mapping": ("events/summit.yml",
                             "title: T\ndate: 2023\nsummary: S\nparticipants: {actor: alice}\n"),
    "participants-nested-list": ("events/summit.yml",
                                 "title: T\ndate: 2023\nsummary: S\nparticipants: [[alice]]\n"),
    "participant-actor-list": ("events/summit.yml",
                               "title: T\ndate: 2023\nsummary: S\nparticipants: [{actor: [x]}]\n"),
    "positions-text": ("actors/alice.yml", "name: A\nkind: person\nsummary: S\npositions: boss\n"),
    "coordinates-mapping": ("places/capital.yml", "name: C\nkind: city\ncoordinates: {lat: 1}\n"),
    "coordinates-nan": ("places/capital.yml", "name: C\nkind: city\ncoordinates: [.nan, .inf]\n"),
    "undefined-alias": ("events/summit.yml", "title: *nope\n"),
    "two-documents": ("events/summit.yml", "title: a\n---\ntitle: b\n"),
    "binary-tag": ("events/summit.yml", "title: !!binary aGVsbG8=\n"),
    "set-tag": ("events/summit.yml", "title: !!set {a, b}\n"),
    "alias-bomb": ("events/summit.yml", billion_laughs()),
    "empty-mentions": ("events/summit.yml",
                       "title: T\ndate: 2023\nsummary: '[[]] [[ ]] [[|x]] [[a|]]'\n"
                       "sources: [report-one]\n"),
    "path-mention": ("events/summit.yml",
                     "title: T\ndate: 2023\nsummary: '[[../../etc/passwd]] [[A B]]'\n"
                     "sources: [report-one]\n"),
    "glossary-nested": ("glossary.yml", "A: {b: c}\n'': x\n"),
    "glossary-text": ("glossary.yml", "just text\n"),
    "responds-to-itself": ("claims/alice-says.yml",
                           "speaker: alice\ndate: 2023\ntext: t\nresponds_to: alice-says\n"
                           "stance: repeats\nsources: [report-one]\n"),
    "huge-line": ("events/summit.yml", "title: " + "x" * 200_000 + "\n"),
}


@pytest.mark.parametrize(("path", "text"), NASTY.values(), ids=NASTY.keys())
def test_no_traceback_on_bad_content(make_content: ContentFactory, path: str,
                                     text: str | bytes) -> None:
    problems = check(make_content({path: text})).problems
    assert problems
    assert any(p.is_error for p in problems)
    for p in problems:
        assert p.location.path
        assert p.location.line >= 1
        assert p.location.col >= 1
        assert "\n" not in p.format(), p.format()


@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab: -[]{}\n\t'\"&*!|>#%@`,?~\\x1 "))))
def test_no_traceback_on_any_yaml_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root / "content", MINIMAL)
        (root / "content" / "events" / "summit.yml").write_text(text, encoding="utf-8")
        problems = check(make_settings(root, {"as_of": AS_OF})).problems
    for p in problems:
        assert p.location.path
        assert p.location.line >= 1
        assert "\n" not in p.format(), p.format()


# ------------------------------------------------------------- country codes (maps)


@pytest.mark.parametrize(("written", "message"), [
    ("PRK", "'country_code': 'PRK' is not an ISO 3166-1 alpha-2 country code; "
            "did you mean 'KP'?"),
    ("kp", "'country_code': 'kp' is not an ISO 3166-1 alpha-2 country code; did you mean 'KP'?"),
    ("Freedonia", "'country_code': 'Freedonia' is not an ISO 3166-1 alpha-2 country code; "
                  "such as KP, RU or US"),
])
def test_unknown_country_code_is_located_with_a_hint(diagnostics: Diagnostics, written: str,
                                                     message: str) -> None:
    found = diagnostics({"actors/freedonia.yml": (
        f"name: Freedonia\nkind: state\nsummary: A state.\ncountry_code: {written}\n")})
    assert [text for _, text in found] == [f"content/actors/freedonia.yml:4:15: error: {message}"]


def test_country_code_is_for_states(diagnostics: Diagnostics) -> None:
    found = diagnostics({"actors/acme.yml": (
        "name: Acme Ministry\nkind: government-body\nsummary: A ministry.\ncountry_code: KP\n")})
    assert found == [("country-code-not-state",
                      "content/actors/acme.yml:4:15: error: 'country_code' is for actors of "
                      "kind state, not government-body; name the actor's state with "
                      "'country: <state id>'")]


def test_a_known_country_code_is_accepted(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/freedonia.yml": (
        "name: Freedonia\nkind: state\nsummary: A state.\ncountry_code: KP\n")}) == []
