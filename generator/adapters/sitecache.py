"""Exact ``mkdocs build --dirty`` in a fresh process, from the previous build.

Every build (``mkdocs build``, with or without ``--dirty``) keeps a manifest in
``.explainer-cache/``: a hash of what the plugin handed MkDocs for each
generated file (its Markdown or bytes, its structured data and description),
the size of the file MkDocs wrote for it, the sidebar, and every page's search
entries. A later ``mkdocs build --dirty`` runs the whole pipeline (a few
seconds), then lets MkDocs render only the pages whose hash changed: the
others are already in ``site/``, as a clean build would write them. It also
removes the files of generated pages that are gone, writes the search index
with the kept entries of the pages not rendered again (MkDocs' search plugin
indexes only the pages it builds), and rebuilds the pages written by hand
(they may name records). Theme templates (sitemap, 404 page) are rendered
anew by MkDocs on every build.

The manifest answers only for the inputs it was made from: the generator's
code, ``mkdocs.yml`` (and the site URL), the theme's installed version, the
theme overrides and the hand-written pages. When any of these changed, or the
manifest is damaged, the dirty build says why, empties the site folder and
builds everything. A build that fails, or that logs a warning of MkDocs' own
(it would not be logged again for a page not rendered again), keeps no
manifest, so the next build is a full one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.config import Settings
from ..outputs.output import Rendered

#: Bump when what is kept changes meaning: older manifests are then ignored.
FORMAT = 1
CACHE_DIR = ".explainer-cache"
#: Kept per site folder (``-d``), so that builds elsewhere leave the others' alone.
MANIFEST = "site-{}-manifest.json"
SEARCH = "site-{}-search.json"
#: Installed distributions whose version changes what MkDocs writes for the same input.
THEME_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments",
                  "jinja2", "markupsafe")

#: Why a dirty build is a full one, in the order they are looked for.
REASONS = {
    "code": "the generator's code changed",
    "config": "mkdocs.yml (or the site URL) changed",
    "theme": "the theme or MkDocs (installed version) changed",
    "overrides": "the theme overrides changed",
    "docs": "the hand-written pages in the docs folder changed",
}


# -------------------------------------------------------------------- inputs


def inputs_of(config: MkDocsConfig, settings: Settings) -> dict[str, str]:
    """A hash of each input that every page depends on (see :data:`REASONS`)."""
    package = Path(__file__).parent
    config_file = config.config_file_path
    config_bytes = Path(config_file).read_bytes() if config_file and os.path.isfile(
        config_file) else b""
    site_dir = os.path.relpath(config.site_dir, settings.root)
    custom = config.theme.custom_dir
    return {
        "code": _tree_hash(package),
        "config": _hash(config_bytes, str(config.site_url), site_dir, repr(settings),
                        str(config.use_directory_urls), config.theme.name or ""),
        "theme": _hash(*(f"{name}={_version(name)}" for name in THEME_PACKAGES)),
        "overrides": _tree_hash(Path(custom)) if custom else "",
        "docs": _tree_hash(Path(config.docs_dir)),
    }


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _tree_hash(folder: Path) -> str:
    """Every file's path and bytes under a folder (compiled Python left out)."""
    digest = hashlib.blake2b(digest_size=16)
    if not folder.is_dir():
        return ""
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        digest.update(_hash(path.relative_to(folder).as_posix(), path.read_bytes()).encode())
    return digest.hexdigest()


def page_hash(rendered: Rendered, path: str, inclusion: str) -> str:
    """What the plugin hands MkDocs for one generated file."""
    jsonld = rendered.jsonld.get(path)
    return _hash(rendered.files[path], inclusion,
                 "" if jsonld is None else json.dumps(jsonld, sort_keys=True, default=str),
                 rendered.descriptions.get(path) or "")


# ------------------------------------------------------------------ the kept build


@dataclass
class Kept:
    """The manifest of the previous build, as read back."""

    inputs: dict[str, str]
    nav: Any
    #: By generated file's src path: [hash, its file in site/, that file's size].
    pages: dict[str, list[Any]]
    #: By page URL: the page's search entries.
    search: dict[str, list[dict[str, Any]]]


def kept_files(settings: Settings, site_dir: str) -> tuple[Path, Path]:
    """The manifest and search entries kept for a site folder."""
    folder = settings.root / CACHE_DIR
    name = _hash(os.path.relpath(site_dir, settings.root))[:12]
    return folder / MANIFEST.format(name), folder / SEARCH.format(name)


def read_kept(manifest_file: Path, search_file: Path) -> Kept | str:
    """The kept manifest, or why there is none to use."""
    try:
        manifest = json.loads(manifest_file.read_bytes())
    except FileNotFoundError:
        return "no earlier build is kept in .explainer-cache/"
    except (OSError, ValueError, RecursionError):
        return "the kept build is damaged"
    if not isinstance(manifest, dict):
        return "the kept build is damaged"
    if manifest.get("format") != FORMAT:
        return "the kept build is of another format"
    try:
        search = json.loads(search_file.read_bytes())
        kept = Kept(manifest["inputs"], manifest["nav"], manifest["pages"], search["pages"])
        if search.get("generation") != manifest["generation"] or not _well_formed(kept):
            return "the kept build is damaged"
    except (OSError, ValueError, RecursionError, LookupError, TypeError, AttributeError):
        return "the kept build is damaged"
    return kept


def _well_formed(kept: Kept) -> bool:
    return (isinstance(kept.inputs, dict) and all(
        isinstance(v, str) for v in kept.inputs.values())
        and isinstance(kept.pages, dict) and all(
            isinstance(v, list) and len(v) == 3 and isinstance(v[0], str)
            and isinstance(v[1], str) and isinstance(v[2], int) for v in kept.pages.values())
        and isinstance(kept.search, dict) and all(
            isinstance(v, list) and all(isinstance(e, dict) for e in v)
            for v in kept.search.values()))


class GeneratedFile(File):
    """A generated file that says whether it differs from the kept build's.

    MkDocs' dirty builds skip a page whose file is not modified; an in-memory
    file always counts as modified, so the plugin decides from the manifest.
    """

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class _Warnings(logging.Handler):
    """Counts MkDocs' own warnings (the plugin's content problems are reported every build)."""

    def __init__(self, own: str) -> None:
        super().__init__(logging.WARNING)
        self.own, self.count = own, 0

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(self.own):
            self.count += 1


@dataclass
class SiteCache:
    """One build's use of the kept manifest: :meth:`start`, :meth:`mark`, :meth:`finish`."""

    manifest_file: Path
    search_file: Path
    site_dir: Path
    dirty: bool
    inputs: dict[str, str]
    kept: Kept | None = None
    warnings: _Warnings | None = None
    _hashes: dict[str, str] = field(default_factory=dict)
    _files: Files | None = None
    _generated: dict[str, File] = field(default_factory=dict)
    _all_modified: bool = True
    #: The generated pages this build renders anew, for the log and the tests.
    changed: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, config: MkDocsConfig, settings: Settings, *, dirty: bool,
              own_logger: str, log: logging.Logger | logging.LoggerAdapter[Any]) -> SiteCache:
        """Read the kept build (for ``--dirty``) and forget it on disk until this one ends.

        A dirty build that cannot use it empties the site folder, as a clean build does.
        """
        manifest, search = kept_files(settings, config.site_dir)
        cache = cls(manifest, search, Path(config.site_dir), dirty, inputs_of(config, settings))
        if dirty:
            kept = read_kept(manifest, search)
            reason = kept if isinstance(kept, str) else cache._stale_input(kept)
            if reason is None:
                assert isinstance(kept, Kept)
                cache.kept = kept
            else:
                log.info("explainer: building every page: %s", reason)
                mkdocs_utils.clean_directory(config.site_dir)
        cache.forget()  # a build that stops halfway leaves no manifest that speaks for it
        cache.warnings = _Warnings(own_logger)
        logging.getLogger("mkdocs").addHandler(cache.warnings)
        return cache

    def _stale_input(self, kept: Kept) -> str | None:
        for name, reason in REASONS.items():
            if kept.inputs.get(name) != self.inputs[name]:
                return reason
        return None

    def forget(self) -> None:
        for path in (self.manifest_file, self.search_file):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None

    # ---------------------------------------------------------------- files

    def mark(self, files: Files, rendered: Rendered, generated: Iterable[str],
             nav: Any) -> None:
        """Hash the generated files; in a dirty build, mark those the kept build has as is."""
        self._files = files
        generated = set(generated)
        self._generated = {f.src_uri: f for f in files if f.src_uri in generated}
        self._hashes = {path: page_hash(rendered, path, str(file.inclusion))
                        for path, file in self._generated.items()}
        kept = self.kept
        self._all_modified = kept is None or _as_json(nav) != kept.nav
        self.changed = []
        for path, file in self._generated.items():
            unchanged = not self._all_modified and kept is not None and self._same(
                kept, path, file)
            if isinstance(file, GeneratedFile):
                file.modified = not unchanged
            if not unchanged:
                self.changed.append(path)
        for file in files.documentation_pages():
            if file.src_uri not in generated:
                # Written by hand: it may name records, so it is built every time.
                file.is_modified = _modified  # type: ignore[method-assign]

    def _same(self, kept: Kept, path: str, file: File) -> bool:
        old = kept.pages.get(path)
        if old is None or old[0] != self._hashes[path] or old[1] != file.dest_uri:
            return False
        if file.is_documentation_page() and _page_url(file) not in kept.search:
            return False
        try:
            return bool(os.path.getsize(file.abs_dest_path) == old[2])
        except OSError:
            return False

    # ---------------------------------------------------------------- finish

    def finish(self, config: MkDocsConfig, nav: Any) -> None:
        """Remove what is gone, complete the search index, and keep this build's manifest.

        Runs before the search plugin writes its index.
        """
        files = self._files
        if files is None:
            return
        if self.kept is not None:
            self._remove_stale(self.kept)
        search = self._complete_search(config, files)
        if self.warnings is not None and self.warnings.count:
            return  # warnings of MkDocs' own would not be logged again by a dirty build
        if search is None:
            return  # no search plugin to take entries from: nothing to restore them with
        pages: dict[str, list[Any]] = {}
        for path, file in self._generated.items():
            try:
                pages[path] = [self._hashes[path], file.dest_uri,
                               os.path.getsize(file.abs_dest_path)]
            except OSError:
                continue  # not written (withheld or empty): never counted as kept
        generation = os.urandom(8).hex()
        # The search entries first: a manifest is never without the entries it speaks for.
        _write(self.search_file, {"format": FORMAT, "generation": generation,
                                     "pages": search})
        _write(self.manifest_file, {"format": FORMAT, "generation": generation,
                                       "inputs": self.inputs, "nav": _as_json(nav),
                                       "pages": pages})

    def _remove_stale(self, kept: Kept) -> None:
        """The files of generated pages that are gone (a removed or renamed record's)."""
        assert self._files is not None
        written = {file.dest_uri for file in self._files}
        for path in sorted(set(kept.pages) - set(self._generated)):
            dest_uri = kept.pages[path][1]
            if dest_uri in written:
                continue  # written by another file now (a page written by hand)
            dest = (self.site_dir / dest_uri).resolve()
            site = self.site_dir.resolve()
            if not dest.is_relative_to(site):
                continue  # a damaged manifest never removes anything outside the site
            dest.unlink(missing_ok=True)
            for parent in dest.parents:
                if parent == site:
                    break
                try:
                    parent.rmdir()  # the folder of a directory URL, once empty
                except OSError:
                    break

    def _complete_search(self, config: MkDocsConfig,
                         files: Files) -> dict[str, list[dict[str, Any]]] | None:
        """The search entries of every page, in page order: fresh for the pages built,
        kept for the others. The search plugin's list is replaced with them."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        entries = next((getattr(index, n) for n in ("entries", "_entries")
                        if isinstance(getattr(index, n, None), list)), None)
        if entries is None:
            return None
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            fresh.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
        kept = self.kept.search if self.kept is not None else {}
        merged: dict[str, list[dict[str, Any]]] = {}
        for file in files.documentation_pages():
            url = _page_url(file)
            built = file.page is not None and file.page.content is not None
            # Fresh entries as JSON values, as the search plugin writes them (it turns
            # any other value into text), so that kept ones are written the same.
            merged[url] = _as_json(fresh.get(url, [])) if built else kept.get(url, [])
        entries[:] = [entry for page in merged.values() for entry in page]
        if plugin is not None and hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None  # the list is whole: Material need not merge it
        return merged


def _page_url(file: File) -> str:
    """The URL a page's search entries give: the home page's is ''."""
    return "" if file.url in (".", "./") else file.url


def _modified() -> bool:
    return True


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _write(path: Path, data: object) -> None:
    """Atomically; a cache that cannot be written only makes the next build a full one."""
    folder, name = path.parent, path.name
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# made by explainer: nothing here belongs in version control\n*\n",
                              encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                             .encode("utf-8", "surrogatepass"))
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
