"""The URLs MkDocs gives generated files, for links written as HTML.

Markdown links point at ``.md`` files and MkDocs rewrites them; links inside
raw HTML (network drawings, redirect pages, structured data) must be final URLs.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    """URLs of generated files, as MkDocs gives them."""

    base: str = ""  # the site URL with its trailing slash, or "" when unknown
    directory_urls: bool = True

    def url(self, path: str) -> str:
        """The site-relative URL of a file: ``actors/x.md`` → ``actors/x/``; others as they are."""
        if not path.endswith(".md"):
            return path
        stem = path[:-3]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"

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
