"""Every problem of a file in one run, whatever comes first; control characters located.

A bad ``kind``, a duplicate key or a bad date used to hide the same file's
other problems (its sourcing, its stance, its references, its mentions), so
that editors fixed one and ran the check again to meet the next.
"""

from __future__ import annotations

import pytest
from conftest import ContentFactory

from generator.pipeline import check
from generator.speed.cache import DiskCache, MemoryCache, NullCache


def reported(settings: object, cache: type | None = None) -> list[tuple[str, str]]:
    made = None if cache is None else (
        DiskCache.for_project(settings) if cache is DiskCache else cache())  # type: ignore[arg-type]
    return [(p.code, p.format()) for p in check(settings, made).problems]  # type: ignore[arg-type]


CACHES = [None, MemoryCache, NullCache, DiskCache]

#: An actor with a bad kind, an unknown country, an unknown mention and a relation
#: without sources or a known type.
BAD_KIND = """\
    name: Bob
    kind: persn
    summary: Friend of [[alise]].
    country: freedonai
    relations:
      - type: befriends
        to: alice
    """


@pytest.mark.parametrize("cache", CACHES)
def test_bad_kind_hides_nothing(make_content: ContentFactory, cache: type | None) -> None:
    settings = make_content({"actors/bob.yml": BAD_KIND})
    expected = [
        ("bad-value", "content/actors/bob.yml:2:7: error: 'kind' is 'persn', which is not one "
                      "of: person, organization, state, government-body, armed-group, media; "
                      "did you mean 'person'?"),
        ("unknown-mention", "content/actors/bob.yml:3:20: error: unknown id 'alise' in "
                            "[[alise]]; did you mean 'alice'?"),
        ("unknown-reference", "content/actors/bob.yml:4:10: error: unknown actor 'freedonai' in "
                              "country; did you mean 'freedonia'?"),
        ("unsourced", "content/actors/bob.yml:6:5: error: relation 'befriends' of 'bob' to "
                      "'alice' has no sources; add 'sources:' to the relation"),
        ("unknown-relation-type", "content/actors/bob.yml:6:11: error: unknown relation type "
                                  "'befriends'; add it under relation_types in the plugin "
                                  "settings"),
    ]
    assert reported(settings, cache) == expected
    if cache is DiskCache:
        assert reported(settings, cache) == expected  # and again, from the cache


@pytest.mark.parametrize("cache", CACHES)
def test_bad_date_hides_nothing(make_content: ContentFactory, cache: type | None) -> None:
    settings = make_content({"claims/bob-says.yml": """\
        speaker: alise
        date: 2023-02-30
        text: Nothing happened at [[sumit]].
        stance: denies
        """})
    assert reported(settings, cache) == [
        ("unsourced", "content/claims/bob-says.yml:1:1: error: claim 'bob-says' has no sources; "
                      "add 'sources:' with at least one source id"),
        ("unknown-reference", "content/claims/bob-says.yml:1:10: error: unknown actor 'alise' "
                              "in speaker; did you mean 'alice'?"),
        ("bad-value", "content/claims/bob-says.yml:2:7: error: 'date': '2023-02-30' is not a "
                      "date: February 2023 has 28 days"),
        ("unknown-mention", "content/claims/bob-says.yml:3:27: error: unknown id 'sumit' in "
                            "[[sumit]]; did you mean 'summit'?"),
        ("stance-without-response", "content/claims/bob-says.yml:4:9: error: 'stance: denies' "
                                    "needs 'responds_to' (the claim it answers)"),
    ]


@pytest.mark.parametrize("cache", CACHES)
def test_duplicate_key_hides_nothing(make_content: ContentFactory, cache: type | None) -> None:
    settings = make_content({"events/meeting.yml": """\
        title: The meeting
        title: The other meeting
        date: 2023-07-25
        summary: Met in [[capitol]].
        place: capitol
        status: expectd
        """})
    assert reported(settings, cache) == [
        ("unsourced", "content/events/meeting.yml:1:1: error: event 'meeting' has no sources; "
                      "add 'sources:' with at least one source id"),
        ("duplicate-key", "content/events/meeting.yml:2:1: error: duplicate key 'title' "
                          "(first set on line 1); keep one; YAML would silently drop the first"),
        ("unknown-mention", "content/events/meeting.yml:4:17: error: unknown id 'capitol' in "
                            "[[capitol]]; did you mean 'capital'?"),
        ("unknown-reference", "content/events/meeting.yml:5:8: error: unknown place 'capitol' "
                              "in place; did you mean 'capital'?"),
        ("bad-value", "content/events/meeting.yml:6:9: error: 'status' is 'expectd', which is "
                      "not one of: confirmed, reported, alleged, expected, postponed, "
                      "cancelled; did you mean 'expected'?"),
    ]


def test_a_field_in_error_does_not_report_what_it_cannot_know(
        make_content: ContentFactory) -> None:
    """A bad ``sources`` is one error, not also "has no sources"; a bad stance is not
    also "needs a stance"; a reference to the invalid record is not unknown."""
    problems = reported(make_content({"claims/bob-says.yml": """\
        speaker: alice
        date: 2023-07-28
        text: No.
        responds_to: alice-says
        stance: denie
        sources: report-one
        """, "claims/carol-says.yml": """\
        speaker: alice
        date: 2023-07-29
        text: Yes.
        responds_to: bob-says
        stance: disputes
        sources: [report-one]
        """}))
    assert [code for code, _ in problems] == ["bad-value", "not-a-list"]


# ------------------------------------------------------------ control characters


@pytest.mark.parametrize(("escape", "shown"), [
    ("\\a", "U+0007 (BEL)"), ("\\e", "U+001B (ESC)"), ("\\x7f", "U+007F (DEL)"),
    ("\\uFFFE", "U+FFFE (noncharacter)"), ("\\x85", "U+0085 (NEL)"),
    ("\\x9b", "U+009B (C1 control)"),
])
def test_control_character_in_a_field(make_content: ContentFactory, escape: str,
                                      shown: str) -> None:
    problems = reported(make_content({"events/summit.yml": f"""\
        title: "The {escape}summit"
        date: 2023-07-25/2023-07-27
        summary: Leaders met in [[capital]].
        place: capital
        participants:
          - actor: alice
            role: "ho{escape}st"
        sources: [report-one]
        """}))
    assert problems == [
        ("control-character", f"content/events/summit.yml:1:8: error: 'title' contains the "
                              f"control character {shown}; remove it: text may hold tabs and "
                              "line breaks, no other control character"),
        ("control-character", f"content/events/summit.yml:7:11: error: 'participants[1].role' "
                              f"contains the control character {shown}; remove it: text may "
                              "hold tabs and line breaks, no other control character"),
    ]


def test_tab_and_newline_are_text(make_content: ContentFactory) -> None:
    assert reported(make_content({"events/summit.yml": """\
        title: "The\\tsummit"
        date: 2023-07-25/2023-07-27
        summary: "Leaders met\\nin [[capital]]."
        sources: [report-one]
        """})) == []


def test_control_character_in_a_key(make_content: ContentFactory) -> None:
    problems = reported(make_content({"events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met.
        sources: [report-one]
        "no\\ates": x
        """}))
    assert problems[0] == (
        "control-character", "content/events/summit.yml:5:1: error: the key 'no\\x07tes' "
                             "contains the control character U+0007 (BEL); remove it: text may "
                             "hold tabs and line breaks, no other control character")


def test_control_character_in_a_story_body(make_content: ContentFactory) -> None:
    problems = reported(make_content({"stories/overview.md": (
        "---\ntitle: What happened\nhome: true\n---\n"
        "[[alice]] spoke\n\nafter \x1b[31m[[summit|the summit]].\x7f\n")}))
    assert problems == [
        ("control-character", "content/stories/overview.md:7:7: error: the story's text contains "
                              "the control character U+001B (ESC); remove it: text may hold "
                              "tabs and line breaks, no other control character"),
        ("control-character", "content/stories/overview.md:7:34: error: the story's text "
                              "contains the control character U+007F (DEL); remove it: text "
                              "may hold tabs and line breaks, no other control character"),
    ]


def test_control_characters_in_front_matter_and_glossary(make_content: ContentFactory) -> None:
    problems = reported(make_content({
        "stories/overview.md": '---\ntitle: "What\\a happened"\nhome: true\n---\nText.\n',
        "glossary.yml": 'DPRK: "North\\e Korea"\n'}))
    assert [(code, text.split(": error")[0]) for code, text in problems] == [
        ("control-character", "content/glossary.yml:1:7"),
        ("control-character", "content/stories/overview.md:2:8"),
    ]
