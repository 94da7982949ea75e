"""Where each generated page lives, and the URL it gets: the one home of both rules.

A record's page is ``<folder>/<id>.md`` (the home story is ``index.md``), a tag's
``tags/<tag>.md``. Markdown links point at ``.md`` files and MkDocs rewrites them;
links inside raw HTML (network drawings, redirect pages, structured data, open
data, ``explainer diff``'s links to a preview) must be final URLs: :func:`page_url`.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass

from .link import Site
from .models import Story
from .vocabulary import FOLDER_OF


@dataclass(frozen=True)
class Links:
    """URLs of generated files, as MkDocs gives them."""

    base: str = ""  # the site URL with its trailing slash, or "" when unknown
    directory_urls: bool = True

    def url(self, path: str) -> str:
        """The site-relative URL of a file: ``actors/x.md`` → ``actors/x/``; others as they are."""
        return page_url(path, self.directory_urls)

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a file, when the site URL is known."""
        return self.base + self.url(path) if self.base else None

    def relative(self, path: str, here: str) -> str:
        """A link to ``path`` from the page of the file ``here``."""
        return relative_url(self.url(here), self.url(path))

    def href(self, path: str, here: str) -> str:
        """A link to ``path`` from the file ``here``: absolute when possible."""
        return self.absolute(path) or self.relative(path, here)

    @property
    def host(self) -> str | None:
        return urllib.parse.urlsplit(self.base).hostname


def relative_url(from_url: str, to_url: str) -> str:
    """``to_url`` relative to the page at ``from_url`` (both site-relative URLs)."""
    base_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath(to_url or ".", base_dir.rstrip("/") or ".")
    if not to_url or to_url.endswith("/"):
        return "./" if rel == "." else rel + "/"
    return rel


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a generated file, relative to the site root: ``actors/x.md`` →
    ``actors/x/`` (``actors/x.html`` without directory URLs), ``index.md`` → ``''``;
    files other than pages keep their path."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def page_path(site: Site, record_id: str) -> str:
    """The Markdown path of a record's page (the home story is the home page)."""
    model = site.model(record_id)
    if isinstance(model, Story) and model.home:
        return "index.md"
    return f"{FOLDER_OF[model.kind]}/{record_id}.md"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.md"


def relative_path(target: str, from_dir: str) -> str:
    """``posixpath.relpath`` for the clean relative paths of the site, without its cost."""
    to_parts = target.split("/")
    from_parts = from_dir.split("/") if from_dir else []
    common = 0
    for a, b in zip(from_parts, to_parts[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])
