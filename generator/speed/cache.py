"""Per-file results kept between checks, so that unchanged files are not read again.

A check loads and validates each record file on its own; only the rules
across records (ids, references, mentions, loops) need them all. A cache keeps
the per-file part, keyed on the file's path, modification time and size:

- :class:`MemoryCache` keeps the records themselves, for a process that checks
  again and again (the MkDocs plugin under ``mkdocs serve``). An unchanged file
  gives back the very same :class:`~generator.core.validate.Entry` object, so a
  caller can tell the records that changed with ``is``;
- :class:`DiskCache` keeps a small JSON summary of each file (its
  :class:`FileResult` without the entry, and the problems last reported in it)
  in ``<project>/.explainer-cache/``, for the ``explainer check`` command;
- :class:`NullCache` keeps nothing (``explainer check --no-cache``).

Use one with :func:`generator.pipeline.check`::

    cache = MemoryCache()
    first = check(settings, cache=cache)
    again = check(settings, cache=cache)   # reads only the files changed since
    changed = [rid for rid, entry in again.site.entries.items()
               if entry is not first.site.entries.get(rid)]

A cache answers only for the settings and generator code it was filled with:
anything else empties it. The output of a check is the same with or without one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from .. import core
from ..core.config import Settings
from ..core.diagnostics import Location, Problem, Severity, sorted_problems
from ..core.link import (
    SHARED_CODES,
    Facts,
    RecordIndex,
    facts_of,
    record_link_problems,
    unsafe_links,
)
from ..core.load import ContentFile, RawRecord, Unloaded, load_glossary, load_record
from ..core.models import Record
from ..core.validate import Entry, check_record, check_settings, read_glossary
from ..core.vocabulary import FOLDERS, RecordKind

CACHE_DIR = ".explainer-cache"
#: A file changed less than this long before a check may change again with the same
#: modification time (coarse file-system clocks): its content is hashed and compared too.
RACY_NS = 2_000_000_000


class Stamp(NamedTuple):
    """What tells a file's versions apart without reading it."""

    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one record file contributes to a check, apart from the rules across records.

    ``record_id`` is None when the file's name is not an id (``problems`` says
    why); ``facts`` is None when it did not load or its model could not be built.
    ``entry`` is the valid record itself; a :class:`DiskCache` does not keep it.
    For a record whose model could not be built, ``partial`` has the facts of its
    partial model (see :mod:`generator.core.salvage`), ``unsafe`` its links' problems
    and ``entry`` the partial entry, so that its references are checked too.
    """

    stamp: Stamp
    #: The content's hash, kept only for a file changed just before it was read.
    digest: str | None
    problems: tuple[Problem, ...]
    record_id: str | None
    facts: Facts | None
    #: The record's unsafe links (they depend on no other record).
    unsafe: tuple[Problem, ...]
    entry: Entry[Record] | None = None
    partial: Facts | None = None


#: ``[then(file, job(file)) for file in files]``, with ``job`` maybe done by forked
#: workers (``speed.parallel.shared_map_then``).
FileMapThen = Callable[[Callable[[ContentFile], Any],
                        Callable[[ContentFile, Any], FileResult],
                        Sequence[ContentFile]], list[FileResult]]


def check_file(file: ContentFile, settings: Settings, stamp: Stamp | None,
               started_ns: int, loaded: RawRecord | Unloaded | Problem | None = None,
               ) -> FileResult:
    """Load and validate one record file (``loaded``: what loading it gave, if it is read)."""
    # Hashed before reading: if the file changes meanwhile, the hash will not match.
    digest = file_digest(file.path) if stamp and stamp.mtime_ns >= started_ns - RACY_NS else None
    raw = load_record(file) if loaded is None else loaded
    if isinstance(raw, Problem):
        return FileResult(stamp or Stamp(-1, -1), digest, (raw,), None, None, ())
    if isinstance(raw, Unloaded):  # its id is declared, as an invalid record's is
        return FileResult(stamp or Stamp(-1, -1), digest, (raw.problem,), raw.id, None, ())
    entry, problems, partial = check_record(raw, settings)
    if entry is None:
        if partial is not None:
            return FileResult(stamp or Stamp(-1, -1), digest, tuple(problems), raw.id, None,
                              tuple(unsafe_links(partial)), partial, facts_of(partial))
        return FileResult(stamp or Stamp(-1, -1), digest, tuple(problems), raw.id, None, ())
    return FileResult(stamp or Stamp(-1, -1), digest, tuple(problems), raw.id,
                      facts_of(entry), tuple(unsafe_links(entry)), entry)


def _check_loaded(file: ContentFile, raw: RawRecord | Unloaded | Problem, *,
                  settings: Settings, started_ns: int) -> FileResult:
    return check_file(file, settings, None, started_ns, raw)


def _entry_of(result: FileResult) -> Entry[Record]:
    assert result.entry is not None  # a fresh result of a valid record
    return result.entry


def partial_entry(file: ContentFile, result: FileResult, settings: Settings) -> Entry[Record]:
    """The partial entry of an invalid record, read again if the cache did not keep it."""
    if result.entry is not None:
        return result.entry
    again = check_file(file, settings, None, 0)
    if again.entry is None or again.partial != result.partial:
        raise FileChanged(file.rel)
    return again.entry


class Entries:
    """The valid records' entries, by position: kept ones, or read again on demand.

    A disk cache keeps no entries; an entry is needed only to locate a problem,
    and the file is read again then (it is unchanged, or the check starts over).
    """

    def __init__(self, valid: list[tuple[ContentFile, FileResult]], settings: Settings) -> None:
        self.valid = valid
        self.settings = settings

    def __getitem__(self, n: int) -> Entry[Record]:
        file, result = self.valid[n]
        if result.entry is not None:
            return result.entry
        again = check_file(file, self.settings, None, 0)
        if again.entry is None or again.facts != result.facts:
            raise FileChanged(file.rel)
        return again.entry


def file_stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return Stamp(st.st_mtime_ns, st.st_size)


def file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return None


# -------------------------------------------------------------------- caches


class Cache:
    """Per-file results of the previous check, by file path (relative to the project).

    The pipeline calls :meth:`start`, then :meth:`get` for each file, then
    :meth:`finish` with every result of the run (files no longer there are
    forgotten). Subclasses decide where results are kept.
    """

    #: Whether results keep their entries, so that ``check`` can return the linked site.
    keeps_entries = True

    def __init__(self) -> None:
        self._key = ""
        self._results: dict[str, FileResult] = {}

    def start(self, settings: Settings) -> None:
        """Begin a check; results kept for other settings or code are dropped."""
        key = fingerprint(settings)
        if key != self._key:
            self._key, self._results = key, {}

    def get(self, file: ContentFile, stamp: Stamp | None) -> FileResult | None:
        """The kept result of a file, if it is still the same file."""
        result = self._results.get(file.rel)
        if result is None or stamp is None or result.stamp != stamp:
            return None
        if result.digest is not None and file_digest(file.path) != result.digest:
            return None
        return result

    def finish(self, results: dict[str, FileResult]) -> None:
        """Keep this check's results (by ``ContentFile.rel``), and only those."""
        self._results = results

    def done(self, results: dict[str, FileResult], problems: Sequence[Problem],
             index: RecordIndex | None, invalid: AbstractSet[str]) -> None:
        """The check is over: keep its results (``problems``: all it reported)."""
        self.finish(results)

    def stamp(self, file: ContentFile) -> Stamp | None:
        """What tells this file's versions apart (None: the cache does not look)."""
        return file_stamp(file.path)

    def check_files(self, files: Sequence[ContentFile], stamps: Mapping[str, Stamp | None],
                    settings: Settings, started_ns: int) -> list[FileResult]:
        """:func:`check_file` of each file the cache does not know."""
        return [check_file(file, settings, stamps[file.rel], started_ns) for file in files]

    def quick(self, settings: Settings, walk: Sequence[ContentFile | Problem],
              stamps: Mapping[str, Stamp | None], started_ns: int) -> QuickResult | None:
        """The problems without linking again, when the cache can tell them (None)."""
        return None


class Uncached(Cache):
    """No cache: a one-off check (a build, a cold check). Every file is read (by forked
    workers, for a big folder, with ``share``), and the linked site is kept."""

    def __init__(self, share: FileMapThen | None = None) -> None:
        super().__init__()
        self.share = share

    def start(self, settings: Settings) -> None:
        pass

    def get(self, file: ContentFile, stamp: Stamp | None) -> FileResult | None:
        return None

    def finish(self, results: dict[str, FileResult]) -> None:
        pass

    def stamp(self, file: ContentFile) -> Stamp | None:
        return None  # nothing is kept: no stat() per file

    def check_files(self, files: Sequence[ContentFile], stamps: Mapping[str, Stamp | None],
                    settings: Settings, started_ns: int) -> list[FileResult]:
        if self.share is None:
            return super().check_files(files, stamps, settings, started_ns)
        # The reading on every CPU, the models here as the files come in.
        return self.share(load_record, partial(_check_loaded, settings=settings,
                                               started_ns=started_ns), files)


class QuickResult(NamedTuple):
    """A check's problems told by a :class:`DiskCache` without linking again."""

    problems: list[Problem]
    records: int


class FileChanged(Exception):
    """A file changed during the check: what the cache said of it was stale."""


class NullCache(Cache):
    """Keeps nothing: every file is read. With it a check returns the problems and no
    linked site, which is faster when only the problems matter (``check --no-cache``)."""

    keeps_entries = False

    def start(self, settings: Settings) -> None:
        pass

    def get(self, file: ContentFile, stamp: Stamp | None) -> FileResult | None:
        return None

    def finish(self, results: dict[str, FileResult]) -> None:
        pass


class MemoryCache(Cache):
    """Results kept in memory, entries included: for the plugin under ``mkdocs serve``.

    For an unchanged file, :func:`generator.pipeline.check` gives back the same
    ``Entry`` object as the previous check; any other entry is new or changed.
    """


@dataclass(frozen=True)
class StoredIndex:
    """What the previous check knew of all records together, kept by a :class:`DiskCache`.

    When the files that changed since then change nothing here (their ids,
    kinds, former ids, responses, home page are the same), the problems of the
    other files are the same too, and only the changed files are checked again.
    """

    #: The valid records' ids, in order, and their kinds (one character each).
    ids: list[str]
    kinds: str
    actor_kinds: dict[str, str]
    redirects: dict[str, str]
    invalid: list[str]
    #: Files with a problem that depends on other records' ids or responses (``SHARED_CODES``).
    shared: list[str]

    @classmethod
    def of(cls, index: RecordIndex, invalid: AbstractSet[str], shared: Iterable[str],
           ) -> StoredIndex:
        return cls(list(index.kinds), "".join(_KIND_CHARS[k] for k in index.kinds.values()),
                   dict(index.actor_kinds), dict(index.redirects), sorted(invalid),
                   sorted(shared))

    def record_index(self) -> RecordIndex:
        kinds = [_CHAR_KINDS[c] for c in self.kinds]
        if len(kinds) != len(self.ids):
            raise ValueError("bad index")
        return RecordIndex(kinds=dict(zip(self.ids, kinds, strict=True)),
                           actor_kinds=self.actor_kinds, redirects=self.redirects)


_KIND_CHARS: dict[RecordKind, str] = {kind: str(n) for n, kind in enumerate(FOLDERS.values())}
_CHAR_KINDS: dict[str, RecordKind] = {char: kind for kind, char in _KIND_CHARS.items()}


def contribution(result: FileResult) -> tuple[object, ...]:
    """What a file tells the rules across records (see :class:`StoredIndex`)."""
    facts = result.facts
    if facts is None:
        return (result.record_id,)
    return (result.record_id, facts.kind, facts.actor_kind, facts.formerly, facts.responds_to,
            facts.home)


class DiskCache(Cache):
    """Results kept in ``<project>/.explainer-cache/``, for the command line.

    The files hold plain JSON (no code is ever loaded from them); one that cannot
    be read or understood is ignored and written afresh, each atomically:

    - ``stamps.json``: each file's stamp and the problems last reported in it;
    - ``check-NN.json``: each file's :class:`FileResult` (no entry), spread over
      :data:`SHARDS` files read only when needed, and written only when changed;
    - ``index.json``: the :class:`StoredIndex`.

    A check with this cache returns no site (entries are not kept).
    """

    keeps_entries = False

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        #: By path: [mtime_ns, size, digest, reported problems], encoded.
        self._stamps: dict[str, Any] = {}
        self._generation = ""
        #: Shards read so far: by path, [mtime_ns, size, the encoded result…].
        self._shards: dict[int, dict[str, Any]] = {}
        self._changed_shards: set[int] = set()
        self._index: StoredIndex | None = None

    @classmethod
    def for_project(cls, settings: Settings) -> DiskCache:
        return cls(settings.root / CACHE_DIR)

    def start(self, settings: Settings) -> None:
        self._key = fingerprint(settings)
        self._results = {}
        self._shards, self._changed_shards = {}, set()
        stamps = _read_json(self.folder / STAMPS_FILE, self._key)
        files, self._generation = stamps.get("files"), str(stamps.get("generation", ""))
        self._stamps = files if isinstance(files, dict) else {}
        index = _read_json(self.folder / INDEX_FILE, self._key)
        self._index = _stored_index(index) if index.get("generation") == self._generation \
            else None

    # ------------------------------------------------------ what was kept

    @property
    def index(self) -> StoredIndex | None:
        """The index of the previous check, if it is the one its stamps go with."""
        return self._index

    def paths(self) -> set[str]:
        """Every file the previous check looked at."""
        return set(self._stamps)

    def unchanged(self, file: ContentFile, stamp: Stamp | None) -> bool:
        """Whether the file is the one the kept result was made from (nothing decoded)."""
        kept = self._stamps.get(file.rel)
        try:
            return (kept is not None and stamp is not None and kept[0] == stamp.mtime_ns
                    and kept[1] == stamp.size
                    and (kept[2] is None or file_digest(file.path) == kept[2]))
        except (LookupError, TypeError):
            return False

    def previous(self, file: ContentFile) -> FileResult | None:
        """The kept result of a file, even if the file changed since."""
        kept = self._stamps.get(file.rel)
        try:
            encoded = self._shard(_shard_of(file.rel)).get(file.rel)
            if kept is None or encoded is None or encoded[:2] != kept[:2]:
                return None  # written by another check than the stamps
            return _decode(kept[2], encoded)
        except (LookupError, TypeError, ValueError, AttributeError):  # tampered or corrupt
            return None

    def reported(self, file: ContentFile) -> list[Problem] | None:
        """The problems the previous check reported in the file (None if unknown)."""
        try:
            return [_decode_problem(p) for p in self._stamps[file.rel][3]]
        except (LookupError, TypeError, ValueError, AttributeError):
            return None

    def get(self, file: ContentFile, stamp: Stamp | None) -> FileResult | None:
        if not self.unchanged(file, stamp):
            return None
        result = self.previous(file)
        if result is not None:
            self._results[file.rel] = result
        return result

    #: Beyond this many changed files, checking everything is as quick as the quick way.
    QUICK_LIMIT = 500

    def quick(self, settings: Settings, walk: Sequence[ContentFile | Problem],
              stamps: Mapping[str, Stamp | None], started_ns: int) -> QuickResult | None:
        """The problems, when the files changed since the previous check change nothing
        that other files' problems depend on (see :class:`StoredIndex`).

        Unchanged files report what they reported then; changed ones are checked
        against the stored index. None when this cannot be known to be exact.
        """
        stored = self.index
        if stored is None or self.paths() != stamps.keys():
            return None
        changed = [item for item in walk if isinstance(item, ContentFile)
                   and item.kind is not None and not self.unchanged(item, stamps[item.rel])]
        if len(changed) > self.QUICK_LIMIT:
            return None
        shared = set(stored.shared)
        fresh: dict[str, FileResult] = {}
        for file in changed:
            old = self.previous(file)
            new = check_file(file, settings, stamps[file.rel], started_ns)
            if old is None or file.rel in shared or contribution(old) != contribution(new):
                return None
            fresh[file.rel] = new
        try:
            index = stored.record_index()
        except (ValueError, KeyError):
            return None
        invalid = set(stored.invalid)
        problems: list[Problem] = []
        updates: dict[str, tuple[FileResult, list[Problem]]] = {}
        for item in walk:
            if isinstance(item, Problem):
                problems.append(item)
            elif item.kind is None:
                read = load_glossary(item)
                problems += [read] if isinstance(read, Problem) else read_glossary(read)[1]
            elif (again := fresh.get(item.rel)) is not None:
                mine = list(again.problems)
                if again.facts is not None:
                    mine += record_link_problems(index, again.facts, invalid,
                                                 partial(_entry_of, again), again.unsafe)
                elif again.partial is not None:
                    mine += record_link_problems(index, again.partial, invalid,
                                                 partial(_entry_of, again), again.unsafe)
                updates[item.rel] = (again, sorted_problems(mine))
                problems += mine
            else:
                reported = self.reported(item)
                if reported is None:
                    return None
                problems += reported
        problems += check_settings(settings)
        self.update(updates)
        return QuickResult(sorted_problems(problems), len(stored.ids))

    def _shard(self, n: int) -> dict[str, Any]:
        shard = self._shards.get(n)
        if shard is None:
            files = _read_json(self.folder / _shard_name(n), self._key).get("files")
            shard = self._shards[n] = files if isinstance(files, dict) else {}
        return shard

    # ------------------------------------------------------------ writing

    def done(self, results: dict[str, FileResult], problems: Sequence[Problem],
             index: RecordIndex | None, invalid: AbstractSet[str]) -> None:
        assert index is not None  # linked without entries: see check_links
        reported: dict[str, list[Problem]] = {}
        for problem in problems:
            if problem.location.path in results:
                reported.setdefault(problem.location.path, []).append(problem)
        shared = {p.location.path for p in problems if p.code in SHARED_CODES}
        self.finish(results, reported, StoredIndex.of(index, invalid, shared))

    def finish(self, results: dict[str, FileResult],
               reported: Mapping[str, Sequence[Problem]] | None = None,
               index: StoredIndex | None = None) -> None:
        """Keep this check's results, with the problems reported in each file and the index."""
        reported = reported or {}
        stamps: dict[str, Any] = {}
        shards: dict[int, dict[str, Any]] = {n: {} for n in range(SHARDS)}
        for rel, result in results.items():
            n = _shard_of(rel)
            old = self._shard(n).get(rel)
            # A hit keeps its encoded form: unchanged files cost nothing to write.
            shards[n][rel] = old if result is self._results.get(rel) and old is not None \
                else _encode(result)
            stamps[rel] = _encode_stamp(result, reported.get(rel, ()))
        for n, shard in shards.items():
            old_shard = self._shard(n)
            if shard.keys() != old_shard.keys() or any(
                    shard[rel] is not old_shard[rel] for rel in shard):
                self._shards[n] = shard
                self._changed_shards.add(n)
        self._write_results()
        generation = self._generation
        if index is not None and index != self._index:
            generation = os.urandom(8).hex()  # ties the stamps to this index
            _write_atomic(self.folder, INDEX_FILE, {"key": self._key, "generation": generation,
                                                    **dataclasses.asdict(index)})
            self._index = index
        self._write_stamps(stamps, generation)

    def update(self, changed: Mapping[str, tuple[FileResult, Sequence[Problem]]]) -> None:
        """Replace the results of a few files; every other one stays as it was."""
        stamps = dict(self._stamps)
        for rel, (result, problems) in changed.items():
            n = _shard_of(rel)
            self._shards[n] = {**self._shard(n), rel: _encode(result)}
            self._changed_shards.add(n)
            stamps[rel] = _encode_stamp(result, problems)
        self._write_results()
        self._write_stamps(stamps, self._generation)

    def _write_results(self) -> None:
        for n in sorted(self._changed_shards):
            _write_atomic(self.folder, _shard_name(n), {"key": self._key, "files": self._shards[n]})
        self._changed_shards.clear()

    def _write_stamps(self, stamps: dict[str, Any], generation: str) -> None:
        """Written last: stamps never speak for results that were not written."""
        if stamps != self._stamps or generation != self._generation:
            _write_atomic(self.folder, STAMPS_FILE,
                          {"key": self._key, "generation": generation, "files": stamps})
            self._stamps, self._generation = stamps, generation


def _encode_stamp(result: FileResult, reported: Sequence[Problem]) -> list[Any]:
    return [result.stamp.mtime_ns, result.stamp.size, result.digest,
            [_encode_problem(p) for p in reported]]


def _stored_index(data: dict[str, Any]) -> StoredIndex | None:
    try:
        index = StoredIndex(**{f.name: data[f.name] for f in dataclasses.fields(StoredIndex)})
        if not (all(isinstance(i, str) for i in index.ids) and isinstance(index.kinds, str)
                and _all_text(index.actor_kinds) and _all_text(index.redirects)
                and all(isinstance(i, str) for i in [*index.invalid, *index.shared])):
            return None
        return index
    except (LookupError, TypeError, AttributeError):
        return None


def _all_text(mapping: object) -> bool:
    return isinstance(mapping, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items())


def fingerprint(settings: Settings) -> str:
    """What per-file results depend on besides the file: settings and generator code.

    The code is known by the size and time of every module of the package (a
    development checkout changes without a new version number).
    """
    package = Path(__file__).parents[1]
    modules = sorted((p.relative_to(package).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                     for p in package.rglob("*.py"))
    return "\n".join((core.__version__, sys.version, repr(modules), repr(settings)))


# ------------------------------------------------------------------ on disk

#: How many files the disk cache's results are spread over.
SHARDS = 32
INDEX_FILE = "index.json"
STAMPS_FILE = "stamps.json"


def _shard_of(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS


def _shard_name(n: int) -> str:
    return f"check-{n:02d}.json"


def _read_json(path: Path, key: str) -> dict[str, Any]:
    """A cache file's content if it was made for ``key``, or nothing."""
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read())
        if isinstance(data, dict) and data.get("key") == key:
            return data
    except (OSError, ValueError, RecursionError):
        pass
    return {}


def _write_atomic(folder: Path, name: str, data: object) -> None:
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# made by explainer: nothing here belongs in version control\n*\n",
                              encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:  # dumps: json.dump encodes in Python, slowly
                handle.write(json.dumps(data, ensure_ascii=False,
                                        separators=(",", ":")).encode("utf-8", "surrogatepass"))
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a cache that cannot be written only makes the next check slower


#: Kinds as one character each: the bits of ``FOLDERS``' kinds.
_KIND_BITS: dict[RecordKind, int] = {kind: 1 << n for n, kind in enumerate(FOLDERS.values())}
_KIND_SETS: dict[str, frozenset[RecordKind]] = {}
_KIND_CODES: dict[frozenset[RecordKind], str] = {}


def _kinds_code(kinds: frozenset[RecordKind]) -> str:
    code = _KIND_CODES.get(kinds)
    if code is None:
        code = _KIND_CODES[kinds] = chr(48 + sum(_KIND_BITS[kind] for kind in kinds))
    return code


def _kinds_of(code: str) -> frozenset[RecordKind]:
    kinds = _KIND_SETS.get(code)
    if kinds is None:
        bits = ord(code) - 48
        if not 0 <= bits < 64:
            raise ValueError(code)
        kinds = frozenset(k for k, bit in _KIND_BITS.items() if bits & bit)
        _KIND_SETS[code] = kinds
    return kinds


def _joined(texts: Sequence[str]) -> str:
    """Texts without line breaks (ids, mention targets) as one string: few JSON values."""
    return "\n" + "\n".join(texts) if texts else ""


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split("\n")[1:])


def _encode(result: FileResult) -> list[Any]:
    """A result as JSON values: its stamp (to match it with ``stamps.json``), then the rest."""
    facts = result.facts or result.partial
    encoded: list[Any] = [result.stamp.mtime_ns, result.stamp.size,
                          [_encode_problem(p) for p in result.problems], result.record_id]
    if facts is not None:
        refs: list[str] = []
        for kinds, ids in facts.refs:
            refs += (_kinds_code(kinds), _joined(ids))
        encoded += [
            [facts.kind, facts.path, facts.country, facts.actor_kind, facts.responds_to,
             facts.home],
            refs, _joined(facts.mentions), list(facts.formerly),
            [_encode_problem(p) for p in result.unsafe]]
        if result.facts is None:
            encoded.append("partial")
    return encoded


def _decode(digest: object, encoded: list[Any]) -> FileResult:
    stamp = Stamp(encoded[0], encoded[1])
    problems, record_id = encoded[2], encoded[3]
    if not (isinstance(stamp.mtime_ns, int) and isinstance(stamp.size, int)
            and isinstance(digest, str | None) and isinstance(record_id, str | None)):
        raise TypeError("bad entry")
    decoded = tuple(_decode_problem(p) for p in problems)
    if len(encoded) == 4:
        return FileResult(stamp, digest, decoded, record_id, None, ())
    (kind, path, country, actor_kind, responds_to, home), refs, mentions, formerly, \
        unsafe = encoded[4:9]
    is_partial = encoded[9:] == ["partial"]
    if len(encoded) > 9 and not is_partial:
        raise ValueError("bad entry")
    if kind not in _KIND_BITS or not isinstance(record_id, str):
        raise ValueError("bad facts")
    facts = Facts(
        record_id, kind, _text(path),
        tuple((_kinds_of(refs[i]), _split(refs[i + 1])) for i in range(0, len(refs), 2)),
        _split(mentions), tuple(_text(old) for old in formerly),
        _optional_text(country), _optional_text(actor_kind), _optional_text(responds_to),
        home is True)
    unsafe_problems = tuple(_decode_problem(p) for p in unsafe)
    if is_partial:
        return FileResult(stamp, digest, decoded, record_id, None, unsafe_problems,
                          partial=facts)
    return FileResult(stamp, digest, decoded, record_id, facts, unsafe_problems)


def _encode_problem(problem: Problem) -> list[Any]:
    loc = problem.location
    return [loc.path, loc.line, loc.col, str(problem.severity), problem.code, problem.message,
            problem.value, problem.hint]


def _decode_problem(encoded: list[Any]) -> Problem:
    path, line, col, severity, code, message, value, hint = encoded
    if not (isinstance(line, int) and isinstance(col, int)):
        raise TypeError("bad location")
    return Problem(Location(_text(path), line, col), Severity(severity), _text(code),
                   _text(message), _optional_text(value), _optional_text(hint))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)
