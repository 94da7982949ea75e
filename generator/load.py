"""Stage 1, load: read every content file, keeping where each value was written.

YAML is composed (never constructed) with the safe C loader, and the node tree
is turned into plain data by hand so that:

- every scalar stays the text the editor typed (``2023-09-04`` is not a date,
  ``2022`` is not an integer); only an empty value or ``null`` becomes None;
- duplicate keys, object-constructing tags and alias bombs are reported;
- the line and column of every key and value are kept for diagnostics.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import Settings
from .diagnostics import Location, Problem, did_you_mean, error, warning
from .vocabulary import FOLDERS, RecordKind

try:  # the C loader is ten times faster; fall back where libyaml is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc]
    """Composes without guessing types: every plain scalar is text (null is found by hand)."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, object]]] = {}  # noqa: RUF012

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 50_000
RECORD_SUFFIXES = (".yml", ".yaml")
GLOSSARY_NAMES = ("glossary.yml", "glossary.yaml")

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_NULL_TAG = "tag:yaml.org,2002:null"

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a value was written: 1-based line and column, and character offsets."""

    line: int
    col: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A parsed YAML document with the position of every key and value."""

    path: str
    text: str
    data: Any
    values: dict[FieldPath, Span] = field(default_factory=dict)
    keys: dict[FieldPath, Span] = field(default_factory=dict)

    def span(self, path: FieldPath = ()) -> Span:
        """The value's span, or that of its nearest written ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Span(1, 1, 0, 0))

    def loc(self, path: FieldPath = ()) -> Location:
        span = self.span(path)
        return Location(self.path, span.line, span.col)

    def key_loc(self, path: FieldPath) -> Location:
        span = self.keys.get(path)
        return Location(self.path, span.line, span.col) if span else self.loc(path)

    def source(self, path: FieldPath) -> str:
        """The raw text of a value as written in the file."""
        span = self.values.get(path)
        return self.text[span.start:span.end] if span else ""


@dataclass(frozen=True)
class RawRecord:
    """One record file: its kind, its id and its parsed document.

    Stories also carry their Markdown body and the line it starts on.
    """

    kind: RecordKind
    id: str
    doc: Document
    body: str = ""
    body_line: int = 0


@dataclass
class Loaded:
    records: list[RawRecord] = field(default_factory=list)
    glossary: Document | None = None
    problems: list[Problem] = field(default_factory=list)


class _LoadFailure(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


# --------------------------------------------------------------------- walking


def load_content(settings: Settings) -> Loaded:
    """Read every record file under the content folder, in sorted order."""
    loaded = Loaded()
    root = settings.content_dir
    if not root.is_dir():
        loaded.problems.append(error(
            Location(settings.relative(root)), "content-missing",
            f"content folder '{settings.relative(root)}' does not exist"))
        return loaded
    for entry in _sorted_entries(root):
        _load_top_entry(entry, settings, loaded)
    _check_unique_ids(loaded)
    return loaded


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)


def _load_top_entry(entry: os.DirEntry[str], settings: Settings, loaded: Loaded) -> None:
    path = Path(entry.path)
    rel = settings.relative(path)
    if entry.is_dir(follow_symlinks=False) and entry.name in FOLDERS:
        for file in _walk_records(path, settings, loaded):
            _load_record_file(file, FOLDERS[entry.name], settings, loaded)
    elif entry.name in GLOSSARY_NAMES:
        if not _is_regular(entry, settings, loaded):
            return
        try:
            loaded.glossary = parse_yaml(_read_text(path, rel), rel)
        except _LoadFailure as failure:
            loaded.problems.append(failure.problem)
    elif entry.is_dir(follow_symlinks=False):
        loaded.problems.append(warning(
            Location(rel), "unknown-folder",
            f"folder '{entry.name}' is not a record folder and is ignored", entry.name,
            did_you_mean(entry.name, FOLDERS) or
            f"record folders are {', '.join(FOLDERS)}"))
    elif not _is_readme(entry.name):
        loaded.problems.append(warning(
            Location(rel), "unknown-file",
            f"file '{entry.name}' is not a record and is ignored", entry.name,
            "records go in " + ", ".join(f"{name}/" for name in FOLDERS)))


def _is_readme(name: str) -> bool:
    return name.lower().startswith("readme")


def _walk_records(folder: Path, settings: Settings, loaded: Loaded) -> Iterator[Path]:
    """Record files below a type folder; sub-folders are allowed for grouping."""
    for entry in _sorted_entries(folder):
        path = Path(entry.path)
        rel = settings.relative(path)
        if _is_readme(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            if path.suffix in RECORD_SUFFIXES or path.suffix == ".md":
                loaded.problems.append(error(
                    Location(rel), "not-a-file",
                    f"'{rel}' is a folder, not a record file", entry.name))
            else:
                yield from _walk_records(path, settings, loaded)
        elif _is_regular(entry, settings, loaded):
            yield path


def _is_regular(entry: os.DirEntry[str], settings: Settings, loaded: Loaded) -> bool:
    """True for a file that stays inside the content folder (symlinks included)."""
    path = Path(entry.path)
    if entry.is_symlink():
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # links that lead to each other without end
            loaded.problems.append(error(
                Location(settings.relative(path)), "symlink-loop",
                f"'{settings.relative(path)}' is a symbolic link that loops back on itself"))
            return False
        if not target.is_relative_to(settings.content_dir.resolve()):
            loaded.problems.append(error(
                Location(settings.relative(path)), "symlink-escape",
                f"'{settings.relative(path)}' links outside the content folder", str(target)))
            return False
    return path.is_file()


# ----------------------------------------------------------------- record files


def _load_record_file(path: Path, kind: RecordKind, settings: Settings, loaded: Loaded) -> None:
    rel = settings.relative(path)
    wanted = (".md",) if kind == "story" else RECORD_SUFFIXES
    if path.suffix not in wanted:
        loaded.problems.append(warning(
            Location(rel), "unknown-file",
            f"'{path.name}' is not a {'.md' if kind == 'story' else '.yml'} file and is ignored",
            path.name))
        return
    record_id = path.name[: -len(path.suffix)]
    try:
        _check_id(record_id, rel)
        text = _read_text(path, rel)
        if kind == "story":
            loaded.records.append(_parse_story(text, rel, record_id))
        else:
            loaded.records.append(RawRecord(kind, record_id, _parse_record(text, rel)))
    except _LoadFailure as failure:
        loaded.problems.append(failure.problem)


def _check_id(record_id: str, rel: str) -> None:
    if len(record_id) > MAX_ID_LENGTH:
        raise _LoadFailure(error(
            Location(rel), "id-too-long",
            f"id '{record_id}' is {len(record_id)} characters long; the limit is {MAX_ID_LENGTH}",
            record_id))
    if not ID_PATTERN.match(record_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")
        raise _LoadFailure(error(
            Location(rel), "bad-id",
            f"id '{record_id}' (the file name) must be lower-case letters and digits "
            "separated by single hyphens", record_id,
            f"rename the file to '{suggestion}'" if suggestion else None))


def _read_text(path: Path, rel: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _LoadFailure(error(
                Location(rel), "file-too-large",
                f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", size))
        with path.open("rb") as handle:  # never more than the limit, even if it grew
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _LoadFailure(error(Location(rel), "unreadable",
                                 f"file cannot be read: {exc.strerror or exc}")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _LoadFailure(error(
            Location(rel), "file-too-large",
            f"file is more than {MAX_FILE_BYTES} bytes; the limit is {MAX_FILE_BYTES}"))
    if not raw.strip():
        raise _LoadFailure(error(Location(rel), "empty-file", "file is empty"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _LoadFailure(error(
            Location(rel), "bom", "file starts with a byte-order mark (BOM)", None,
            "save it as UTF-8 without BOM"))
    try:
        # Windows and old Mac line endings: lines and columns count the same.
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _LoadFailure(error(
            Location(rel, line, col), "not-utf8",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", None,
            "save it as UTF-8")) from None


def _parse_record(text: str, rel: str) -> Document:
    doc = parse_yaml(text, rel)
    if not isinstance(doc.data, dict):
        raise _LoadFailure(error(
            doc.loc(), "not-a-mapping",
            f"a record must be a mapping of fields, not {_describe(doc.data)}"))
    return doc


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _parse_story(text: str, rel: str, story_id: str) -> RawRecord:
    """A story: YAML front matter between ``---`` lines, then Markdown."""
    first_line_end = text.find("\n")
    if text.split("\n", 1)[0].rstrip() != "---" or first_line_end < 0:
        raise _LoadFailure(error(
            Location(rel), "no-front-matter",
            "a story must start with YAML front matter between '---' lines", None,
            "add '---', 'title: …' and '---' at the top"))
    closing = _FRONT_MATTER_END.search(text, first_line_end + 1)
    if closing is None:
        raise _LoadFailure(error(
            Location(rel), "no-front-matter",
            "the front matter is not closed by a '---' line"))
    front = text[: closing.start()]
    # Blank out the opening '---' so that offsets and lines stay file-relative.
    doc = _parse_record("   " + front[3:], rel) if front[3:].strip() else Document(rel, text, {})
    doc = Document(rel, text, doc.data, doc.values, doc.keys)
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return RawRecord("story", story_id, doc, text[body_start:], body_line)


# ------------------------------------------------------------------ YAML → data


def parse_yaml(text: str, rel: str) -> Document:
    """Compose YAML and convert it to plain data with positions.

    Raises a load failure with the parser's own location on bad YAML.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise _LoadFailure(error(
            Location(rel, line, col), "yaml-syntax", f"invalid YAML: {problem}")) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        reason = str(exc).split("\n", 1)[0]
        raise _LoadFailure(error(Location(rel, line, col), "yaml-syntax",
                                 f"invalid YAML: {reason}")) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise _LoadFailure(error(Location(rel), "yaml-syntax", f"invalid YAML: {reason}")) from None
    if node is None:
        raise _LoadFailure(error(Location(rel), "empty-file", "file has no content"))
    converter = _Converter(rel)
    data = converter.convert(node, (), 0)
    return Document(rel, text, data, converter.values, converter.keys)


class _Converter:
    """Turns a composed node tree into dicts, lists and strings."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.values: dict[FieldPath, Span] = {}
        self.keys: dict[FieldPath, Span] = {}
        self.count = 0

    def convert(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, "too-large",
                             f"document has more than {MAX_NODES} values "
                             "(aliases expanding without end?)")
        if depth > MAX_DEPTH:
            raise self._fail(node, "too-deep", f"values are nested deeper than {MAX_DEPTH} levels")
        self.values[path] = _span(node)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(node, "yaml-tag", f"YAML tag '{tag}' is not allowed", tag,
                             "remove the tag; records hold plain text, lists and mappings")
        if isinstance(node, yaml.ScalarNode):
            return None if _is_null(node) else node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, path, depth)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "bad-key", "a key must be plain text")
            key = key_node.value
            if key == "<<" and not key_node.style:  # a merge key, plain (quoted is text)
                raise self._fail(key_node, "yaml-merge", "YAML merge keys ('<<') are not supported")
            if key in result:
                first = self.keys[(*path, key)]
                raise self._fail(key_node, "duplicate-key",
                                 f"duplicate key '{key}' (first set on line {first.line})", key,
                                 "keep one; YAML would silently drop the first")
            self.keys[(*path, key)] = _span(key_node)
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result

    def _fail(self, node: yaml.Node, code: str, message: str, value: object = None,
              hint: str | None = None) -> _LoadFailure:
        span = _span(node)
        return _LoadFailure(error(Location(self.rel, span.line, span.col), code, message,
                                  value, hint))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def _is_null(node: yaml.ScalarNode) -> bool:
    """An empty value or a plain null (quoted "null" is text)."""
    return node.tag == _NULL_TAG or (not node.style and node.value in _NULLS)


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, start.index, end.index)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = " ".join(str(value).split())
    return f"the text '{text if len(text) <= 60 else text[:59] + '…'}'"


def describe_value(value: object) -> str:
    """A short phrase for a value of the wrong type, for messages."""
    return _describe(value)


# ---------------------------------------------------------------------- ids


def _check_unique_ids(loaded: Loaded) -> None:
    """Ids are unique across every record type; the later file is the error."""
    seen: dict[str, RawRecord] = {}
    kept: list[RawRecord] = []
    for record in loaded.records:
        first = seen.get(record.id)
        if first is None:
            seen[record.id] = record
            kept.append(record)
            continue
        loaded.problems.append(error(
            Location(record.doc.path), "duplicate-id",
            f"id '{record.id}' is already used by {first.doc.path}", record.id,
            "ids must be unique across all record types"))
    loaded.records = kept
