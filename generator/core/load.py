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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from . import control_chars
from .config import Settings
from .diagnostics import Location, Problem, did_you_mean, error, warning
from .vocabulary import FOLDERS, RecordKind
from .yaml_errors import syntax_problem

try:  # the C loader is ten times faster; fall back where libyaml is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc]
    """Composes without guessing types: every plain scalar is text (null is found by hand)."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, object]]] = {}  # noqa: RUF012

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        """The default tag of the node's kind: what the base class finds without resolvers,
        without its work (it is called for every node)."""
        return _DEFAULT_TAGS[kind]


_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
MAX_FILE_BYTES = 1_000_000
_FIRST_READ = 64 * 1024
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


class Document:
    """A parsed YAML document; the position of any key or value is found on demand.

    Positions are only needed to report a problem, so they are not kept while
    loading (they were most of the time and memory of a load): the first look-up
    composes the YAML text again and keeps the positions of that one document.
    """

    __slots__ = ("_front_end", "_keys", "_values", "data", "path", "problems", "text")

    def __init__(self, path: str, text: str, data: Any,
                 values: dict[FieldPath, Span] | None = None,
                 keys: dict[FieldPath, Span] | None = None, *, front_end: int = -1,
                 problems: tuple[Problem, ...] = ()) -> None:
        self.path = path
        self.text = text
        self.data = data
        #: Problems found while loading that did not stop it (duplicate keys, control
        #: characters): reported with the record's other problems, in the same run.
        self.problems = problems
        #: For a story, where its front matter ends; -1 when the whole text is YAML.
        self._front_end = front_end
        self._values = values
        self._keys = keys

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.text, self.data) == (other.path, other.text, other.data)

    __hash__ = None  # type: ignore[assignment]  # mutable data, as before

    def __repr__(self) -> str:
        return f"Document(path={self.path!r})"

    @property
    def values(self) -> dict[FieldPath, Span]:
        """The span of every value, by field path (computed on first use)."""
        if self._values is None:
            self._values, self._keys = _positions(self._yaml_text())
        return self._values

    @property
    def keys(self) -> dict[FieldPath, Span]:
        """The span of every mapping key, by the field path of its value."""
        if self._keys is None:
            self._values, self._keys = _positions(self._yaml_text())
        return self._keys

    def forget_source(self) -> None:
        """Drop the file's text and data once the model is all that is read (pages are
        made): no problem can be located in it after this (line 1, column 1)."""
        self.text = ""
        self.data = None
        self._values, self._keys = {}, {}

    def _yaml_text(self) -> str:
        if self._front_end < 0:
            return self.text
        return _blank_opening(self.text[: self._front_end])

    def span(self, path: FieldPath = ()) -> Span:
        """The value's span, or that of its nearest written ancestor."""
        values = self.values
        while path not in values and path:
            path = path[:-1]
        return values.get(path, Span(1, 1, 0, 0))

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


@dataclass(frozen=True)
class Unloaded:
    """A record file with a well-formed name that could not be read or parsed.

    It still declares its id (the file name): references to it are not unknown,
    only broken, and its own problem says why.
    """

    kind: RecordKind
    id: str
    path: str
    problem: Problem


@dataclass
class Loaded:
    records: list[RawRecord] = field(default_factory=list)
    #: Files whose id is known but whose content could not be loaded.
    unloaded: list[Unloaded] = field(default_factory=list)
    glossary: Document | None = None
    problems: list[Problem] = field(default_factory=list)


class _LoadFailure(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


# --------------------------------------------------------------------- walking


@dataclass(frozen=True, slots=True)
class ContentFile:
    """A file the walk found to load: its path, its path for diagnostics, and its kind.

    ``kind`` is None for the glossary.
    """

    path: str
    rel: str
    kind: RecordKind | None


#: ``[job(file) for file in files]``, maybe shared by forked workers (``speed.parallel``).
FileMap = Callable[[Callable[[ContentFile], Any], Sequence[ContentFile]], list[Any]]


def load_content(settings: Settings, *, share: FileMap | None = None) -> Loaded:
    """Read every record file under the content folder, in sorted order.

    ``share`` reads the files (``speed.parallel.shared_map``: by forked processes
    on every CPU for a big folder, never in a process that runs threads).
    """
    loaded = Loaded()
    walk = list(walk_content(settings))
    files = [item for item in walk if isinstance(item, ContentFile) and item.kind is not None]
    records = iter(share(load_record, files) if share else map(load_record, files))
    found: list[RawRecord | Unloaded] = []  # in walk order, for the duplicate-id rule
    for item in walk:
        if isinstance(item, Problem):
            loaded.problems.append(item)
        elif item.kind is None:
            glossary = load_glossary(item)
            if isinstance(glossary, Problem):
                loaded.problems.append(glossary)
            else:
                loaded.glossary = glossary
        else:
            record = next(records)
            if isinstance(record, Problem):
                loaded.problems.append(record)
            else:
                found.append(record)
    kept, duplicates = first_of_each_id(found, lambda f: (f.id, _path_of(f)))
    loaded.problems += duplicates
    loaded.records = [f for f in kept if isinstance(f, RawRecord)]
    loaded.unloaded = [f for f in kept if isinstance(f, Unloaded)]
    loaded.problems += [file.problem for file in loaded.unloaded]
    return loaded


def walk_content(settings: Settings) -> Iterator[ContentFile | Problem]:
    """The files to load and the problems of the folder layout, in sorted order.

    Only names are looked at (and symbolic links resolved): no file is read.
    """
    root = settings.content_dir
    root_rel = settings.relative(root)
    if not root.is_dir():
        yield error(Location(root_rel), "content-missing",
                    f"content folder '{root_rel}' does not exist")
        return
    walk = _Walk(settings)
    prefix = "" if root_rel == "." else f"{root_rel}/"  # as Settings.relative would say
    for entry in _sorted_entries(str(root)):
        yield from walk.top_entry(entry, prefix + entry.name)


def _sorted_entries(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)


class _Walk:
    """The content folder's layout, walked with plain strings (pathlib is slow here)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._resolved_root: Path | None = None

    def top_entry(self, entry: os.DirEntry[str], rel: str) -> Iterator[ContentFile | Problem]:
        if entry.is_dir(follow_symlinks=False) and entry.name in FOLDERS:
            yield from self.records(entry.path, rel, FOLDERS[entry.name])
        elif entry.name in GLOSSARY_NAMES:
            problem = self.irregular(entry, rel)
            yield problem if problem else ContentFile(entry.path, rel, None)
        elif entry.is_dir(follow_symlinks=False):
            yield warning(
                Location(rel), "unknown-folder",
                f"folder '{entry.name}' is not a record folder and is ignored", entry.name,
                did_you_mean(entry.name, FOLDERS) or
                f"record folders are {', '.join(FOLDERS)}")
        elif not _is_readme(entry.name):
            yield warning(
                Location(rel), "unknown-file",
                f"file '{entry.name}' is not a record and is ignored", entry.name,
                "records go in " + ", ".join(f"{name}/" for name in FOLDERS))

    def records(self, folder: str, folder_rel: str,
                kind: RecordKind) -> Iterator[ContentFile | Problem]:
        """Record files below a type folder; sub-folders are allowed for grouping."""
        for entry in _sorted_entries(folder):
            name = entry.name
            rel = f"{folder_rel}/{name}"
            if _is_readme(name):
                continue
            suffix = _suffix(name)
            if entry.is_dir(follow_symlinks=False):
                if suffix in RECORD_SUFFIXES or suffix == ".md":
                    yield error(Location(rel), "not-a-file",
                                f"'{rel}' is a folder, not a record file", name)
                else:
                    yield from self.records(entry.path, rel, kind)
                continue
            problem = self.irregular(entry, rel)
            if problem is not None:
                yield problem
            elif not entry.is_file():
                continue
            elif suffix not in ((".md",) if kind == "story" else RECORD_SUFFIXES):
                yield warning(
                    Location(rel), "unknown-file",
                    f"'{name}' is not a {'.md' if kind == 'story' else '.yml'} file "
                    "and is ignored", name)
            else:
                yield ContentFile(entry.path, rel, kind)

    def irregular(self, entry: os.DirEntry[str], rel: str) -> Problem | None:
        """The problem of a symbolic link that loops or leads outside the content folder."""
        if not entry.is_symlink():
            return None
        try:
            target = Path(entry.path).resolve()
        except (OSError, RuntimeError):  # links that lead to each other without end
            return error(Location(rel), "symlink-loop",
                         f"'{rel}' is a symbolic link that loops back on itself")
        if self._resolved_root is None:
            self._resolved_root = self.settings.content_dir.resolve()
        if not target.is_relative_to(self._resolved_root):
            return error(Location(rel), "symlink-escape",
                         f"'{rel}' links outside the content folder", str(target))
        return None


def _suffix(name: str) -> str:
    """Like ``PurePath.suffix``."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _is_readme(name: str) -> bool:
    return name.lower().startswith("readme")


# ----------------------------------------------------------------- record files


def load_record(file: ContentFile) -> RawRecord | Unloaded | Problem:
    """One record file, parsed, or the problem that stops it from loading (with the
    id it declares, when its name is a good id)."""
    assert file.kind is not None
    name = file.path.rsplit(os.sep, 1)[-1]
    record_id = name[: -len(_suffix(name))]
    try:
        _check_id(record_id, file.rel)
    except _LoadFailure as failure:
        return failure.problem
    try:
        text = _read_text(file.path, file.rel)
        if file.kind == "story":
            return _parse_story(text, file.rel, record_id)
        return RawRecord(file.kind, record_id, _parse_record(text, file.rel))
    except _LoadFailure as failure:
        return Unloaded(file.kind, record_id, file.rel, failure.problem)


def id_problem(record_id: str, rel: str) -> Problem | None:
    """The loader's problem with an id (a record file's name), if it has one."""
    try:
        _check_id(record_id, rel)
    except _LoadFailure as failure:
        return failure.problem
    return None


def load_glossary(file: ContentFile) -> Document | Problem:
    try:
        return parse_yaml(_read_text(file.path, file.rel), file.rel)
    except _LoadFailure as failure:
        return failure.problem


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


def _read_text(path: str, rel: str) -> str:
    try:
        with open(path, "rb") as handle:  # never more than the limit, even if it grew
            # A first read of a size most records fit in: read(n) makes a buffer of n
            # bytes first, and a megabyte for each small file costs (0.13 s at 5k).
            first = min(_FIRST_READ, MAX_FILE_BYTES + 1)
            raw = handle.read(first)
            if len(raw) == first:
                raw += handle.read(MAX_FILE_BYTES + 1 - first)
            # Its size only when too large (one system call less per file otherwise).
            size = os.fstat(handle.fileno()).st_size if len(raw) > MAX_FILE_BYTES else 0
    except OSError as exc:
        raise _LoadFailure(error(Location(rel), "unreadable",
                                 f"file cannot be read: {exc.strerror or exc}")) from None
    if size > MAX_FILE_BYTES:
        raise _LoadFailure(error(
            Location(rel), "file-too-large",
            f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", size))
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
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    body = text[body_start:]
    in_body = tuple(control_chars.in_markdown(body, rel, body_line))
    if front[3:].strip():
        front_doc = _parse_record(_blank_opening(front), rel)
        doc = Document(rel, text, front_doc.data, front_end=closing.start(),
                       problems=front_doc.problems + in_body)
    else:
        doc = Document(rel, text, {}, {}, {}, problems=in_body)
    return RawRecord("story", story_id, doc, body, body_line)


def _blank_opening(front: str) -> str:
    """The front matter with its opening '---' blanked: offsets and lines stay file-relative."""
    return "   " + front[3:]


# ------------------------------------------------------------------ YAML → data


def parse_yaml(text: str, rel: str) -> Document:
    """Compose YAML and convert it to plain data (positions are found on demand).

    Raises a load failure with the parser's own location on bad YAML.
    """
    node = _compose(text, rel)
    if node is None:
        raise _LoadFailure(error(Location(rel), "empty-file", "file has no content"))
    converter = _Converter(rel)
    data = converter.convert(node, 0)
    problems = converter.problems + control_chars.in_document(text, node, rel)
    return Document(rel, text, data, problems=tuple(problems))


def _compose(text: str, rel: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _LoadFailure(syntax_problem(exc, text, rel, _Loader)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        reason = str(exc).split("\n", 1)[0]
        raise _LoadFailure(error(Location(rel, line, col), "yaml-syntax",
                                 f"invalid YAML: {reason}")) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise _LoadFailure(error(Location(rel), "yaml-syntax", f"invalid YAML: {reason}")) from None


class _Converter:
    """Turns a composed node tree into dicts, lists and strings, checking its limits."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.count = 0
        #: Problems that do not stop the load (the rest of the file is still checked).
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, "too-large",
                             f"document has more than {MAX_NODES} values "
                             "(aliases expanding without end?)")
        if depth > MAX_DEPTH:
            raise self._fail(node, "too-deep", f"values are nested deeper than {MAX_DEPTH} levels")
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(node, "yaml-tag", f"YAML tag '{tag}' is not allowed", tag,
                             "remove the tag; records hold plain text, lists and mappings")
        cls = type(node)
        if cls is yaml.ScalarNode:
            return None if _is_null(node) else node.value  # type: ignore[arg-type]
        if cls is yaml.SequenceNode:
            return [self.convert(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, depth)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise self._fail(key_node, "bad-key", "a key must be plain text")
            key = key_node.value
            if key == "<<" and not key_node.style:  # a merge key, plain (quoted is text)
                raise self._fail(key_node, "yaml-merge", "YAML merge keys ('<<') are not supported")
            if key in result:  # the first value is kept, and the rest of the file checked
                first = key_nodes[key].start_mark.line + 1
                self.problems.append(self._fail(
                    key_node, "duplicate-key", f"duplicate key '{key}' (first set on line {first})",
                    key, "keep one; YAML would silently drop the first").problem)
                continue
            key_nodes[key] = key_node
            result[key] = self.convert(value_node, depth + 1)
        return result

    def _fail(self, node: yaml.Node, code: str, message: str, value: object = None,
              hint: str | None = None) -> _LoadFailure:
        mark = node.start_mark
        return _LoadFailure(error(Location(self.rel, mark.line + 1, mark.column + 1), code,
                                  message, value, hint))


def _positions(text: str) -> tuple[dict[FieldPath, Span], dict[FieldPath, Span]]:
    """The spans of every value and key of a document that loaded without error."""
    values: dict[FieldPath, Span] = {}
    keys: dict[FieldPath, Span] = {}
    root = yaml.compose(text, Loader=_Loader)
    if root is None:
        return values, keys
    stack: list[tuple[yaml.Node, FieldPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        values[path] = _span(node)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(((item, (*path, i)) for i, item in enumerate(node.value)))
        elif isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, value_node in node.value:
                if key_node.value in seen:  # a duplicate key: the first value is the one kept
                    continue
                seen.add(key_node.value)
                keys[(*path, key_node.value)] = _span(key_node)
                stack.append((value_node, (*path, key_node.value)))
    return values, keys


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


def check_unique_ids(records: list[RawRecord]) -> list[Problem]:
    """Ids are unique across every record type; the later file is the error (and dropped)."""
    kept, problems = first_of_each_id(records, lambda record: (record.id, record.doc.path))
    records[:] = kept
    return problems


def _path_of(file: RawRecord | Unloaded) -> str:
    """Where a loaded or unloaded record file is (files that did not load declare ids
    too, so they take part in the duplicate-id rule)."""
    return file.doc.path if isinstance(file, RawRecord) else file.path


T = TypeVar("T")


def first_of_each_id(items: list[T], id_and_path: Callable[[T], tuple[str, str]],
                     ) -> tuple[list[T], list[Problem]]:
    """The items whose id is not taken by an earlier one, and a problem for each other."""
    seen: dict[str, str] = {}
    kept: list[T] = []
    problems: list[Problem] = []
    for item in items:
        record_id, path = id_and_path(item)
        first = seen.get(record_id)
        if first is None:
            seen[record_id] = path
            kept.append(item)
            continue
        problems.append(error(
            Location(path), "duplicate-id",
            f"id '{record_id}' is already used by {first}", record_id,
            "ids must be unique across all record types"))
    return kept, problems
