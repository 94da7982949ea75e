"""MkDocs' dirty rebuilds for the live preview (``mkdocs serve --dirty``).

The incremental pipeline (``incremental.py``) knows which generated files an
edit changed; this module tells MkDocs, so that it rebuilds only those pages,
and keeps what a dirty build would get wrong right: pages of deleted records
are removed, the search index holds every page, hand-written pages follow the
records they mention, and a change to ``mkdocs.yml`` or the theme rebuilds
everything. ``tests/test_preview.py`` compares the result with a clean build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..outputs.output import Rendered
from ..speed.incremental import Incremental


class TemplateCodeCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept across the rebuilds of ``mkdocs serve``.

    MkDocs makes a new template environment for every build, and compiling
    Material's templates again costs a good part of a small rebuild. Jinja checks
    each template's source against the checksum kept with its code.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class PreviewFile(File):
    """A generated file that says whether the latest edit changed it.

    MkDocs' dirty builds (``mkdocs serve --dirty``) skip the pages whose file
    is not modified; an in-memory file always counts as modified, so the
    plugin tells MkDocs itself, from what the incremental pipeline re-made.
    """

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class Preview:
    """What ``mkdocs serve --dirty`` needs to rebuild only the pages an edit changed.

    - :meth:`mark` tells MkDocs which generated files changed (see :class:`PreviewFile`);
      everything is rebuilt when the nav, ``mkdocs.yml`` or the theme overrides change;
    - pages written by hand are rebuilt after any change, as they may mention records;
    - :meth:`finish` removes the pages of deleted records and completes the search
      index with the entries of the pages that were not rebuilt, in page order, so
      that it is the index a clean build writes.
    """

    def __init__(self) -> None:
        self.incremental = Incremental()
        self.template_code = TemplateCodeCache()
        self._config_key: str | None = None
        self._everything = True
        self._nav: object = None
        self._noticed: set[str] = set()
        #: The URLs of the pages the latest build rendered.
        self.built_pages: set[str] = set()
        #: The generated files of the latest build, to remove the pages of deleted records.
        self._files: dict[str, File] = {}
        self._stale: list[str] = []
        self._order: list[str] = []
        self._search: dict[str, list[dict[str, Any]]] = {}

    def config_changed(self, key: str) -> None:
        if key != self._config_key:
            self._config_key, self._everything = key, True

    def mark(self, files: Files, previous: Rendered | None, rendered: Rendered, nav: object,
             *, notice_changed: bool,
             notice_pages: Callable[[], set[str]]) -> None:
        everything = self._everything or nav != self._nav or previous is None
        self._nav, self._everything = nav, False
        changed = set() if previous is None else _changed_outputs(previous, rendered)
        forced = set(self._noticed) | (notice_pages() if notice_changed else set())
        self._noticed = set()
        kept: dict[str, File] = {}
        for file in files:
            if isinstance(file, PreviewFile):
                file.modified = everything or file.src_uri in changed or file.src_uri in forced
                kept[file.src_uri] = file
            elif file.is_documentation_page() and (everything or changed or forced):
                # Written by hand: it may name records, so it is rebuilt after any change.
                file.is_modified = _modified  # type: ignore[method-assign]
        self._stale = [file.abs_dest_path for src, file in self._files.items() if src not in kept]
        self._files = kept
        self._order = [_page_url(f) for f in files.documentation_pages()]
        self.built_pages = set()

    def built(self, page: Page, *, noticed: bool) -> None:
        self.built_pages.add(page.url)
        if noticed:
            self._noticed.add(page.file.src_uri)

    def finish(self, config: MkDocsConfig) -> None:
        for path in self._stale:
            Path(path).unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the folder of a directory URL, if now empty
                os.rmdir(os.path.dirname(path))
        entries = _search_entries(config)
        if entries is None:
            return
        fresh = _by_page(entries)
        merged: dict[str, list[dict[str, Any]]] = {}
        for url in self._order:
            kept = fresh.get(url) if url in self.built_pages \
                else self._search.get(url, fresh.get(url))
            if kept:
                merged[url] = kept
        entries[:] = [entry for page in merged.values() for entry in page]
        self._search = merged
        if hasattr(search := _search_plugin(config), "search_index_prev"):
            search.search_index_prev = None  # our list is whole: Material need not merge it


def _page_url(file: File) -> str:
    """The URL a page of this file has (and its search entries give): the home page's is ''."""
    return "" if file.url in (".", "./") else file.url


def _modified() -> bool:
    return True


def _changed_outputs(before: Rendered, after: Rendered) -> set[str]:
    """Paths whose page, structured data or description differ between two renders."""
    return {path for path, text in after.files.items()
            if before.files.get(path) != text
            or before.jsonld.get(path) != after.jsonld.get(path)
            or before.descriptions.get(path) != after.descriptions.get(path)}


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The search plugin's list of index entries (Material's or MkDocs' own), if any."""
    index = getattr(_search_plugin(config), "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            return entries
    return None


def _search_plugin(config: MkDocsConfig) -> object | None:
    """Material's search plugin, or MkDocs' own."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def _by_page(entries: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
    return pages


def config_key(config: MkDocsConfig) -> str:
    """What changes every page: mkdocs.yml and the files of the theme's custom_dir."""
    digest = hashlib.sha256()
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(str(config.site_url).encode())
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for folder, _, names in sorted(os.walk(custom)):
            for name in sorted(names):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return digest.hexdigest()
