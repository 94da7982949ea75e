"""The ``unsafe-link`` rule: links written in prose go to http, https, mailto or the site.

Python-Markdown copies a link's destination into ``href`` or ``src`` as it is,
and browsers decode character references and drop tabs and line breaks before
they read the scheme. So a ``javascript:`` link in a summary would run script
for every reader who clicks it. The rule reads each destination as a browser
would and reports, at the destination's own line and column, every one that is
not http, https, mailto, a path or an anchor within the site.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ContentFactory

from generator.core.markup import find_link_targets, is_safe_link
from generator.pipeline import build, check

Diagnostics = Callable[..., list[tuple[str, str]]]
MESSAGE = "is not allowed: only http, https, mailto and links within the site"


@pytest.fixture
def diagnostics(make_content: ContentFactory) -> Diagnostics:
    def run(files: dict[str, str | bytes | None]) -> list[tuple[str, str]]:
        return [(p.code, p.format()) for p in check(make_content(files)).problems]
    return run


def _event(summary: str) -> str:
    """An event whose summary is written on line 3, starting at column 10."""
    return f"title: T\ndate: 2023\nsummary: {summary}\nsources: [report-one]\n"


# ---------------------------------------------------------- the rule, exactly


def test_javascript_link_in_a_summary(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/x.yml": _event("'See [the report](javascript:alert(1)).'")}) == [
        ("unsafe-link", f"content/events/x.yml:3:28: error: link to 'javascript:alert(1)' "
                        f"{MESSAGE}"),
    ]


def test_image_with_a_data_uri(diagnostics: Diagnostics) -> None:
    summary = "'![map](data:text/html;base64,PHNjcmlwdD4=)'"
    assert diagnostics({"events/x.yml": _event(summary)}) == [
        ("unsafe-link", "content/events/x.yml:3:18: error: link to "
                        f"'data:text/html;base64,PHNjcmlwdD4=' {MESSAGE}"),
    ]


def test_vbscript_and_mixed_case_with_spaces_and_tabs(diagnostics: Diagnostics) -> None:
    summary = '"[a]( \\tVbScRiPt:msgbox(1)) [b](  JaVaScRiPt:x)"'
    assert diagnostics({"events/x.yml": _event(summary)}) == [
        ("unsafe-link", f"content/events/x.yml:3:18: error: link to 'VbScRiPt:msgbox(1)' "
                        f"{MESSAGE}"),
        ("unsafe-link", f"content/events/x.yml:3:44: error: link to 'JaVaScRiPt:x' {MESSAGE}"),
    ]


def test_character_references_are_decoded_as_a_browser_would(diagnostics: Diagnostics) -> None:
    summary = "'[a](&#106;avascript:alert(1)) [b](jav&#x09;ascript:x) [c](javascript&colon;x)'"
    assert diagnostics({"events/x.yml": _event(summary)}) == [
        ("unsafe-link", f"content/events/x.yml:3:15: error: link to "
                        f"'&#106;avascript:alert(1)' {MESSAGE}"),
        ("unsafe-link", f"content/events/x.yml:3:45: error: link to 'jav&#x09;ascript:x' "
                        f"{MESSAGE}"),
        ("unsafe-link", f"content/events/x.yml:3:69: error: link to 'javascript&colon;x' "
                        f"{MESSAGE}"),
    ]


def test_whitespace_inside_the_scheme_is_shown(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/x.yml": _event('"[a](java\\nscript:x) [b](java\\tscript:y)"')}) == [
        ("unsafe-link", f"content/events/x.yml:3:15: error: link to 'java script:x' {MESSAGE}"),
        ("unsafe-link", f"content/events/x.yml:3:35: error: link to 'java script:y' {MESSAGE}"),
    ]


def test_protocol_relative_links_leave_the_site(diagnostics: Diagnostics) -> None:
    summary = "'[a](//evil.example/x) [b](\\\\evil.example)'"
    assert diagnostics({"events/x.yml": _event(summary)}) == [
        ("unsafe-link", f"content/events/x.yml:3:15: error: link to '//evil.example/x' {MESSAGE}"),
        ("unsafe-link", f"content/events/x.yml:3:37: error: link to '\\\\evil.example' {MESSAGE}"),
    ]


def test_autolink(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/x.yml": _event("'Open <javascript:alert(1)> now'")}) == [
        ("unsafe-link", f"content/events/x.yml:3:17: error: link to 'javascript:alert(1)' "
                        f"{MESSAGE}"),
    ]


def test_reference_definition_in_a_literal_body(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        body: |
          Read [the report][r] and [the other][s].

          [r]: javascript:alert(1)
          [s]:
             <data:text/html,<script>alert(1)</script>>
        """}) == [
        ("unsafe-link", f"content/actors/acme.yml:7:8: error: link to 'javascript:alert(1)' "
                        f"{MESSAGE}"),
        ("unsafe-link", f"content/actors/acme.yml:9:7: error: link to 'data:text/html,' "
                        f"{MESSAGE}"),
    ]


def test_link_in_a_folded_summary_on_a_later_line(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/x.yml": """\
        title: T
        date: 2023
        summary: >-
          Leaders met, as
          [reported](javascript:alert(1)).
        sources: [report-one]
        """}) == [
        ("unsafe-link", f"content/events/x.yml:5:14: error: link to 'javascript:alert(1)' "
                        f"{MESSAGE}"),
    ]


def test_story_body_claim_text_and_relation_note(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "stories/overview.md": "---\ntitle: What happened\nhome: true\n---\n"
                               "[[alice]] spoke.\n\nSee [this](vbscript:x).\n",
        "claims/alice-says.yml": "speaker: alice\ndate: 2023-07-28\n"
                                 "text: '[Proof](data:,x)'\nsources: [report-one]\n",
        "actors/alice.yml": """\
            name: Alice Example
            kind: person
            summary: A spokesperson.
            relations:
              - type: spokesperson-for
                to: acme
                note: See <javascript:x>.
                sources: [report-one]
            """,
    }) == [
        ("unsafe-link", f"content/actors/alice.yml:7:16: error: link to 'javascript:x' {MESSAGE}"),
        ("unsafe-link", f"content/claims/alice-says.yml:3:16: error: link to 'data:,x' "
                        f"{MESSAGE}"),
        ("unsafe-link", f"content/stories/overview.md:7:12: error: link to 'vbscript:x' "
                        f"{MESSAGE}"),
    ]


def test_event_previously_note_and_story_summary(diagnostics: Diagnostics) -> None:
    assert diagnostics({
        "events/x.yml": "title: T\ndate: 2023\nsummary: S\nsources: [report-one]\n"
                        "previously:\n  - note: '[x](file:///etc/passwd)'\n",
        "stories/overview.md": "---\ntitle: T\nsummary: '[x](ftp://example.org/)'\n"
                               "home: true\n---\nText.\n",
    }) == [
        ("unsafe-link", f"content/events/x.yml:6:16: error: link to 'file:///etc/passwd' "
                        f"{MESSAGE}"),
        ("unsafe-link", f"content/stories/overview.md:3:15: error: link to "
                        f"'ftp://example.org/' {MESSAGE}"),
    ]


def test_links_within_the_site_and_to_the_web_are_allowed(make_content: ContentFactory) -> None:
    summary = ("'[a](https://example.org/x?y=1#z) [b](http://example.org) "
               "[c](mailto:desk@example.org) [d](#sources) [e](../actors/alice.md) "
               "[f](alice.md#positions) [g](/about/) <https://example.org> "
               "[h](<../places/capital.md>) [i](./javascript:x)'")
    result = build(make_content({"events/x.yml": _event(summary)}))
    assert result.problems == []
    assert result.rendered is not None


def test_notes_are_not_published_and_not_checked(diagnostics: Diagnostics) -> None:
    assert diagnostics({"events/x.yml": _event("S") + "notes: '[x](javascript:alert(1))'\n"}) == []


def test_prose_after_a_bracketed_label_is_not_a_link(diagnostics: Diagnostics) -> None:
    """'[Update]: The ministry said: …' reads like a reference definition; its words are no URL."""
    assert diagnostics({"events/x.yml": _event("'[Update]: The ministry said: no. [2]: Note: x'")
                        }) == []
    assert diagnostics({"stories/notes.md": "---\ntitle: T\n---\n[Update]: Officials said: no.\n"
                        }) == []


def test_footnotes_and_abbreviations_are_not_links(diagnostics: Diagnostics) -> None:
    assert diagnostics({"actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        body: |
          Text.[^1]

          [^1]: Source: the ministry.
          *[MoD]: Ministry: of Defence
        """}) == []


# ------------------------------------------------------- reading destinations


SAFE = ["https://example.org", "HTTP://EXAMPLE.ORG", "mailto:a@example.org", "#anchor",
        "../actors/alice.md", "alice.md", "/about/", "?q=1", "./javascript:x",
        "java%3Ascript:alert(1)", "", "http&#58;//example.org",
        "java script:x", "java&#32;script:x"]  # a space inside a scheme leaves no scheme
UNSAFE = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:x", "\tjavascript:x",
          "java\tscript:x", "java\nscript:x", "java\rscript:x", "java\x00script:x",
          "\x01javascript:x", "&#106;avascript:x", "&#x6A;avascript:x", "&#0000106;avascript:x",
          "&#106avascript:x", "javascript&colon;x", "javascript&#58;x", "javas&Tab;cript:x",
          "vbscript:x", "data:text/html,x", "data:image/svg+xml,x", "file:///etc/passwd",
          "//evil.example", "\\\\evil.example", "/\\evil.example", "\\/evil.example",
          "&sol;&sol;evil.example", "&#47;/evil.example", "ftp://example.org", "tel:123",
          "livescript:x", "mocha:x", "view-source:http://x"]


@pytest.mark.parametrize("target", SAFE)
def test_safe_destinations(target: str) -> None:
    assert is_safe_link(f"[x]({target})", 4), target


@pytest.mark.parametrize("target", UNSAFE)
def test_unsafe_destinations(target: str) -> None:
    assert not is_safe_link(f"[x]({target})", 4), target
    assert not is_safe_link(f"[x]: {target}", 5), target


@pytest.mark.parametrize(("text", "targets"), [
    ("[a](x) ![b](y)", ["x", "y"]),
    ("[a]( <x y> )", ["x"]),
    ("[a](x \"title\")", ["x"]),
    ("[r]: x\n[s]:\n  y", ["x", "y"]),
    ("<x:y> <https://z> <no space>", ["x:y", "https://z"]),
    ("`[a](x)`", ["x"]),  # code spans are checked too: nothing hides behind code lookalikes
    ("*[abbr]: x\n[^note]: y\n\\[esc]: z\nSee [r]: mid-line", []),
    ("> [r]: x\n- [s]: y\n  1. [t]: z\n:   [u]: w", ["x", "y", "z", "w"]),
])
def test_find_link_targets(text: str, targets: list[str]) -> None:
    assert [t.target for t in find_link_targets(text)] == targets


# ------------------------------------------------------------- URL fields


@pytest.mark.parametrize(("field", "value"), [
    ("url", "javascript:alert(1)"), ("archive_url", "data:text/html,x"),
    ("url", "//evil.example/x"), ("archive_url", "https://example.org/a b"),
    ("url", " JAVASCRIPT:alert(1)"), ("url", "https:"),
])
def test_source_urls_are_http_or_https(diagnostics: Diagnostics, field: str, value: str) -> None:
    text = f"title: T\nkind: news\ndate: 2023\n{field}: '{value}'\n"
    assert [code for code, _ in diagnostics({"sources/x.yml": text})] == ["bad-value"]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:image/svg+xml,<svg/onload=x>",
                                   "vbscript:x", "file:///etc/passwd", "//evil.example/i.png"])
def test_image_url_is_http_or_https(diagnostics: Diagnostics, value: str) -> None:
    text = f"name: A\nkind: person\nsummary: S\nimage:\n  url: '{value}'\n"
    assert [line for _, line in diagnostics({"actors/x.yml": text})] == [
        f"content/actors/x.yml:5:8: error: 'image.url': '{value}' is not an http or https URL",
    ]
