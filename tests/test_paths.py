"""Ids and paths cannot leave the output folder, and content is never a template.

Every generated path is built from ids, tags and former ids, which the loader
and the models check (lower-case words joined by hyphens), and every writer
goes through ``generator.outputs.output.write_tree``, which refuses ``..`` and absolute
paths (``tests/test_tools.py``). Here: path-like values in every place an id
goes are errors, and every path the generator produces, for the site, the
``docs`` tree and the open data, is a plain relative path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ContentFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.adapters.cli import main
from generator.pipeline import build, check

SAFE_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9_][a-z0-9._-]*$")
ESCAPES = ["../escape", "../../etc/passwd", "/etc/passwd", "a/../../b", "..", ".", "C:\\x",
           "a/b", "%2e%2e/x", "a\x00b", "~root"]


def _codes(make_content: ContentFactory, files: dict[str, str | None]) -> list[str]:
    return [p.code for p in check(make_content(files)).problems if p.is_error]


@pytest.mark.parametrize("value", ESCAPES)
def test_path_like_ids_are_refused_everywhere(make_content: ContentFactory, value: str) -> None:
    quoted = '"' + value.replace("\\", "\\\\").replace("\x00", "\\0") + '"'
    # A NUL is a control character too: each value is reported for both.
    assert sorted(_codes(make_content, {"events/summit.yml": f"""\
        title: The summit
        date: 2023
        summary: S
        place: {quoted}
        participants: [{quoted}]
        related: [{quoted}]
        tags: [{quoted}]
        formerly: [{quoted}]
        sources: [{quoted}]
        """})) == ["bad-value"] * 6 + (["control-character"] * 6 if "\x00" in value else [])


@pytest.mark.parametrize("value", ESCAPES)
def test_path_like_mentions_are_unknown_ids(make_content: ContentFactory, value: str) -> None:
    summary = "'[[" + value.replace("'", "''").replace("\x00", "") + "]]'"
    codes = _codes(make_content, {"events/summit.yml": f"title: T\ndate: 2023\nsummary: {summary}\n"
                                                       "sources: [report-one]\n"})
    assert codes in (["unknown-mention"], [])  # [] where it is not even a mention ('a/b' is)


@pytest.mark.parametrize("name", ["..", "...yml", "a..b", "A", "a_b", "a b", "ä", "-a", "a-"])
def test_file_names_that_are_not_ids(make_content: ContentFactory, name: str) -> None:
    codes = _codes(make_content, {f"events/{name}.yml": "title: T\ndate: 2023\nsummary: S\n"})
    assert codes in (["bad-id"], [])  # [] for hidden files ('.', '..'), which are skipped


def test_every_generated_path_is_plain_and_relative(make_content: ContentFactory,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_content({
        "actors/alice.yml": """\
            name: Alice
            kind: person
            summary: S
            formerly: [alice-old, a-b-c]
            tags: [a-b, x1]
            """,
        "stories/overview.md": "---\ntitle: T\nhome: true\ntags: [story-tag]\n---\nText.\n",
    }, site_name="Paths")
    result = build(settings)
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    unsafe = [p for p in result.rendered.files if not SAFE_PATH.match(p) or ".." in p.split("/")]
    assert unsafe == []
    (tmp_path / "mkdocs.yml").write_text("site_name: Paths\nplugins:\n  - explainer:\n"
                                         "      as_of: 2023-09-05\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["docs", str(tmp_path / "out-docs")]) == 0
    assert main(["export", str(tmp_path / "out-data")]) == 0
    for out in (tmp_path / "out-docs", tmp_path / "out-data"):
        written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
        assert written
        assert [p for p in written if not SAFE_PATH.match(p)] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "mkdocs.yml", "out-data",
                                                         "out-docs"]


def test_default_content_paths_are_plain(default_project: Path) -> None:
    from generator.core.config import make_settings

    result = build(make_settings(default_project, {"as_of": "2023-09-05"}))
    assert result.rendered is not None
    assert [p for p in result.rendered.files if not SAFE_PATH.match(p)] == []


# ------------------------------------------------------ content is not a template


TEMPLATES = ["{{ 7*7 }}", "{% for x in 'ab' %}R{{ x }}{% endfor %}", "{# gone #}",
             "{{ self.__init__.__globals__ }}", "{% raw %}x{% endraw %}", "${7*7}", "<%= 7*7 %>"]


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(payload=st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=3).map(" ".join))
def test_template_syntax_in_every_field_is_printed_as_written(payload: str) -> None:
    """Names, titles, roles, quotes, notes, glossary… : the page says what was written."""
    import tempfile

    import yaml
    from conftest import AS_OF, MINIMAL, write_files

    from generator.core.config import make_settings

    def dump(data: object) -> str:
        return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root / "content", MINIMAL)
        write_files(root / "content", {
            "actors/alice.yml": dump({
                "name": payload, "kind": "person", "summary": payload, "aliases": [payload],
                "body": payload,
                "positions": [{"title": payload, "of": "acme", "date": "2020/.."}],
                "relations": [{"type": "spokesperson-for", "to": "acme", "note": payload,
                               "sources": ["report-one"]}],
                "image": {"url": "https://example.org/i.png", "credit": payload}}),
            "events/summit.yml": dump({
                "title": payload, "date": "2023", "summary": payload, "body": payload,
                "participants": [{"actor": "alice", "role": payload}],
                "previously": [{"note": payload, "status": "expected"}],
                "sources": ["report-one"]}),
            "claims/alice-says.yml": dump({"speaker": "alice", "date": "2023", "text": payload,
                                           "quote": payload, "sources": ["report-one"]}),
            "sources/report-one.yml": dump({"title": payload, "kind": "news", "date": "2023",
                                            "author": payload}),
            "places/capital.yml": dump({"name": payload, "kind": "city", "summary": payload,
                                        "aliases": [payload]}),
            "stories/overview.md": "---\n" + dump({"title": payload, "summary": payload,
                                                    "home": True}) + "---\n" + payload + "\n",
            "glossary.yml": dump({"ACME": payload}),
        })
        result = build(make_settings(root, {"as_of": AS_OF}))
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    pages = "\n".join(text for path, text in result.rendered.files.items()
                      if path.endswith(".md"))
    assert re.search(r"(?<![\w.#])49(?![\w.])", pages) is None  # {{ 7*7 }} evaluated
    assert "Ra" + "Rb" not in pages
    assert "gone" in pages or "{# gone #}" not in payload
