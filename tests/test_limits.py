"""Resource limits: hostile content is refused quickly, with a clear error, and nothing is slow.

``tests/test_rules.py`` pins the exact wording of each limit's diagnostic. This
module shows that they hold together and fast: every hostile file at once goes
through ``explainer check`` in a subprocess that must finish within a generous
deadline. Nothing here measures speed: a deadline is a bound on a hang, not a
benchmark. The Markdown helpers (``generator/core/markup.py``) and the whole pipeline
get the same treatment with ~200 KB of adversarial text, which a regular
expression that backtracks (quadratic or worse) could not get through in time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import AS_OF, MINIMAL, ContentFactory, write_files

from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
#: A bound on a hang, far above what any case takes (each well under a second or two).
DEADLINE = 20
PIPELINE_DEADLINE = 60
SIZE = 200_000


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


#: One hostile file per limit: where it goes and the code of the error it must get.
HOSTILE: dict[str, tuple[str, str | bytes, str]] = {
    "python-tag": ("events/a.yml", "title: !!python/object/apply:os.system [id]\n", "yaml-tag"),
    "local-tag": ("events/b.yml", "title: !include /etc/passwd\n", "yaml-tag"),
    "alias-bomb": ("events/c.yml", billion_laughs(), "too-large"),
    "wide-alias-bomb": ("events/d.yml", billion_laughs(levels=4, width=60), "too-large"),
    "recursive-alias": ("events/e.yml", "title: &a [*a]\n", "too-deep"),
    "over-the-size-limit": ("events/f.yml", "notes: " + "x" * 1_000_001 + "\n", "file-too-large"),
    "nested-past-the-limit": ("events/g.yml", "title: " + "[" * 41 + "]" * 41 + "\n",
                              "too-deep"),
    # Far deeper, libyaml's own limit (1000 levels) stops the parser first.
    "nested-lists": ("events/h.yml", "title: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-syntax"),
    "nested-maps": ("events/i.yml", "title: " + "{a: " * 5000 + "b" + "}" * 5000 + "\n",
                    "yaml-syntax"),
    "nested-block-lists": ("events/j2.yml", "title:\n" + "- " * 5000 + "x\n", "yaml-syntax"),
    "latin-1": ("events/j.yml", "title: Caf\xe9\n".encode("latin-1"), "not-utf8"),
    "utf-16": ("events/k.yml", "title: T\n".encode("utf-16"), "not-utf8"),
    "bom": ("events/l.yml", b"\xef\xbb\xbftitle: T\n", "bom"),
    "empty": ("events/m.yml", b"", "empty-file"),
    "only-whitespace": ("events/n.yml", b" \n\t\n", "empty-file"),
    "only-comments": ("events/o.yml", "# nothing\n", "empty-file"),
    "nul": ("events/p.yml", b"title: a\x00b\n", "yaml-syntax"),
    "folder-named-like-a-record": ("events/q.yml/inner.yml", "title: T\n", "not-a-file"),
    "folder-named-like-a-story": ("stories/r.md/inner.md", "---\ntitle: T\n---\n", "not-a-file"),
    "merge-key": ("events/s.yml", "a: &a {title: T}\n<<: *a\n", "yaml-merge"),
    "bad-id": ("events/Bad Id.yml", "title: T\n", "bad-id"),
}


def _hostile_project(root: Path) -> None:
    write_files(root / "content", MINIMAL)
    for rel, text, _ in HOSTILE.values():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    outside = root / "secret.yml"
    outside.write_text("title: T\n", encoding="utf-8")
    os.symlink(outside, root / "content/events/t.yml")  # leaves content/
    os.symlink("v.yml", root / "content/events/u.yml")  # u → v → u
    os.symlink("u.yml", root / "content/events/v.yml")
    (root / "mkdocs.yml").write_text(f"site_name: Limits\nplugins:\n  - explainer:\n"
                                     f"      as_of: {AS_OF}\n", encoding="utf-8")


def test_every_limit_at_once_is_reported_fast(tmp_path: Path) -> None:
    """All hostile files in one project: each gets its own error, and the run is quick."""
    _hostile_project(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "generator.adapters.cli", "check", "--format",
                           "json"], cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    found = {(p["path"], p["code"]) for p in json.loads(proc.stdout) if p["severity"] == "error"}
    expected = {(f"content/{rel.split('/inner')[0]}", code) for rel, _, code in HOSTILE.values()}
    expected |= {("content/events/t.yml", "symlink-escape"),
                 ("content/events/u.yml", "symlink-loop"),
                 ("content/events/v.yml", "symlink-loop")}
    assert expected - found == set()


def test_symlink_loop(make_content: ContentFactory) -> None:
    project = make_content()
    os.symlink("b.yml", project.content_dir / "events/a.yml")
    os.symlink("a.yml", project.content_dir / "events/b.yml")
    assert [p.format() for p in check(project).problems] == [
        "content/events/a.yml:1:1: error: 'content/events/a.yml' is a symbolic link that loops "
        "back on itself",
        "content/events/b.yml:1:1: error: 'content/events/b.yml' is a symbolic link that loops "
        "back on itself",
    ]


def test_symlinked_folder_leaving_content(make_content: ContentFactory, tmp_path: Path) -> None:
    """A sub-folder that links outside is not followed: it is one error, nothing is read."""
    project = make_content()
    elsewhere = tmp_path / "elsewhere"
    write_files(elsewhere, {"secret.yml": "title: T\ndate: 2023\nsummary: S\n"})
    os.symlink(elsewhere, project.content_dir / "events" / "more")
    assert [p.format() for p in check(project).problems] == [
        "content/events/more:1:1: error: 'content/events/more' links outside the content folder",
    ]


def test_unreadable_file(make_content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the loader cannot open is an error at that file (root reads anything: simulated)."""
    project = make_content({"events/locked.yml": "title: T\n"})

    def deny(file: str, *args: object, **kwargs: object) -> object:
        if os.path.basename(file) == "locked.yml":
            raise PermissionError(13, "Permission denied")
        return open(file, *args, **kwargs)  # type: ignore[call-overload]

    # The loader opens files by name (the built-in open, seen from its module).
    monkeypatch.setattr("generator.core.load.open", deny, raising=False)
    assert [p.format() for p in check(project).problems] == [
        "content/events/locked.yml:1:1: error: file cannot be read: Permission denied",
    ]


# ----------------------------------------------------------- no slow patterns


#: ~200 KB texts built to make a backtracking regular expression rescan the rest
#: of the text from every position.
ADVERSARIAL: dict[str, str] = {
    "open-brackets": "[" * SIZE,
    "open-mentions": "[[" * (SIZE // 2),
    "open-mention-labels": "[[a|" * (SIZE // 4),
    "nested-brackets": "[" * (SIZE // 2) + "]" * (SIZE // 2),
    "open-links": "[a](" * (SIZE // 4),
    "open-images": "![" * (SIZE // 2),
    "link-then-parens": "[a](" + "(" * SIZE,
    "backticks": "`" * SIZE,
    "growing-backtick-runs": "".join("`" * k + "a" for k in range(1, 630)),
    "backtick-letters": "`a" * (SIZE // 2),
    "angle-brackets": "<" * SIZE,
    "open-autolinks": "<http://" * (SIZE // 8),
    "ampersands": "&" * SIZE,
    "open-entities": "&#" * (SIZE // 2),
    "braces": "{" * SIZE,
    "mixed": "[`<&{" * (SIZE // 5),
    "link-ends": "](" * (SIZE // 2),
    "reference-labels": "[a]:" * (SIZE // 4),
    "emphasis": "_*" * (SIZE // 2),
    "whitespace-destinations": "](" + " \t\n" * (SIZE // 3),
    "many-unsafe-links": "[x](javascript:y) " * (SIZE // 18),
    "many-unknown-mentions": " ".join(f"[[x{i}]]" for i in range(SIZE // 8)),
}

_HELPERS = textwrap.dedent("""\
    import sys
    from generator.core import markup, plaintext
    text = sys.stdin.read()
    list(markup.find_mentions(text))
    markup.replace_mentions(text, lambda m: "x")
    markup.neutralise_html(text)
    markup.escape_text(text)
    plaintext.plain_text(text, lambda i: None)
    markup.code_regions(text)
    for link in markup.find_link_targets(text):
        markup.is_safe_link(text, link.start)
        markup.link_as_read(text, link.start)
    print("done")
""")


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_markup_helpers_finish_promptly_on_adversarial_text(text: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _HELPERS], input=text, cwd=ROOT,
                          capture_output=True, text=True, timeout=DEADLINE)
    assert proc.stdout == "done\n", proc.stderr


_PIPELINE = textwrap.dedent("""\
    import sys
    from pathlib import Path
    import yaml
    sys.path.insert(0, "tests")
    from conftest import AS_OF, MINIMAL, write_files
    from generator.core.config import make_settings
    from generator.pipeline import build
    root, text = Path(sys.argv[1]), sys.stdin.read()
    write_files(root / "content", MINIMAL)
    def dump(data):
        return yaml.safe_dump(data, width=10**9, allow_unicode=True)
    write_files(root / "content", {
        "events/summit.yml": dump({"title": "The summit", "date": "2023", "summary": text,
                                   "body": text, "sources": ["report-one"]}),
        "claims/alice-says.yml": dump({"speaker": "alice", "date": "2023", "text": text,
                                       "quote": text, "sources": ["report-one"]}),
        "stories/overview.md": "---\\ntitle: T\\nhome: true\\n---\\n" + text,
        "glossary.yml": dump({"ACME": text}),
    })
    result = build(make_settings(root, {"as_of": AS_OF}))
    print("done", len(result.problems))
""")


@pytest.mark.parametrize("name", ["open-brackets", "nested-brackets", "open-links", "mixed",
                                  "many-unsafe-links", "many-unknown-mentions"])
def test_pipeline_finishes_promptly_on_adversarial_text(name: str, tmp_path: Path) -> None:
    """Check, link and render with ~200 KB of hostile text in summaries, bodies and quotes."""
    proc = subprocess.run([sys.executable, "-c", _PIPELINE, str(tmp_path)],
                          input=ADVERSARIAL[name], cwd=ROOT, capture_output=True, text=True,
                          timeout=PIPELINE_DEADLINE)
    assert proc.stdout.startswith("done "), proc.stderr


# ------------------------------------------------- Markdown's own slow corner


def test_brackets_nested_too_deep(make_content: ContentFactory) -> None:
    """Python-Markdown rescans the text from every open '[': 50 KB of them take it hours."""
    problems = check(make_content({"events/x.yml": "title: T\ndate: 2023\nsummary: S\n"
                                                   "sources: [report-one]\nbody: |\n"
                                                   "  Fine [[alice]] [a](b) (c).\n"
                                                   "  " + "[" * 5000 + "\n"})).problems
    assert [p.format() for p in problems] == [
        "content/events/x.yml:7:23: error: '[' nested or left open more than 20 deep; "
        "close each '[' and '(', or write a literal one as '\\[' or '\\('",
    ]


def test_link_destinations_left_open(make_content: ContentFactory) -> None:
    problems = check(make_content({"stories/deep.md": "---\ntitle: T\n---\n"
                                                      + "[a](" * 30 + "\n"})).problems
    assert [p.format() for p in problems] == [
        "content/stories/deep.md:4:84: error: '(' nested or left open more than 20 deep; "
        "close each '[' and '(', or write a literal one as '\\[' or '\\('",
    ]


def test_ordinary_brackets_are_fine(make_content: ContentFactory) -> None:
    text = "'" + "See [[alice]], [a](https://example.org/x_(y)) (and (this)) :( :( [sic] " * 300
    assert check(make_content({"events/x.yml": f"title: T\ndate: 2023\nsummary: {text}'\n"
                                               "sources: [report-one]\n"})).problems == []


_MARKDOWN = textwrap.dedent("""\
    import sys
    import markdown
    from generator.core.markup import MAX_BRACKET_DEPTH, bracket_overflow
    text = sys.stdin.read()
    assert bracket_overflow(text) is None  # the worst the rule lets through
    markdown.markdown(text, extensions=["abbr", "admonition", "attr_list", "def_list",
                                        "footnotes", "toc"])
    print("done")
""")


@pytest.mark.parametrize("text", [
    "[" * 20 + "a " * (SIZE // 2),
    "[a](" * 20 + "b " * (SIZE // 2),
    ("[" * 20 + "a" + "]" * 20 + " ") * (SIZE // 42),
], ids=["open-at-the-limit", "open-links-at-the-limit", "nested-at-the-limit"])
def test_markdown_reads_what_the_rule_accepts_promptly(text: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _MARKDOWN], input=text, cwd=ROOT,
                          capture_output=True, text=True, timeout=DEADLINE)
    assert proc.stdout == "done\n", proc.stderr


# ------------------------------------------------------- what a message shows


def test_messages_are_one_line_and_hold_no_terminal_escapes(make_content: ContentFactory) -> None:
    """A value quoted in a message cannot break the line or drive the terminal or CI log."""
    problems = check(make_content({
        "actors/x.yml": 'name: A\nkind: "per\\e[2J\\e]0;pwned\\a\\u2028son\\nX\\u202e"\n'
                        'summary: S\n'})).problems
    assert [p.format() for p in problems] == [
        "content/actors/x.yml:2:7: error: 'kind' contains the control character U+001B (ESC); "
        "remove it: text may hold tabs and line breaks, no other control character",
        "content/actors/x.yml:2:7: error: 'kind' is 'per\\x1b[2J\\x1b]0;pwned\\x07\\u2028son"
        "\\nX\\u202e', which is not one of: person, organization, state, government-body, "
        "armed-group, media",
    ]
