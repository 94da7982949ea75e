"""What a page reads, so that an edit re-renders only the pages it affects.

While a page renders for the live preview, the linked site's indexes (the
records, the reverse links, the graph's neighbourhoods) are swapped for
:class:`TrackedView` objects that note every ``(index, key)`` the page looks up.
After an edit, :func:`changed_keys` compares each index before and after; a
page whose reads meet the changed keys is rendered again, and every other page
is reused. A read of a whole index (iterating it, or its length) is noted as
the key :data:`EVERYTHING`, which changes whenever any key of that index does.

The views are swapped in only while a page renders, so the rest of a build
(planning the listings, the graph) pays nothing for the tracking.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Key = tuple[str, Hashable]
#: The key noted when a page reads a whole index.
EVERYTHING = "\x00*"
_MISSING: Any = object()


class Reads:
    """The ``(index, key)`` pairs read while the current page renders."""

    def __init__(self) -> None:
        self.current: set[Key] | None = None

    def add(self, index: str, key: Hashable) -> None:
        if self.current is not None:
            self.current.add((index, key))


class TrackedView(Generic[K, V]):
    """A read-only view of a dict that notes every read in :class:`Reads`.

    ``default`` makes a missing key read as a fresh value, without storing it,
    as a ``defaultdict`` would (the reverse-link indexes are ``defaultdict(list)``).
    """

    __slots__ = ("data", "default", "index", "reads")

    def __init__(self, index: str, data: Mapping[K, V], reads: Reads,
                 default: Callable[[], V] | None = None) -> None:
        self.index, self.data, self.reads, self.default = index, data, reads, default

    def __getitem__(self, key: K) -> V:
        self.reads.add(self.index, key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if self.default is None:
                raise KeyError(key)
            return self.default()
        return value  # type: ignore[no-any-return]

    def get(self, key: K, default: Any = None) -> Any:
        self.reads.add(self.index, key)
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads.add(self.index, key)
        return key in self.data

    def _whole(self) -> Mapping[K, V]:
        self.reads.add(self.index, EVERYTHING)
        return self.data

    def __iter__(self) -> Iterator[K]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def __bool__(self) -> bool:
        return bool(self._whole())

    def keys(self) -> Any:
        return self._whole().keys()

    def values(self) -> Any:
        return self._whole().values()

    def items(self) -> Any:
        return self._whole().items()


class NoStore(dict[str, str]):
    """A cache that keeps nothing: a cached value would hide what computing it read."""

    def __setitem__(self, key: str, value: str) -> None:
        pass


class Tracking:
    """Tracked views swapped into objects' attributes while a page renders."""

    def __init__(self) -> None:
        self.reads = Reads()
        self._swaps: list[tuple[object, str, object, object]] = []
        self._depth = 0

    def view(self, owner: object, attribute: str, index: str | None = None,
             default: Callable[[], Any] | None = None) -> None:
        """Track reads of ``owner.attribute`` (a dict) as the index ``index``."""
        plain = getattr(owner, attribute)
        tracked = TrackedView(index or attribute, plain, self.reads, default)
        self._swaps.append((owner, attribute, plain, tracked))

    def replace(self, owner: object, attribute: str, value: object) -> None:
        """Give ``owner.attribute`` another value while a page renders."""
        self._swaps.append((owner, attribute, getattr(owner, attribute), value))

    @contextmanager
    def page(self) -> Iterator[set[Key]]:
        """Note the reads of one page; a page rendered inside another counts for both."""
        outer, noted = self.reads.current, set[Key]()
        self.reads.current = noted
        if self._depth == 0:
            self._swap(in_=True)
        self._depth += 1
        try:
            yield noted
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._swap(in_=False)
            self.reads.current = outer
            if outer is not None:
                outer.update(noted)

    def _swap(self, *, in_: bool) -> None:
        for owner, attribute, plain, tracked in self._swaps:
            # object.__setattr__: the graph is a frozen dataclass, swapped only for a moment.
            object.__setattr__(owner, attribute, tracked if in_ else plain)


def changed_keys(index: str, old: Mapping[Any, Any], new: Mapping[Any, Any],
                 same: Callable[[Any, Any], bool] | None = None) -> set[Key]:
    """The keys whose value differs between two versions of an index.

    ``same`` compares two values (default: ``==``, which is cheap when they are
    the same object). Any change also changes :data:`EVERYTHING`.
    """
    equal = same or _equal
    old_keys, new_keys = old.keys(), new.keys()
    changed: set[Key] = {(index, k) for k in old_keys ^ new_keys}
    for key in old_keys & new_keys:
        if not equal(old[key], new[key]):
            changed.add((index, key))
    if changed:
        changed.add((index, EVERYTHING))
    return changed


def _equal(a: object, b: object) -> bool:
    return a is b or a == b
