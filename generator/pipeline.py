"""The generator, stage by stage: load → validate → link → render."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from .core.config import Settings
from .core.diagnostics import Problem, has_errors, sorted_problems
from .core.link import SHARED_CODES, Site, check_links, link, record_link_problems
from .core.load import (
    ContentFile,
    Document,
    first_of_each_id,
    load_content,
    load_glossary,
    walk_content,
)
from .core.models import Record
from .core.validate import (
    Entry,
    Validated,
    check_settings,
    read_glossary,
    second_homes,
    validate,
)
from .speed.cache import (
    RACY_NS,
    Cache,
    DiskCache,
    FileResult,
    Stamp,
    StoredIndex,
    check_file,
    contribution,
    file_stamp,
)

if TYPE_CHECKING:  # rendering is imported when a build needs it: a check starts faster
    from .pages.render import Rendered


@dataclass
class Result:
    """The generated files (empty when content has errors) and every problem found."""

    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    rendered: Rendered | None = None
    #: How many valid records there are (the site's entries, when there is a site).
    records: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def check(settings: Settings, cache: Cache | None = None) -> Result:
    """Load, validate and link: every problem in the content, without rendering.

    With a ``cache`` (see :mod:`generator.speed.cache`), a file unchanged since the
    previous check with that cache is not read again. The problems are the same
    as without it, and so is the count of ``records``; the ``site``:

    - :class:`~generator.speed.cache.MemoryCache`: the same as without a cache, and each
      unchanged file's entry is the very object of the previous check's site
      (``new.entries[i] is old.entries[i]``): the others are new or changed;
    - :class:`~generator.speed.cache.DiskCache`, :class:`~generator.speed.cache.NullCache`:
      None (they keep no entries; faster when only the problems matter).
    """
    with _collector_paused():
        if cache is not None:
            try:
                return _check_with_cache(settings, cache)
            except _FileChanged:  # a file changed during the check: its summary was stale
                pass
        # Without a cache, this is a one-off run (a build, a cold check), not a live
        # preview's server with threads: the files may be read by forked workers.
        loaded = load_content(settings, share=cache is None)
        validated = validate(loaded, settings)
        site, link_problems = link(validated, settings)
    return Result(sorted_problems([*validated.problems, *link_problems]), site,
                  records=len(site.entries))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while records are made.

    Loading makes millions of objects that all live on: the collector would scan
    them again and again, finding nothing, for a third of the check's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move what was made to the oldest generation, as if it had lived through
        # collections: else the next young collection scans it all (0.15 s at 20k).
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


class _FileChanged(Exception):
    pass


def _check_with_cache(settings: Settings, cache: Cache) -> Result:
    """``check``, with per-file results from the cache where a file is unchanged.

    Problems are gathered in the same order as ``check`` gathers them.
    """
    started = time.time_ns()
    cache.start(settings)
    walk = list(walk_content(settings))
    stamps = {item.rel: file_stamp(item.path) for item in walk
              if isinstance(item, ContentFile) and item.kind is not None}
    if isinstance(cache, DiskCache):
        quick = _quick_check(settings, cache, walk, stamps, started)
        if quick is not None:
            return quick
    results: dict[str, FileResult] = {}
    loaded: list[tuple[ContentFile, FileResult]] = []
    problems: list[Problem] = []
    glossary: Document | None = None
    for item in walk:
        if isinstance(item, Problem):
            problems.append(item)
        elif item.kind is None:
            read = load_glossary(item)
            problems += [read] if isinstance(read, Problem) else []
            glossary = read if isinstance(read, Document) else glossary
        else:
            stamp = stamps[item.rel]
            result = cache.get(item, stamp) or check_file(item, settings, stamp, started)
            if result.digest is not None and result.stamp.mtime_ns < started - RACY_NS:
                result = dataclasses.replace(result, digest=None)  # its time now tells
            results[item.rel] = result
            if result.record_id is None:
                problems += result.problems
            else:
                loaded.append((item, result))
    kept, duplicates = first_of_each_id(loaded, lambda pair: (str(pair[1].record_id),
                                                              pair[0].rel))
    problems += duplicates
    problems += check_settings(settings)
    for _, result in kept:
        problems += result.problems
    valid = [(file, result) for file, result in kept if result.facts is not None]
    invalid = {str(result.record_id) for _, result in kept if result.facts is None}
    partial_checks = [(r.partial, partial(_partial_entry, file, r, settings), r.unsafe)
                      for file, r in kept if r.partial is not None]
    entries = _Entries(valid, settings)
    homes = [(str(r.record_id), file.rel) for file, r in valid if r.facts and r.facts.home]
    home_at = [n for n, (_, r) in enumerate(valid) if r.facts and r.facts.home]
    problems += second_homes(homes, lambda n: entries[home_at[n]])
    validated = Validated(problems=problems, invalid_ids=invalid)
    if glossary is not None:
        validated.glossary, glossary_problems = read_glossary(glossary)
        problems += glossary_problems
    facts = [r.facts for _, r in valid if r.facts is not None]
    unsafe = [r.unsafe for _, r in valid]
    site: Site | None = None
    if cache.keeps_entries:
        validated.entries = [entries[n] for n in range(len(valid))]
        site, link_problems = link(validated, settings, facts, unsafe, partial_checks)
        cache.finish(results)
    else:
        link_problems, index = check_links(facts, invalid, entries.__getitem__,
                                           unsafe.__getitem__, partial_checks)
    final = sorted_problems([*problems, *link_problems])
    if isinstance(cache, DiskCache):
        reported: dict[str, list[Problem]] = {}
        for problem in final:
            if problem.location.path in results:
                reported.setdefault(problem.location.path, []).append(problem)
        shared = {p.location.path for p in final if p.code in SHARED_CODES}
        cache.finish(results, reported, StoredIndex.of(index, invalid, shared))
    elif not cache.keeps_entries:
        cache.finish(results)
    return Result(final, site, records=len(valid))


#: Beyond this many changed files, checking everything is as quick as the quick way.
QUICK_LIMIT = 500


def _quick_check(settings: Settings, cache: DiskCache, walk: list[ContentFile | Problem],
                 stamps: dict[str, Stamp | None], started: int) -> Result | None:
    """The problems, when the files changed since the previous check change nothing
    that other files' problems depend on (see :class:`~generator.speed.cache.StoredIndex`).

    Unchanged files report what they reported then; changed ones are checked
    against the stored index. None when this cannot be known to be exact.
    """
    stored = cache.index
    if stored is None or cache.paths() != stamps.keys():
        return None
    changed = [item for item in walk if isinstance(item, ContentFile) and item.kind is not None
               and not cache.unchanged(item, stamps[item.rel])]
    if len(changed) > QUICK_LIMIT:
        return None
    shared = set(stored.shared)
    fresh: dict[str, FileResult] = {}
    for file in changed:
        old = cache.previous(file)
        new = check_file(file, settings, stamps[file.rel], started)
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
            reported = cache.reported(item)
            if reported is None:
                return None
            problems += reported
    problems += check_settings(settings)
    cache.update(updates)
    return Result(sorted_problems(problems), None, records=len(stored.ids))


def _entry_of(result: FileResult) -> Entry[Record]:
    assert result.entry is not None  # a fresh result of a valid record
    return result.entry


def _partial_entry(file: ContentFile, result: FileResult, settings: Settings) -> Entry[Record]:
    """The partial entry of an invalid record, read again if the cache did not keep it."""
    if result.entry is not None:
        return result.entry
    again = check_file(file, settings, None, 0)
    if again.entry is None or again.partial != result.partial:
        raise _FileChanged(file.rel)
    return again.entry


class _Entries:
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
            raise _FileChanged(file.rel)
        return again.entry


def build(settings: Settings) -> Result:
    """The whole pipeline. Pages are rendered only from content without errors."""
    from .pages.render import render

    result = check(settings)
    if result.ok and result.site is not None:
        for entry in result.site.entries.values():
            entry.doc.forget_source()  # pages are made from models: less memory while they are
        with _collector_paused():  # pages are made of many objects that all live on
            result.rendered = render(result.site)
    return result
