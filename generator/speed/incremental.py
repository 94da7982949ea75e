"""The live preview's policy: after an edit, render only the pages it affects.

:class:`Incremental` lives as long as the preview; each build is
``pipeline.build(settings, incremental)``, the same stages as any build. What
differs is that

- load and validate reuse the records of unchanged files (``cache.MemoryCache``);
- every page, and every record's share of the open data and structured data,
  notes what it reads from the linked site (``track``); it is made again only
  if its template, its context or something it read has changed since the
  previous build. Everything else is the previous build's text.

The result is the same as a clean build's, page for page: the tests compare
them after every kind of edit. Anything that every page depends on (settings,
the glossary) starts the render afresh.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..core.link import Site
from ..core.validate import Entry
from ..outputs.graph import Graph
from ..pages.policy import PageRender
from ..pages.render import Renderer
from .cache import MemoryCache
from .track import Key, NoStore, Tracking, changed_keys

T = TypeVar("T")
S = TypeVar("S")
M = TypeVar("M")


def _reverse_indexes() -> tuple[str, ...]:
    """The fields of :class:`Site` that are reverse-link indexes (``defaultdict(list)``)."""
    return tuple(f.name for f in dataclasses.fields(Site) if not f.name.startswith("_")
                 and f.default_factory is not dataclasses.MISSING
                 and isinstance(f.default_factory(), defaultdict))


#: The reverse-link indexes of :class:`Site` that pages read by key: every one there is.
REVERSE_INDEXES = _reverse_indexes()
#: The other fields of :class:`Site` pages read, each tracked as a whole or part of
#: what every page depends on (see ``_fingerprint``); a test checks that this and
#: ``REVERSE_INDEXES`` cover every field.
TRACKED_FIELDS = ("entries", "redirects", "_actor_names", "_neighbours", "_names")
FINGERPRINTED_FIELDS = ("settings", "as_of", "glossary")
#: Derived from the entries alone, read by pages through them (and their context).
DERIVED_FIELDS = ("timeline",)


@dataclass(frozen=True)
class Made:
    """Something made from the site (a page's text, a record's data) and what it read."""

    reads: frozenset[Key]
    value: Any
    #: For pages: the template and the context it was rendered with.
    inputs: tuple[str, dict[str, Any]] | None = None


class Tracked:
    """The tracked policy (see ``pages.policy``): the previous build's pages and values,
    reused when nothing they read has changed; pages share no memo (each read is
    noted) and are made in this process (the server has threads: no fork)."""

    def __init__(self, previous: dict[Hashable, Made], changed: set[Key],
                 tracking: Tracking) -> None:
        self.previous = previous
        self.changed = changed
        self.tracking = tracking
        self.made: dict[Hashable, Made] = {}
        #: The pages rendered anew in this build (the others were reused).
        self.rendered: list[str] = []

    def page(self, template: str, path: str, context: dict[str, Any],
             render: PageRender) -> str:
        old = self.previous.get(path)
        if (old is not None and old.inputs is not None and old.inputs[0] == template
                and old.reads.isdisjoint(self.changed) and old.inputs[1] == context):
            self.made[path] = old
            return str(old.value)
        with self.tracking.page() as reads:
            text = render(template, path, context)
        self.made[path] = Made(frozenset(reads), text, (template, context))
        self.rendered.append(path)
        return text

    def value(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """``make()``, or its previous value if nothing it read has changed."""
        old = self.previous.get((kind, key))
        if old is not None and old.reads.isdisjoint(self.changed):
            self.made[(kind, key)] = old
            return old.value  # type: ignore[no-any-return]
        with self.tracking.page() as reads:
            value = make()
        self.made[(kind, key)] = Made(frozenset(reads), value)
        return value

    def shared(self, key: Hashable, make: Callable[[], M]) -> M:
        return make()  # a memo shared by pages would hide what each one reads

    def map_alongside(self, job: Callable[[Any], T], items: Sequence[Any],
                      meanwhile: Callable[[], S],
                      group: Callable[[Any], str] | None = None) -> tuple[list[T], S]:
        return [job(item) for item in items], meanwhile()


@dataclass
class _Previous:
    fingerprint: object
    site: Site
    graph: Graph
    made: dict[Hashable, Made] = field(default_factory=dict)


class Incremental:
    """Builds that reuse what the previous build made, for ``mkdocs serve``.

    The first build makes everything; later builds make only what an edit
    affects. A build with errors changes nothing here, so the next good build
    compares with the last good one.
    """

    def __init__(self) -> None:
        self.cache = MemoryCache()
        self._previous: _Previous | None = None
        self._current: tuple[_Previous, Tracked] | None = None
        #: The pages the latest build rendered anew (all of them, the first time).
        self.rendered: list[str] = []

    def renderer(self, site: Site) -> Renderer:
        """A renderer for a good build's site, with the policy that reuses the previous one."""
        renderer = Renderer(site)
        graph, tracking = renderer.graph, Tracking()
        track_site(site, tracking)
        track_graph(graph, tracking)
        fingerprint = _fingerprint(site)
        previous = self._previous
        if previous is not None and previous.fingerprint == fingerprint:
            changed = changes(previous.site, site, previous.graph, graph)
            policy = Tracked(previous.made, changed, tracking)
        else:
            policy = Tracked({}, set(), tracking)
        renderer.policy = policy
        self._current = (_Previous(fingerprint, site, graph), policy)
        return renderer

    def keep(self) -> None:
        """The build is rendered: the next one compares with it."""
        assert self._current is not None
        current, policy = self._current
        current.made = policy.made
        self._previous, self._current = current, None
        self.rendered = policy.rendered


def _fingerprint(site: Site) -> object:
    """What every page depends on: when it changes, nothing is reused."""
    glossary = tuple((term.term, term.definition) for term in site.glossary)
    return (site.settings, site.as_of, glossary)


# ------------------------------------------------------------------ tracking


def track_site(site: Site, tracking: Tracking) -> None:
    """Track every look-up a page makes into the site's indexes.

    Lazily built indexes are built first (building them reads everything), and
    the name cache is off while a page renders, so that reading a name reads
    the record.
    """
    site.actor_names()
    site.neighbour_map()
    tracking.view(site, "entries")
    tracking.view(site, "redirects")
    for index in REVERSE_INDEXES:
        tracking.view(site, index, default=list)
    tracking.view(site, "_actor_names", "actor-names")
    tracking.view(site, "_neighbours", "neighbours")
    tracking.replace(site, "_names", NoStore())


def track_graph(graph: Graph, tracking: Tracking) -> None:
    tracking.view(graph, "degree", "graph-degree")
    tracking.view(graph, "by_actor", "graph-links", default=list)


def changes(old: Site, new: Site, old_graph: Graph, new_graph: Graph) -> set[Key]:
    """Every key of every index whose value differs between two builds."""
    changed = changed_keys("entries", old.entries, new.entries, _same_entry)
    changed |= changed_keys("redirects", old.redirects, new.redirects)
    for index in REVERSE_INDEXES:
        changed |= changed_keys(index, getattr(old, index), getattr(new, index))
    changed |= changed_keys("actor-names", old.actor_names(), new.actor_names())
    changed |= changed_keys("neighbours", old.neighbour_map(), new.neighbour_map())
    changed |= changed_keys("graph-degree", old_graph.degree, new_graph.degree)
    changed |= changed_keys("graph-links", old_graph.by_actor, new_graph.by_actor)
    return changed


def _same_entry(old: Entry[Any], new: Entry[Any]) -> bool:
    """The same record, as far as any page can tell (its model and a story's body)."""
    return old is new or (old.model == new.model and old.raw.body == new.raw.body)
