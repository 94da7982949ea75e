"""The generator, stage by stage: load → validate → link → render → outputs.

This module is the architecture in one place; each step is a stage of ``core``,
``pages`` or ``outputs``:

- :func:`check`: each record file is loaded and validated on its own
  (``core.load``, ``core.validate``): its result is ``cache.get(file) or
  check_file(file)``. Then one linking step (``core.link``) runs every rule
  across records and makes the linked site;
- :func:`build`: :func:`check`, then :func:`render` the pages (``pages``) and the
  outputs made from the linked site (``outputs``: open data, structured data,
  feeds, redirects).

Speed is handed in, never a branch in a stage: a cache (``speed.cache``) for the
check, a policy (``pages.policy``) for rendering: ``speed.parallel.Forked`` for a
one-off build, ``speed.incremental.Tracked`` for the live preview.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import TYPE_CHECKING

from .core.config import Settings
from .core.diagnostics import Problem, has_errors, sorted_problems
from .core.link import Site, check_links, link
from .core.load import ContentFile, Document, first_of_each_id, load_glossary, walk_content
from .core.models import Event, RecordId
from .core.paths import page_path
from .core.validate import Validated, check_settings, read_glossary, second_homes
from .outputs.output import HubPage, Rendered
from .pages.policy import Policy
from .speed.cache import (
    RACY_NS,
    Cache,
    Entries,
    FileChanged,
    FileResult,
    Stamp,
    Uncached,
    partial_entry,
)
from .speed.parallel import Forked, shared_map_then

if TYPE_CHECKING:
    from .outputs.export import RecordFragment
    from .outputs.publish import PageData
    from .pages.render import Renderer
    from .speed.incremental import Incremental


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


# ---------------------------------------------------------------------- check


def check(settings: Settings, cache: Cache | None = None) -> Result:
    """Load, validate and link: every problem in the content, without rendering.

    With a ``cache`` (see :mod:`generator.speed.cache`), a file unchanged since the
    previous check with that cache is not read again. The problems are the same
    as without it, and so is the count of ``records``; the ``site``:

    - :class:`~generator.speed.cache.MemoryCache`: the same as without a cache, and
      each unchanged file's entry is the very object of the previous check's site
      (``new.entries[i] is old.entries[i]``): the others are new or changed;
    - :class:`~generator.speed.cache.DiskCache`, :class:`~generator.speed.cache.NullCache`:
      None (they keep no entries; faster when only the problems matter).
    """
    # Without a cache, this is a one-off run (a build, a cold check), not a live
    # preview's server with threads: the files may be read by forked workers.
    with _collector_paused():
        try:
            return _check(settings, cache or Uncached(share=shared_map_then))
        except FileChanged:  # a file changed during the check: its summary was stale
            return _check(settings, Uncached())


def _check(settings: Settings, cache: Cache) -> Result:
    started = time.time_ns()
    cache.start(settings)
    walk = list(walk_content(settings))
    files = [item for item in walk if isinstance(item, ContentFile) and item.kind is not None]
    stamps = {file.rel: cache.stamp(file) for file in files}
    quick = cache.quick(settings, walk, stamps, started)  # no change reaches another file
    if quick is not None:
        return Result(quick.problems, records=quick.records)
    results = check_files(settings, cache, files, stamps, started)
    return link_files(settings, cache, walk, results)


def check_files(settings: Settings, cache: Cache, files: list[ContentFile],
                stamps: dict[str, Stamp | None], started: int) -> dict[str, FileResult]:
    """load → validate, file by file: ``cache.get(file) or check_file(file)``, in walk order."""
    known = {file.rel: hit for file in files if (hit := cache.get(file, stamps[file.rel]))}
    misses = [file for file in files if file.rel not in known]
    fresh = dict(zip([file.rel for file in misses],
                     cache.check_files(misses, stamps, settings, started), strict=True))
    results = {}
    for file in files:
        result = known.get(file.rel) or fresh[file.rel]
        if result.digest is not None and result.stamp.mtime_ns < started - RACY_NS:
            result = dataclasses.replace(result, digest=None)  # its time now tells
        results[file.rel] = result
    return results


def link_files(settings: Settings, cache: Cache, walk: list[ContentFile | Problem],
               results: dict[str, FileResult]) -> Result:
    """link: every rule across records (ids, home page, references, mentions, loops),
    and the linked site when the cache keeps entries.

    Problems are gathered in walk order, then sorted: the same with any cache.
    """
    loaded, problems, glossary = _in_walk_order(walk, results)
    kept, duplicates = first_of_each_id(loaded, lambda pair: (str(pair[1].record_id),
                                                              pair[0].rel))
    problems += duplicates
    problems += check_settings(settings)
    for _, result in kept:
        problems += result.problems
    valid = [(file, result) for file, result in kept if result.facts is not None]
    invalid = {str(result.record_id) for _, result in kept if result.facts is None}
    partial_checks = [(r.partial, partial(partial_entry, file, r, settings), r.unsafe)
                      for file, r in kept if r.partial is not None]
    entries = Entries(valid, settings)
    homes = [(str(r.record_id), file.rel) for file, r in valid if r.facts and r.facts.home]
    home_at = [n for n, (_, r) in enumerate(valid) if r.facts and r.facts.home]
    problems += second_homes(homes, lambda n: entries[home_at[n]])
    validated = Validated(problems=problems, invalid_ids=invalid)
    if glossary is not None:
        validated.glossary, glossary_problems = read_glossary(glossary)
        problems += glossary_problems
    facts = [r.facts for _, r in valid if r.facts is not None]
    unsafe = [r.unsafe for _, r in valid]
    site, index = None, None
    if cache.keeps_entries:
        validated.entries = [entries[n] for n in range(len(valid))]
        site, link_problems = link(validated, settings, facts, unsafe, partial_checks)
    else:  # the rules alone, each entry read again only to locate a problem
        link_problems, index = check_links(facts, invalid, entries.__getitem__,
                                           unsafe.__getitem__, partial_checks)
    final = sorted_problems([*problems, *link_problems])
    cache.done(results, final, index, invalid)
    return Result(final, site, records=len(valid))


def _in_walk_order(walk: list[ContentFile | Problem], results: dict[str, FileResult],
                   ) -> tuple[list[tuple[ContentFile, FileResult]], list[Problem], Document | None]:
    """The records that loaded, the problems of those that did not (and of the folder's
    layout), and the glossary."""
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
        elif (result := results[item.rel]).record_id is None:
            problems += result.problems
        else:
            loaded.append((item, result))
    return loaded, problems, glossary


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


# --------------------------------------------------------------------- build


def build(settings: Settings, live: Incremental | None = None) -> Result:
    """The whole pipeline. Pages are rendered only from content without errors.

    ``live``: the live preview's policy, which reuses what an edit did not affect.
    """
    result = check(settings, live.cache if live else None)
    if not result.ok or result.site is None:
        return result
    if live is not None:
        result.rendered = render(result.site, renderer=live.renderer(result.site))
        live.keep()
        return result
    for entry in result.site.entries.values():
        entry.doc.forget_source()  # pages are made from models: less memory while they are
    with _collector_paused():  # pages are made of many objects that all live on
        result.rendered = render(result.site)
    return result


def render(site: Site, policy: Policy | None = None, renderer: Renderer | None = None,
           ) -> Rendered:
    """render → outputs: every page, then what is made from the linked site besides.

    Each record makes its page, its share of the open data and its structured
    data in one job (the policy may share the jobs among workers), while the hub
    pages are made; then the open data files, the feeds and the redirects.
    """
    # The render stage's modules (Jinja, Markdown, the drawings) are imported when a
    # build needs them, so that a check does not pay for them.
    from .outputs.export import DATA_PAGE
    from .outputs.network import NETWORK_CSS
    from .outputs.publish import publish
    from .outputs.schema import schema_files
    from .pages.render import SCRIPT, STYLESHEET, Renderer, render_data, render_hubs
    from .pages.views import VIEWS_CSS

    renderer = renderer or Renderer(site, policy or Forked())
    renderer.graph  # noqa: B018  # made once, before any worker starts

    def hubs() -> Rendered:
        schema_files()  # the same for every site, and kept: made while the workers work
        return render_hubs(site, renderer, site.home_story is None)
    job = RecordOutputs(site, renderer)
    outputs, out = renderer.policy.map_alongside(job, list(site.entries), hubs, job.group)
    fragments: dict[RecordId, RecordFragment] = {}
    data: dict[RecordId, PageData] = {}
    for output in outputs:
        out.files[output.path] = output.page
        if output.path != "index.md":
            out.record_pages.add(output.path)
        fragments[output.rid], data[output.rid] = output.fragment, output.data
    del outputs
    # Each fragment is let go once its file is joined (see open_data).
    out.files.update(render_data(site, renderer, fragments.pop))  # outputs: the open data
    out.hubs.append(HubPage("Data", DATA_PAGE))
    for asset in (STYLESHEET, SCRIPT):
        out.files[asset] = resources.files("generator.pages").joinpath(asset).read_text(
            encoding="utf-8")
    out.files[STYLESHEET] += "\n" + VIEWS_CSS
    out.files[STYLESHEET] += "\n/* The network drawings. */\n" + NETWORK_CSS
    publish(site, out, data.__getitem__)  # outputs: structured data, feeds, redirect pages
    out.files = dict(sorted(out.files.items()))
    return out


@dataclass(frozen=True, slots=True)
class RecordOutput:
    """What one record makes: its page, its share of the open data, its structured data."""

    rid: RecordId
    path: str
    page: str
    fragment: RecordFragment
    data: PageData

    def __reduce__(self) -> tuple[type[RecordOutput], tuple[RecordId, str, str,
                                                             RecordFragment, PageData]]:
        # Workers send these back: a slotted dataclass's own pickling (it looks up the
        # fields each time) took 0.02 s of a 1,000-record build's 0.6 s.
        return RecordOutput, (self.rid, self.path, self.page, self.fragment, self.data)


class RecordOutputs:
    """Makes a record's :class:`RecordOutput`, from the linked site alone.

    The policy decides what is shared between records (references, with the plain
    policy) and what is reused from an earlier build (with the tracked one).
    """

    def __init__(self, site: Site, renderer: Renderer) -> None:
        from .outputs.export import fragment_maker
        from .outputs.publish import page_data_maker
        from .pages.render import front_matter

        self.site, self.renderer, self.policy = site, renderer, renderer.policy
        self.fragment_maker, self.page_data_maker = fragment_maker, page_data_maker
        self.front_matter = front_matter

    def group(self, rid: RecordId) -> str:
        """What the record's page shares with others: the place whose locator map it
        draws (an event's place, or the place itself; drawing one is costly)."""
        model = self.site.model(rid)
        if isinstance(model, Event) and model.place is not None:
            return self.site.resolve(model.place) or rid
        return rid

    def __call__(self, rid: RecordId) -> RecordOutput:
        site, policy = self.site, self.policy
        model = site.model(rid)
        path = page_path(site, rid)
        page = self.renderer.render(f"{model.kind}.md.j2", path, record=model, rid=rid)
        fragment = policy.value("export", rid, lambda: policy.shared(
            "export", lambda: self.fragment_maker(site))(rid))
        data = policy.value("publish", rid, lambda: policy.shared(
            "publish", lambda: self.page_data_maker(site))(rid))
        return RecordOutput(rid, path, self.front_matter(model.kind) + page, fragment, data)
