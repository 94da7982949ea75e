"""What the parts of a page (``panels``, ``views``) may ask of the page they are on.

A template calls the page (``render.Page``), and the page calls its parts: the
home page's panels and the drawings. The parts ask the page for links, dates
and lines of Markdown in return, through :class:`PageApi`, which ``Page``
satisfies (mypy checks it wherever a page hands itself over). So the parts do
not import the renderer, and the renderer imports them without a cycle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol, SupportsIndex

from ..core.markup import escape_text

if TYPE_CHECKING:
    from ..core.dates import Edtf
    from ..core.link import Site

#: How a timeline chart puts its events in lanes.
LaneMode = Literal["actor", "tag", "none"]


class Md(str):
    """Markdown produced by the renderer: printed as is, never escaped.

    Every piece of a page's Markdown that Python code puts together is made
    with :meth:`format`, :meth:`join` or ``+`` on an ``Md``, which escape each
    plain string they are given (:func:`~generator.core.markup.escape_text`),
    as markupsafe's ``Markup`` does for HTML. A value that is already Markdown
    is an ``Md``; a trusted value that is not text (a URL, a class name) is
    marked at the call site with ``Md(value)``. Numbers pass unchanged. So a
    forgotten escape cannot happen: ``tests/test_house_rules.py`` rejects
    ``Md(...)`` around an f-string, a ``%``, a ``+`` or a ``str.join``.
    """

    __slots__ = ()

    # Hot code (a 5k-record build makes some 200,000 of these): Md arguments are
    # told apart by their exact type, and results made without Md's own __init__.
    def format(self, *args: object, **kwargs: object) -> Md:
        if kwargs:
            kwargs = {key: value if type(value) is Md else _escaped(value)
                      for key, value in kwargs.items()}
        for arg in args:
            if type(arg) is not Md:  # else all are Markdown already: no list to make
                args = tuple([arg if type(arg) is Md else escape_text(arg) if type(arg) is str
                              else _escaped(arg) for arg in args])
                break
        return _new_md(str.format(self, *args, **kwargs))

    def join(self, items: Iterable[object]) -> Md:
        return _new_md(str.join(self, [item if type(item) is Md else _escaped(item)
                                       for item in items]))

    def __add__(self, other: object) -> Md:
        return _new_md(str.__add__(self, _escaped(other)))

    def __radd__(self, other: object) -> Md:
        return _new_md(str.__add__(_escaped(other), self))

    def __mul__(self, times: SupportsIndex) -> Md:
        return _new_md(str.__mul__(self, times))

    @staticmethod
    def escape(text: str) -> Md:
        """Plain text as Markdown that shows it as it is."""
        return _new_md(escape_text(text))

    def squeezed(self) -> Md:
        """The same Markdown on one line: each run of white space made one space."""
        return _new_md(str.join(" ", self.split()))

    def __mod__(self, other: object) -> Md:
        raise TypeError("Md does not support '%' formatting: use Md.format")


_new_md: Callable[[str], Md] = functools.partial(str.__new__, Md)


def _escaped(value: object) -> Any:
    """A value as it may go into Markdown: Md and numbers as they are, text escaped."""
    if isinstance(value, (Md, int, float)):
        return value
    return escape_text(str(value))


class PageApi(Protocol):
    """The page a part is drawn on (see ``render.Page`` for what each one does)."""

    @property
    def site(self) -> Site: ...

    def href(self, target_path: str) -> str: ...
    def url(self, record_id: str) -> str: ...
    def html_href(self, record_id: str) -> str: ...
    def html_href_path(self, target_path: str) -> str: ...
    def link(self, record_id: str, label: str | None = None) -> Md: ...
    def link_in_text(self, actor_id: str, first: bool = False) -> Md: ...
    def inline(self, text: str | None) -> Md: ...
    def date(self, date: Edtf | None) -> str: ...
    def on(self, date: Edtf | None) -> str: ...
    def as_of(self) -> str: ...
    def current_titles(self, actor_id: str) -> Md: ...
    def claim_line(self, claim_id: str, page_of: str | None = None,
                   outcome: bool = False) -> Md: ...
    def whole_claim(self, claim_id: str) -> Md: ...
    def event_line(self, event_id: str) -> Md: ...
    def cite(self, sources: Iterable[str]) -> Md: ...
    def badge(self, status: str | None, hide: Iterable[str] = ("confirmed", "open")) -> Md: ...
    def stance(self, stance: str | None) -> Md: ...
    def timeline_chart(self, event_ids: Iterable[str], *, lanes: LaneMode = "actor",
                       title: str, description: str, rows: int = 6) -> Md: ...
    def story_map(self) -> Md: ...
