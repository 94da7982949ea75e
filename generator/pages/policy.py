"""How a build runs the renderer and the outputs: the policy handed to them.

The stages say *what* a page or a record's data is; a policy says *how* the
work is run. :class:`Plain` makes everything once, here, and lets the pages of a
folder (and the records of a build) share what they have in common: links,
citations, references. The speed machinery brings the others, without a branch
in any stage:

- ``speed.parallel.Forked``: a one-off build of a big site shares the records
  among forked workers;
- ``speed.incremental.Tracked``: the live preview reuses what an edit did not
  affect, and notes what each page reads (so pages share nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
S = TypeVar("S")
M = TypeVar("M")

#: Renders one page: template, path, context → Markdown.
PageRender = Callable[[str, str, dict[str, Any]], str]


class Policy(Protocol):
    def page(self, template: str, path: str, context: dict[str, Any],
             render: PageRender) -> str:
        """The page's text: ``render(template, path, context)``, or what it made before."""
        ...

    def value(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """``make()``, or what it made before (a record's data)."""
        ...

    def shared(self, key: Hashable, make: Callable[[], M]) -> M:
        """A memo for work the items of a build may share (``make()`` the first time)."""
        ...

    def map_alongside(self, job: Callable[[Any], T], items: Sequence[Any],
                      meanwhile: Callable[[], S],
                      group: Callable[[Any], str] | None = None) -> tuple[list[T], S]:
        """``([job(item) for item in items], meanwhile())``.

        ``group`` names what an item shares with others (a policy that shares the
        items among processes keeps a group in one)."""
        ...


class Plain:
    """Everything made once, serially, in this process; memos shared by the build."""

    def __init__(self) -> None:
        self._shared: dict[Hashable, Any] = {}

    def page(self, template: str, path: str, context: dict[str, Any],
             render: PageRender) -> str:
        return render(template, path, context)

    def value(self, kind: str, key: str, make: Callable[[], T]) -> T:
        return make()

    def shared(self, key: Hashable, make: Callable[[], M]) -> M:
        memo = self._shared.get(key)
        if memo is None:
            memo = self._shared[key] = make()
        return memo

    def map_alongside(self, job: Callable[[Any], T], items: Sequence[Any],
                      meanwhile: Callable[[], S],
                      group: Callable[[Any], str] | None = None) -> tuple[list[T], S]:
        return [job(item) for item in items], meanwhile()
