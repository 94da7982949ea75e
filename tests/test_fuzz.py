"""Property-based fuzzing: no content, however broken or hostile, gets a traceback.

Three generators of bad content, each run through ``generator.pipeline.check``
(load, validate, link) and, when that finds no error, ``build`` (render too):

- random YAML documents (nested mappings, lists and scalars, with the format's
  own field names and values that mean something to it) dumped into record
  files of every type, stories and the glossary;
- random bytes as record files;
- mutations of the default content's real records: a key deleted, a value of
  another type, the file cut short, re-encoded, a key duplicated, a tab or NUL
  inserted.

Every run must end without an exception, and every diagnostic must name a file
inside the project, a line and column from 1, and fit on one line.

The suite runs a small, fixed (derandomized) number of examples so that it
stays fast and repeatable. For a longer hunt, set ``EXPLAINER_FUZZ_EXAMPLES``:

    EXPLAINER_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py

which also draws fresh random examples on every run (see SECURITY.md).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AS_OF, DEFAULT_CONTENT, MINIMAL, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.config import Settings, make_settings
from generator.core.diagnostics import Problem, Severity
from generator.core.models import MODELS, field_names
from generator.core.vocabulary import FOLDER_OF, FOLDERS
from generator.pipeline import build, check

#: Examples per test when EXPLAINER_FUZZ_EXAMPLES is set (a long, random run).
LONG_RUN = int(os.environ.get("EXPLAINER_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(examples: int) -> Any:
    """Hypothesis settings: few, derandomized examples in the suite; many, random ones on demand."""
    return settings(max_examples=LONG_RUN or examples, deadline=None,
                    derandomize=not LONG_RUN, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# ------------------------------------------------------------------ checking


def assert_clean(project: Settings, problems: list[Problem]) -> None:
    """Every diagnostic is inside the project, located from 1:1, and one line."""
    root = project.root.resolve()
    for problem in problems:
        loc = problem.location
        shown = problem.format()
        assert loc.path, shown
        assert not Path(loc.path).is_absolute(), shown
        assert (root / loc.path).resolve().is_relative_to(root), shown
        assert loc.line >= 1, shown
        assert loc.col >= 1, shown
        assert problem.severity in (Severity.ERROR, Severity.WARNING), shown
        assert problem.code, shown
        assert problem.message.strip(), shown
        assert not any(ch in shown for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), shown


def run_pipeline(project: Settings) -> None:
    """check, then build when the content has no error; neither may raise."""
    result = check(project)
    assert_clean(project, result.problems)
    if result.ok:
        built = build(project)
        assert_clean(project, built.problems)
        assert built.rendered is not None


# ---------------------------------------------------- (a) random YAML records


def _keys() -> list[str]:
    names: set[str] = {"sources", "tags", "formerly", "notes", "body", "home", "order"}
    for model in MODELS.values():
        names.update(field_names(model))
    names.update(("actor", "role", "of", "to", "type", "status", "note", "url", "credit",
                  "date", "place", "title"))
    return sorted(names)


KEYS = _keys()
#: Values that mean something to the format, or to an attacker.
MEANINGFUL = [
    "alice", "acme", "freedonia", "summit", "alice-says", "report-one", "capital", "overview",
    "person", "state", "government-body", "news", "city", "expected", "confirmed", "denies",
    "retracts", "member-of", "spokesperson-for", "2023-09-04", "2023-07", "2022~", "2023-09?",
    "2023-07-25/2023-07-27", "2011-12/..", "../2023-08", "2023-02-30", "2023-09-XX", "201X",
    "Y170000002", "Y1" + "0" * 5000, "-0044", "2024/2023", "..", "/", "0000-00-00",
    "9999-12-31", "2023-09-04T14:30:00Z", "Q423", "en", "x-" + "a" * 300, "http://example.org",
    "javascript:alert(1)", "[[alice]]", "[[nobody]]", "[[alice|<b>x</b>]]", "[[", "]]",
    "[x](javascript:alert(1))", "[x]: data:,x", "<script>alert(1)</script>", "{{ 7*7 }}",
    "{% raw %}", "{: onclick=alert(1) }", "`", "``x``", "&#0;", "\u2028", "\x85", "\r", "\t",
    " ", "", "~", "null", "true", "1e999", "nan", "-0", "0x10", "!!python/object", "*alias",
    "&anchor", "---", "...", "- x", "? x", "%YAML 1.1", "@", "#", "'", '"', "\\", "é", "😀",
]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(),
    st.text(max_size=40), st.sampled_from(MEANINGFUL),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5),
    max_leaves=25,
)
documents = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=10),
    st.dictionaries(st.sampled_from(KEYS), values, max_size=10),  # twice as likely
    values,
)
record_ids = st.one_of(
    st.sampled_from(["alice", "acme", "freedonia", "summit", "alice-says", "report-one",
                     "capital", "overview", "new-one", "a" * 81]),
    st.text(alphabet="abcxyz019-_ .AZé", min_size=1, max_size=12),
)
record_files = st.tuples(st.sampled_from([*FOLDERS, "glossary", "misc"]), record_ids,
                         documents, st.booleans(), st.text(max_size=200))


def _dump(document: Any, flow: bool) -> str:
    return str(yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True,
                              sort_keys=False))


def _file_of(folder: str, record_id: str, document: Any, flow: bool,
             body: str) -> tuple[str, str]:
    if folder == "glossary":
        return "glossary.yml", _dump(document, flow)
    if folder == "stories":
        return f"stories/{record_id}.md", f"---\n{_dump(document, flow)}---\n{body}"
    return f"{folder}/{record_id}.yml", _dump(document, flow)


@contextmanager
def minimal_project() -> Iterator[tuple[Settings, Path]]:
    """A fresh copy of the MINIMAL project (tests/conftest.py) in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="explainer-fuzz-") as folder:
        root = Path(folder)
        write_files(root / "content", MINIMAL)
        yield make_settings(root, {"as_of": AS_OF}), root / "content"


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():  # a generated name that is also a folder name ('actors', '.')
        return
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)


@fuzz_settings(60)
@given(files=st.lists(record_files, min_size=1, max_size=3))
def test_random_yaml_records(files: list[tuple[str, str, Any, bool, str]]) -> None:
    with minimal_project() as (project, content):
        for folder, record_id, document, flow, body in files:
            rel, text = _file_of(folder, record_id, document, flow, body)
            _write(content / rel, text)
        run_pipeline(project)


# ---------------------------------------------------------- (b) random bytes


@fuzz_settings(40)
@given(folder=st.sampled_from([*FOLDERS, "glossary"]), record_id=record_ids,
       data=st.one_of(st.binary(max_size=600),
                      st.binary(max_size=200).map(lambda b: b"title: " + b),
                      st.binary(max_size=200).map(lambda b: b"---\ntitle: T\n---\n" + b)))
def test_random_bytes_as_record_files(folder: str, record_id: str, data: bytes) -> None:
    with minimal_project() as (project, content):
        if folder == "glossary":
            rel = "glossary.yml"
        else:
            rel = f"{folder}/{record_id}.{'md' if folder == 'stories' else 'yml'}"
        _write(content / rel, data)
        run_pipeline(project)


# ------------------------------------------- (c) mutations of the real records


REAL_RECORDS = sorted(p.relative_to(DEFAULT_CONTENT).as_posix()
                      for p in DEFAULT_CONTENT.rglob("*") if p.is_file())
OTHER_TYPE = {str: lambda v: [v], list: lambda v: {"key": v}, dict: lambda v: 42,
              type(None): lambda v: "text"}


def _split_story(text: str) -> tuple[str, str]:
    """A story's front matter and the rest (from the closing '---' on)."""
    end = text.index("\n---", 3)
    return text[4:end + 1], text[end + 1:]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


def _restructure(text: str, story: bool, choose: Any, delete: bool) -> str:
    """Delete the value at a random path, or give it another type."""
    front, rest = _split_story(text) if story else (text, "")
    data = yaml.load(front, Loader=yaml.BaseLoader)  # every scalar stays text
    paths = _paths(data)
    if not paths:
        return text
    path = choose(paths)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        value = parent[path[-1]]
        parent[path[-1]] = OTHER_TYPE.get(type(value), lambda v: "text")(value)
    dumped = _dump(data, False)
    return f"---\n{dumped}{rest}" if story else dumped


def _duplicate_key(text: str, line: int) -> str:
    lines = text.split("\n")
    keyed = [i for i, ln in enumerate(lines) if ":" in ln and not ln.lstrip().startswith("#")]
    if not keyed:
        return text
    i = keyed[line % len(keyed)]
    return "\n".join([*lines[:i + 1], lines[i], *lines[i + 1:]])


MUTATIONS = ["delete-key", "other-type", "truncate", "latin-1", "utf-16", "utf-16-le",
             "utf-32", "bom", "duplicate-key", "tab", "nul", "control", "crlf", "flip-byte"]


@fuzz_settings(40)
@given(record=st.sampled_from(REAL_RECORDS), mutation=st.sampled_from(MUTATIONS),
       data=st.data())
def test_mutations_of_the_real_records(default_copy: tuple[Settings, Path], record: str,
                                       mutation: str, data: st.DataObject) -> None:
    project, content = default_copy
    path = content / record
    original = path.read_bytes()
    text = original.decode("utf-8")
    story = record.endswith(".md")
    offset = data.draw(st.integers(0, len(original)), label="offset")
    mutated: bytes
    if mutation in ("delete-key", "other-type"):
        def choose(options: list[Any]) -> Any:
            return data.draw(st.sampled_from(options), label="path")
        mutated = _restructure(text, story, choose, mutation == "delete-key").encode("utf-8")
    elif mutation == "truncate":
        mutated = original[:offset]
    elif mutation == "latin-1":
        mutated = text.encode("latin-1", "replace")
    elif mutation in ("utf-16", "utf-16-le", "utf-32"):
        mutated = text.encode(mutation)
    elif mutation == "bom":
        mutated = b"\xef\xbb\xbf" + original
    elif mutation == "duplicate-key":
        mutated = _duplicate_key(text, offset).encode("utf-8")
    elif mutation == "crlf":
        mutated = original.replace(b"\n", b"\r\n")
    elif mutation == "flip-byte":
        at = min(offset, len(original) - 1)
        mutated = original[:at] + bytes([original[at] ^ data.draw(st.integers(1, 255))]) + \
            original[at + 1:]
    else:
        inserted = {"tab": b"\t", "nul": b"\x00", "control": b"\x1b"}[mutation]
        mutated = original[:offset] + inserted + original[offset:]
    try:
        path.write_bytes(mutated)
        run_pipeline(project)
    finally:
        path.write_bytes(original)


@pytest.fixture(scope="module")
def default_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    """The default content, copied once; each example changes one file and puts it back."""
    root = tmp_path_factory.mktemp("default")
    shutil.copytree(DEFAULT_CONTENT, root / "content")
    return make_settings(root, {"as_of": AS_OF}), root / "content"


def test_the_mutations_start_from_valid_content(default_copy: tuple[Settings, Path]) -> None:
    """Every problem the mutations find is theirs: the real records have none."""
    project, _ = default_copy
    assert check(project).problems == []
    assert len(REAL_RECORDS) > 50


def test_long_run_is_documented() -> None:
    security = (Path(__file__).resolve().parent.parent / "SECURITY.md").read_text("utf-8")
    assert "EXPLAINER_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py" in security
    assert textwrap.dedent(__doc__ or "").count("EXPLAINER_FUZZ_EXAMPLES") >= 2


# ------------------------------------- (d) Markdown constructs around script vectors

#: Constructs of the Markdown the site enables, each with a slot for a vector (``V``)
#: or an unsafe URL (``U``): where the source filter and the output guard must agree.
CONSTRUCTS = [
    "V", "`V`", "``V``", "*V*", "**V**",
    "Text[^1].\n\n[^1]: V", "See [it][r][^2].\n\n[^2]: [r]: U",
    "[^3]: [^4]: > [r]: U\n\n[x][r][^3]", "[x][r]\n\n[r]: U", "[x][r]\n\n  [r]:\n    <U>",
    "*[ABBR]: V\n\nABBR", "*[V]: tip\n\nV", "para\n{: V }", "para {: onclick=\"V\" }",
    "- a\n    - V\n        1. V", "> quote V\n> [r]: U\n\n[q][r]", "term\n:   V\n:   [r]: U",
    "!!! note\n    V", "!!! note \"V\"\n    body", "<div markdown>V</div>", "[x](U)", "![x](U)",
    "<U>", "[x](<U>)", "[x](U \"V\")", "V\n\n    indented V",
]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)", " javascript:alert(1)", "javascript&colon;alert(1)",
        *["https://example.org/", "/relative/path", "#anchor", "mailto:desk@example.org"] * 3]


def _xss_vectors() -> list[str]:
    from test_browser_xss import VECTORS
    return VECTORS


_compositions = st.lists(
    st.tuples(st.sampled_from(CONSTRUCTS), st.sampled_from(_xss_vectors()),
              st.sampled_from(URLS)),
    min_size=1, max_size=4,
).map(lambda parts: "\n\n".join(c.replace("U", u).replace("V", v) for c, v, u in parts))


def _guard_hits(rendered: dict[str, str]) -> list[str]:
    """Every generated page as the site renders it (Python-Markdown, the site's
    extensions), then read by the output guard."""
    import markdown

    from generator.adapters.plugin import MARKDOWN_EXTENSIONS
    from generator.outputs.guard import scan
    hits = []
    for path, text in rendered.items():
        if path.endswith(".md"):
            page = markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))
            hits += [f"{path}: {hit.what}: {hit.value}" for hit in scan(page)]
    return hits


@fuzz_settings(40)
@given(text=_compositions, term=st.sampled_from(["XSSTERM", *_xss_vectors()]))
def test_the_guard_never_fires_on_content_check_accepts(text: str, term: str) -> None:
    """Markdown constructs composed with script vectors in every Markdown field and in the
    glossary: whatever ``check`` accepts, the guard finds nothing to stop in its pages."""
    with minimal_project() as (project, content):
        for kind, model in MODELS.items():
            fields = {name: text for name in model.markdown_fields}
            if kind == "actor":
                fields["relations"] = [{"type": "spokesperson-for", "to": "acme",
                                        "note": text, "sources": ["report-one"]}]
            if kind == "story":
                _write(content / "stories" / "fuzzed.md",
                       f"---\ntitle: Fuzzed\n---\n{text}\n")
                continue
            path = next(content.glob(f"{FOLDER_OF[kind]}/*.yml"))
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            record.update(fields)
            _write(path, _dump(record, False))
        _write(content / "glossary.yml", _dump({term: text, "ACME": text}, False))
        result = check(project)
        assert_clean(project, result.problems)
        if result.ok:
            built = build(project)
            assert built.rendered is not None
            assert _guard_hits(built.rendered.files) == []
