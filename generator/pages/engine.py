"""What a Markdown engine needs to build the generated pages, for every adapter.

The MkDocs plugin and ``explainer docs`` (a tree for any MkDocs-compatible
engine) build the same site: the same Markdown extensions with the same
options, and the same nav: the hub pages, then the pages written by hand.
Record pages are never in the nav.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from ..outputs.output import Rendered

#: Markdown extensions the generated pages use; all ship with Python-Markdown.
MARKDOWN_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                       "toc")
#: Their options, where not the defaults: headings get a permanent link.
EXTENSION_OPTIONS: Mapping[str, Mapping[str, Any]] = {"toc": {"permalink": True}}


def markdown_extensions() -> list[str | dict[str, Any]]:
    """The extensions as a ``mkdocs.yml`` lists them."""
    return [{name: dict(EXTENSION_OPTIONS[name])} if name in EXTENSION_OPTIONS else name
            for name in MARKDOWN_EXTENSIONS]


def nav(rendered: Rendered, written: Iterable[str]) -> list[dict[str, str]]:
    """The hub pages, then the pages written by hand (``written``: their paths) that do
    not replace a generated page, in path order."""
    pages = sorted(path for path in written if path not in rendered.files)
    return ([{hub.title: hub.path} for hub in rendered.hubs]
            + [{page_title(path): path} for path in pages])


def page_title(path: str) -> str:
    """A hand-written page's title in the nav, from its file name."""
    stem = PurePosixPath(path).stem
    return "Home" if stem == "index" else stem.replace("-", " ").replace("_", " ").capitalize()
