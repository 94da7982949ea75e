"""Bounded listing pages: split a long listing by its groups, then into pages.

A listing of thousands of records on one page makes every build and every
reader pay for all of them. Past ``LIMIT`` items, a listing becomes a hub that
links to one page per group (a year, a kind, a status), and a group longer
than ``LIMIT`` is cut into numbered pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Most items on one listing page.
LIMIT = 200
#: Most items in one section of a record page (an actor's timeline, a source's citers…).
SECTION_LIMIT = 100


@dataclass(frozen=True)
class Pager:
    """Where a page sits among the pages of one group."""

    number: int
    count: int
    first: str
    previous: str | None
    next: str | None
    hub: str


@dataclass(frozen=True)
class Chunk(Generic[T]):
    path: str
    items: list[T]
    pager: Pager


def paginate(stem: str, items: Sequence[T], hub: str, limit: int = LIMIT) -> list[Chunk[T]]:
    """``stem.md``, ``stem-2.md``… holding at most ``limit`` items each."""
    parts = [list(items[i:i + limit]) for i in range(0, len(items), limit)] or [[]]
    paths = [f"{stem}.md" if n == 0 else f"{stem}-{n + 1}.md" for n in range(len(parts))]
    return [Chunk(paths[n], part, Pager(n + 1, len(parts), paths[0],
                                        paths[n - 1] if n else None,
                                        paths[n + 1] if n + 1 < len(parts) else None, hub))
            for n, part in enumerate(parts)]


def slug(label: str, taken: set[str]) -> str:
    """A file-name slug for a group label, unique among ``taken`` (which it extends)."""
    base = re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-") or "other"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name
