"""The output guard (generator/outputs/guard.py): each defence against script stops it alone.

- The two holes of issue 11, with exactly its inputs: ``explainer check`` refuses
  them with located errors, and no build writes their script.
- The guard's parser on each kind of hit, and the quick search that lets most
  pages skip the parser: it never skips a page the parser would flag.
- With the source filter switched off (raw HTML kept, links and glossary not
  checked), every vector of ``tests/xss_vectors.txt`` and both holes are still
  stopped by the guard, as errors located at the record's file and field, and
  the pages are withheld.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from conftest import AS_OF, MINIMAL, ROOT, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from test_browser_xss import VECTORS, audit

import generator.core.link
import generator.core.validate
import generator.pages.render
from generator.adapters.cli import main
from generator.core.control_chars import CONTROL
from generator.outputs.guard import (
    OWN_ELEMENTS,
    Source,
    field_name,
    locate,
    may_hold_script,
    parse_hits,
    scan,
)

GLOSSARY_HOLE = "'C:\\Windows': '<img src=x onerror=alert(document.cookie)> the Windows folder'\n"
FOOTNOTE_HOLE = ("Read [the statement][r] for details[^1].\n\n"
                 "[^1]: [r]: javascript:alert(document.domain)\n")


def _project(root: Path, files: dict[str, str], glossary: str = "") -> Path:
    write_files(root / "content", MINIMAL)
    write_files(root / "content", files)
    (root / "content" / "glossary.yml").write_text("ACME: A ministry.\n" + glossary,
                                                   encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Guard test
        site_url: http://127.0.0.1:8000/
        theme: {{name: material, custom_dir: {ROOT / 'overrides'}}}
        plugins:
          - search
          - explainer: {{as_of: {AS_OF}}}
        """), encoding="utf-8")
    return root


def _holes(root: Path) -> Path:
    return _project(root, {"stories/footnote.md": "---\ntitle: Footnote\n---\n" + FOOTNOTE_HOLE},
                    GLOSSARY_HOLE)


# ------------------------------------------------------------------ the two holes


def test_both_holes_are_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_holes(tmp_path))
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "content/glossary.yml:2:1: error: glossary term 'C:\\Windows' cannot contain '\\'; " \
           "a term is plain text on one line, without '\\', '[' or ']'" in out
    assert "content/stories/footnote.md:6:12: error: link to " \
           "'javascript:alert(document.domain)' is not allowed: only http, https, mailto " \
           "and links within the site" in out


@pytest.mark.parametrize(("term", "definition", "message"), [
    ("C:\\Windows", "the Windows folder", "glossary term 'C:\\Windows' cannot contain '\\'"),
    ("A\rB", "x", "the key 'A\\rB' contains the control character U+000D (CR)"),
    ("A]B", "x", "glossary term 'A]B' cannot contain brackets"),
    ("TAB\t", "x", "glossary term 'TAB\\t' cannot contain a tab"),
    ("BEL", "ring \x07 ring", "'BEL' contains the control character U+0007 (BEL)"),
    ("CR", "one\rtwo <img src=x onerror=alert(1)>",
     "'CR' contains the control character U+000D (CR)"),
    ("LS", "one\u2028two", "the definition of 'LS' cannot contain a line separator"),
    ("EMPTY", "''", "the definition of 'EMPTY' cannot be an empty pair of quotes"),
])
def test_glossary_terms_and_definitions_are_plain_text(tmp_path: Path, term: str,
                                                       definition: str, message: str) -> None:
    from generator.core.config import make_settings
    from generator.pipeline import check
    entry = yaml.safe_dump({term: definition}, allow_unicode=True, width=1000)
    _project(tmp_path, {}, entry)
    problems = [p for p in check(make_settings(tmp_path, {"as_of": AS_OF})).problems
                if p.code in ("bad-glossary", "control-character")]
    assert [p.message for p in problems] == [message]
    assert problems[0].location.path == "content/glossary.yml"
    assert problems[0].location.line == 2


def test_a_definition_over_several_lines_is_folded(tmp_path: Path) -> None:
    from generator.core.config import make_settings
    from generator.pipeline import check
    _project(tmp_path, {}, "NSC: |\n  National Security\n  Council\n")
    result = check(make_settings(tmp_path, {"as_of": AS_OF}))
    assert result.ok
    assert result.site is not None
    assert [t.definition for t in result.site.glossary if t.term == "NSC"] == [
        "National Security Council"]


def test_no_build_writes_the_holes(tmp_path: Path) -> None:
    project = _holes(tmp_path)
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    written = [p for p in (tmp_path / "site").rglob("*.html")] if (tmp_path / "site").exists() \
        else []
    assert not [p for p in written if "onerror=alert" in p.read_text(encoding="utf-8")
                or "javascript:alert" in p.read_text(encoding="utf-8")]


# ------------------------------------------------------------------ the parser


@pytest.mark.parametrize(("page", "what"), [
    ("<p><script>alert(1)</script></p>", ["a <script> element"]),
    ("<IFRAME SRC=x></IFRAME>", ["a <iframe> element"]),
    ('<form action="/x"><button>go</button></form>', ["a <form> element"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ["a <meta> element"]),
    ('<base href="https://evil.example/">', ["a <base> element"]),
    ("<object data=x></object><embed src=x>", ["a <object> element", "a <embed> element"]),
    ("<img src=x onerror=alert(1)>", ["an 'onerror' attribute"]),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', ["a javascript: URL in 'href'"]),
    ('<a href="&#106;&#97;vascript:alert(1)">x</a>', ["a javascript: URL in 'href'"]),
    ('<a href=" \x01JaVaScRiPt&colon;alert(1)">x</a>', ["a javascript: URL in 'href'"]),
    ('<a href="java\nscript:alert(1)">x</a>', ["a javascript: URL in 'href'"]),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ["a data: URL in 'src'"]),
    ('<a href="vbscript:msgbox(1)">x</a>', ["a vbscript: URL in 'href'"]),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
     ["a javascript: URL in 'to'"]),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     ["a javascript: URL in 'xlink:href'"]),
])
def test_the_parser_finds_each_kind(page: str, what: list[str]) -> None:
    assert [hit.what for hit in scan(page)] == what


@pytest.mark.parametrize("page", [
    '<p>A <a href="https://example.org/?a=1&amp;b=2">link</a> and <code>&lt;script&gt;</code></p>',
    '<p>Text about javascript: it is a language; data: 5 reports; on = off</p>',
    '<meta charset="utf-8"><p>&#8617; &#x2014;</p>',
    '<form class="ex-filter" data-ex-filter hidden aria-label="Filter the timeline"></form>',
    '<a href="mailto:desk@example.org">mail</a> <a href="../actors/x/">x</a>',
])
def test_the_parser_leaves_safe_pages(page: str) -> None:
    assert scan(page) == []


def test_the_generators_own_form_is_matched_attribute_for_attribute() -> None:
    own = '<form class="ex-filter" data-ex-filter hidden aria-label="Filter the timeline">'
    assert scan(own + "</form>") == []
    assert [h.what for h in scan(own.replace("hidden", 'action="https://x"') + "</form>")] == [
        "a <form> element"]
    assert len(OWN_ELEMENTS) == 1


_PIECES = st.sampled_from([
    "<p>", "</p>", "<a href=\"", "\">", "\"", "'", "<img ", "src=", "x", " ", "\t", "\n", "on",
    "error", "=", "alert(1)", ">", "<", "/", "script", "SCRIPT", "java", "vb", "data", ":",
    "&#106;", "&#x6A;", "&#58;", "&colon;", "&Tab;", "&NewLine;", "&#8617;", "&amp;", "iframe",
    "form", "meta", " http-equiv=refresh", "base", "<svg>", "<animate to=", "xlink:href=",
    "formaction=", "&#0;", "\x00", "\x01", "s&#99;ript", "&#x3a", "&#115;cript",
    "On", "oN", "ON", "oNlOaD",
])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_quick_search_never_skips_what_the_parser_flags(page: str) -> None:
    if parse_hits(page, OWN_ELEMENTS):
        assert may_hold_script(page)


@pytest.mark.parametrize("page", [
    "<p onclick=x>", "<p ONCLICK=x>", "<p oNclick=x>", "<p Onclick =x>", "<svg/OnLoad=x>",
    '<a title="t"oNmouseover="x">', "<p\tON=x>",
])
def test_the_quick_search_finds_a_handler_written_in_any_case(page: str) -> None:
    assert parse_hits(page, OWN_ELEMENTS)
    assert may_hold_script(page)


def test_most_generated_pages_skip_the_parser(tmp_path: Path) -> None:
    """The quick search is what makes the guard cheap: the default site's pages pass it."""
    pages: list[str] = []

    def keep(self: Any, html: str, **kwargs: Any) -> str:
        pages.append(html)
        return html

    with mock.patch("generator.adapters.plugin.ExplainerPlugin.on_page_content", keep):
        mkdocs_build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert len(pages) > 50
    parsed = sum(may_hold_script(page) for page in pages)
    assert parsed <= len(pages) // 10, f"{parsed} of {len(pages)} pages need the parser"


# ------------------------------------------------------------------ locating


def test_a_hit_is_located_at_the_first_file_that_holds_it() -> None:
    text = "name: X\nsummary: Hello <img src=x onerror=alert(1)>\n"
    source = Source("content/actors/x.yml", text, lambda: [(0, 7, "name"), (17, 53, "summary")])
    other = Source("content/glossary.yml", "onerror: no\n")
    [hit] = scan("<p>Hello <img src=x onerror=alert(1)></p>")
    [problem] = locate("actors/x.md", [hit], [source, other])
    assert problem.format() == (
        "content/actors/x.yml:2:27: error: an 'onerror' attribute in summary would reach the "
        "page actors/x.md as HTML: <img src=x onerror=alert(1)>; write it as text (this is "
        "also a bug in the source filter: please report it)")


def test_field_names() -> None:
    assert field_name(("events", 2, "role")) == "events[2].role"
    assert field_name(("summary",)) == "summary"


# ------------------------------------------------------------------ the guard alone


def _as_written(text: str) -> str:
    return text


def _no_problems(*args: Any) -> Iterator[Any]:
    return iter(())


def _no_problem(*args: Any) -> None:
    return None


def _no_hits(html: str) -> list[Any]:
    return []


@contextmanager
def source_filter_off() -> Iterator[None]:
    """Raw HTML kept, links unchecked, any glossary accepted: only the guard is left."""
    with mock.patch.object(generator.pages.render, "neutralise_html", _as_written), \
            mock.patch.object(generator.core.link, "_unsafe_links", _no_problems), \
            mock.patch.object(generator.core.validate, "glossary_problem", _no_problem):
        yield


def guard_off() -> Any:
    return mock.patch("generator.adapters.plugin.scan", _no_hits)


def _vector_records() -> dict[str, str]:
    files = {}
    # Vectors with control characters are refused by a rule of their own (control_chars.py),
    # before any Markdown is made: they cannot test the guard.
    for n, vector in enumerate(v for v in VECTORS if not CONTROL.search(v)):
        files[f"actors/vector-{n:03d}.yml"] = yaml.safe_dump(
            {"name": f"Vector {n}", "kind": "person", "summary": vector},
            allow_unicode=True, width=1000)
    files["stories/footnote.md"] = "---\ntitle: Footnote\n---\n" + FOOTNOTE_HOLE
    return files


def _build(project: Path, site: Path) -> bool:
    try:
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    except Abort:
        return False
    return True


def _dirty(site: Path) -> set[str]:
    """The Markdown pages whose HTML holds a script, handler, unsafe URL or frame (an audit
    independent of the guard's code: the browser test's)."""
    from test_browser_xss import FORBIDDEN_ELEMENTS, UNSAFE_SCHEMES

    def _unsafe_url(value: str) -> bool:  # as the URL standard reads it
        seen = "".join(ch for ch in value if ch not in "\t\n\r").lstrip(
            "".join(map(chr, range(0x21)))).lower()
        return seen.startswith(UNSAFE_SCHEMES)

    dirty = set()
    for path in site.rglob("index.html"):
        page = audit(path)
        rel = path.parent.relative_to(site).as_posix()
        inline = [text for kind, src, text in page.scripts if not src and "ld+json" not in kind]
        if (page.handlers or page.elements & FORBIDDEN_ELEMENTS
                or any(_unsafe_url(v) and v != "data:," for _, _, v in page.urls)
                or any("alert" in text or "__xss" in text for text in inline)):
            dirty.add(rel)
    return dirty


@pytest.fixture(scope="module")
def unguarded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The vectors and holes built with the source filter AND the guard off: what would ship."""
    root = _project(tmp_path_factory.mktemp("unguarded"), _vector_records(), GLOSSARY_HOLE)
    with source_filter_off(), guard_off():
        assert _build(root, root / "site")
    return root, _dirty(root / "site")


@pytest.mark.slow
def test_the_guard_alone_stops_every_vector(unguarded: tuple[Path, set[str]],
                                            tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    _, dirty = unguarded
    # Without both defences, most vectors and both holes would put script on a page…
    assert {"stories/footnote", "glossary"} <= dirty
    assert len([p for p in dirty if p.startswith("actors/vector-")]) >= len(VECTORS) // 2
    # …with the guard alone, the build fails, naming each file and field, and withholds them.
    root = _project(tmp_path, _vector_records(), GLOSSARY_HOLE)
    with source_filter_off(), caplog.at_level(logging.ERROR):
        assert not _build(root, root / "site")
    errors = [r.getMessage() for r in caplog.records if "unsafe-html" in r.getMessage()
              or "would reach the page" in r.getMessage()]
    for page in sorted(dirty):
        if page.startswith("actors/vector-"):
            assert any(f"content/{page}.yml:" in e and " in summary would reach "
                       f"the page {page}.md" in e for e in errors), page
    assert any("content/stories/footnote.md:6:" in e and " in body " in e
               for e in errors)
    assert any("content/glossary.yml:2:" in e and "glossary term 'C:\\Windows'" in e
               for e in errors)
    assert _dirty(root / "site") == set()


@pytest.mark.slow
def test_the_source_filter_alone_stops_every_vector(tmp_path: Path) -> None:
    """And the other way round: with the guard off, the vectors that check accepts
    build into clean pages (the rest are located check errors)."""
    from generator.core.config import make_settings
    from generator.pipeline import check
    root = _project(tmp_path, {k: v for k, v in _vector_records().items()
                               if k.startswith("actors/")})
    problems = check(make_settings(root, {"as_of": AS_OF})).problems
    refused = {p.location.path for p in problems if p.is_error}
    assert {p.code for p in problems if p.is_error} == {"unsafe-link"}, problems
    for path in refused:
        (root / path).unlink()
    assert len(list((root / "content" / "actors").glob("vector-*.yml"))) > len(VECTORS) // 2
    with guard_off():
        assert _build(root, root / "site")
    assert _dirty(root / "site") == set()


# ------------------------------------------------------------------ found by fuzzing


def test_a_footnote_inside_a_footnote_is_a_located_error(tmp_path: Path) -> None:
    """Python-Markdown's footnotes extension stops with a traceback (dictionary changed
    during iteration) on a footnote defined inside another footnote, which the fuzzing
    of composed constructs found: it is a content error instead."""
    from generator.core.config import make_settings
    from generator.pipeline import check
    _project(tmp_path, {"events/summit.yml": textwrap.dedent("""\
        title: The summit
        date: 2023-07-25
        summary: Leaders met[^a].
        body: |
          Text.

          [^a]: [^b]: inner
        sources: [report-one]
        """)})
    problems = [p.format() for p in check(make_settings(tmp_path, {"as_of": AS_OF})).problems
                if p.is_error]
    assert problems == [
        "content/events/summit.yml:7:9: error: a footnote definition inside a list, a quote or "
        "another footnote is not supported (Markdown can fail on it); start each '[^label]:' "
        "at the beginning of a line of its own"]
