"""The MkDocs adapter: runs the pipeline and hands its pages to MkDocs.

Thin on purpose. It turns plugin options into :class:`Settings`, adds the
generated pages as in-memory files, routes problems to MkDocs' logger (errors
abort the build; warnings fail ``--strict``), and watches the content folder
during ``mkdocs serve``, where builds are incremental (``preview.py`` makes
MkDocs' dirty rebuilds right).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.config import Settings, SettingsError, make_settings
from ..core.diagnostics import Problem
from ..core.link import Site
from ..core.markup import escape_text
from ..core.paths import page_path
from ..outputs.guard import Hit, scan, unsafe_html_problems
from ..outputs.output import Rendered
from ..outputs.publish import head_html, insert_head
from ..pages.engine import EXTENSION_OPTIONS, MARKDOWN_EXTENSIONS, nav
from ..pages.previews import MATERIAL_PREVIEW
from ..pages.previews import NAME as PREVIEWS
from ..pages.render import SCRIPT, STYLESHEET, WrittenPageLinks
from ..pipeline import build, check
from .preview import Preview, PreviewFile, config_key
from .sitecache import GeneratedFile, SiteCache

log = get_plugin_logger(__name__)


class ExplainerConfig(base.Config):
    content_dir = c.Type(str, default="content")
    as_of = c.Optional(c.Type((str, dt.date)))
    require_sources = c.Type(bool, default=True)
    allow_html = c.Type(bool, default=False)
    relation_types = c.Type(dict, default={})


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.serving = False
        self.dirty = False
        #: Errors of the latest build while serving: shown on every page over the last good ones.
        self.notice: list[Problem] = []
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.rendered: Rendered | None = None
        self.written: WrittenPageLinks | None = None
        self.generated: set[str] = set()
        #: ``mkdocs build``: each generated page's head (feed link, JSON-LD), made in on_files.
        self.heads: dict[str, str] = {}
        #: What the output guard found, by generated page (see guard.py).
        self.unsafe: dict[str, list[Hit]] = {}
        self.preview = Preview()
        #: ``mkdocs build``: the manifest that makes a later ``--dirty`` build exact (sitecache.py).
        self.building = False
        self.build_dirty = False
        self.sitecache: SiteCache | None = None

    # ---------------------------------------------------------------- startup

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the
        # rebuilds of `mkdocs serve`, and with it the last good pages.
        self._reset()  # MkDocs keeps this instance for the process: a new command starts afresh
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.building = command in ("build", "gh-deploy")
        self.build_dirty = self.building and dirty
        if self.serving and not dirty:
            log.info("explainer: `mkdocs serve --dirty` rebuilds only the pages an edit affects")
        if self.dirty or self.build_dirty:
            # MkDocs warns on every dirty build that pages may be stale; here they are not
            # (see preview.py), and a warning on every save would only alarm.
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_warning_filter)

    # ----------------------------------------------------------------- config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        options: dict[str, Any] = dict(self.config)
        options["site_name"] = config.site_name
        options["site_description"] = config.site_description or ""
        options["use_directory_urls"] = config.use_directory_urls
        options["site_url"] = config.site_url or ""
        try:
            self.settings = make_settings(root, options)
        except SettingsError as exc:
            raise PluginError(f"explainer: {exc}") from None
        for name in MARKDOWN_EXTENSIONS:  # those the site does not configure itself
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = dict(EXTENSION_OPTIONS.get(name, {}))
        if MATERIAL_PREVIEW in config.markdown_extensions and \
                PREVIEWS not in config.markdown_extensions:
            config.markdown_extensions.append(PREVIEWS)  # glossary terms keep their tooltips
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        if self.dirty:
            self.preview.config_changed(config_key(config))
        self.unsafe = {}  # MkDocs may keep this instance for the next build in the process
        if self.building:
            self.sitecache = SiteCache.start(config, self.settings, dirty=self.build_dirty,
                                             own_logger=log.name, log=log)
        return config

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        result = build(self.settings, self.preview.incremental if self.serving else None)
        report(result.problems, self.settings)
        previous, notice = self.rendered, self.notice
        if result.ok and result.rendered is not None and result.site is not None:
            self.site, self.rendered, self.notice = result.site, result.rendered, []
            self.written = None
        elif self.serving and self.rendered is not None:
            # A broken edit while previewing: keep serving the last good pages, with a notice.
            self.notice = [p for p in result.problems if p.is_error]
            log.error("explainer: the content has errors; still serving the last good pages")
        else:
            errors = sum(p.is_error for p in result.problems)
            raise PluginError(f"explainer: {errors} error(s) in the content; nothing was built")
        assert self.rendered is not None
        self.generated = set()
        written = {f.src_uri for f in files}
        file_type = PreviewFile if self.dirty else GeneratedFile if self.build_dirty else File
        for path, content in self.rendered.files.items():
            if path in written:
                log.info("%s is written by hand in docs; it replaces the generated page", path)
                continue
            inclusion = (InclusionLevel.NOT_IN_NAV if path in self.rendered.record_pages
                         else InclusionLevel.UNDEFINED)
            # Static files as bytes: MkDocs would write a string in text mode.
            data: str | bytes = content if path.endswith(".md") else content.encode("utf-8")
            files.append(file_type.generated(config, path, content=data, inclusion=inclusion))
            self.generated.add(path)
        if config.nav is None:
            config.nav = self._nav(files)
        if self.dirty:
            self.preview.mark(files, previous, self.rendered, config.nav,
                              notice_changed=notice != self.notice, notice_pages=self._notice_pages)
        if self.sitecache is not None:
            self.sitecache.mark(files, self.rendered, self.generated, config.nav)
            if self.build_dirty:
                log.info("explainer: %d of %d generated files changed", len(
                    self.sitecache.changed), len(self.generated))
        if not self.serving:
            # A build needs no more of the site than pages written by hand do, and the
            # files hold the generated text: let both go (a big site is most of the memory).
            self._written_links()
            self.site, self.rendered.files = None, {}
            # Each page's head as text, and the structured data let go: thousands of
            # small dicts the garbage collector would walk for the rest of the build.
            self.heads = {path: head_html(self.settings, path, self.rendered.jsonld.get(path))
                          for path in self.generated if path.endswith(".md")}
            self.rendered.jsonld = {}
        return files

    def _notice_pages(self) -> set[str]:
        """Where a new error notice shows first: the home page and the broken records' pages."""
        pages = {"index.md"}
        if self.site is not None:
            broken = {p.location.path for p in self.notice}
            pages |= {page_path(self.site, e.id) for e in self.site.entries.values()
                      if e.doc.path in broken}
        return pages

    def _nav(self, files: Files) -> list[dict[str, str]]:
        """The hub pages, then any page written by hand: never the record pages."""
        assert self.rendered is not None
        return nav(self.rendered, [f.src_uri for f in files.documentation_pages()
                                   if f.src_uri not in self.generated
                                   and not f.inclusion.is_not_in_nav()])

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        if self.serving:
            env.bytecode_cache = self.preview.template_code
        return env

    # ------------------------------------------------------------ written pages

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Pages written by hand get ``[[id]]`` links and glossary tooltips too."""
        markdown = error_notice(self.notice) + markdown
        self.preview.built(page, noticed=bool(self.notice))
        self._describe(page)
        links = self._written_links()
        if links is None or page.file.src_uri in self.generated:
            return markdown
        for target in links.unknown_mentions(markdown):
            log.warning("%s: unknown id '%s' in [[%s]]", page.file.src_uri, target, target)
        return links.resolve(markdown, page.file.src_uri)

    def _written_links(self) -> WrittenPageLinks | None:
        """What hand-written pages need of the site, made when first needed."""
        if self.written is None and self.site is not None:
            self.written = WrittenPageLinks.of(self.site)
        return self.written

    def _describe(self, page: Page) -> None:
        """A generated page's description, for its meta and Open Graph tags."""
        if self.rendered is None or page.file.src_uri not in self.generated:
            return
        description = self.rendered.descriptions.get(page.file.src_uri)
        if description and "description" not in page.meta:
            # Themes print meta.description as it is: give them HTML-safe text.
            page.meta["description"] = Markup(escape(description))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """The output guard: a generated page whose HTML could run script is withheld,
        and the build fails with an error at the content that put it there."""
        src = page.file.src_uri
        self.unsafe.pop(src, None)
        if src not in self.generated:
            return html
        hits = scan(html)
        if not hits:
            return html
        self.unsafe[src] = hits
        return WITHHELD

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The feed link, and a generated page's structured data, before ``</head>``."""
        if self.settings is None or self.rendered is None:
            return output
        src = page.file.src_uri
        head = self.heads.get(src)
        if head is None:
            data = self.rendered.jsonld.get(src) if src in self.generated else None
            head = head_html(self.settings, src, data)
        return insert_head(output, head)

    # ------------------------------------------------------------------ serve

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        if self.settings is not None:
            server.watch(str(self.settings.content_dir))
        return server

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.preview.finish(config)
        if self.sitecache is not None:
            if not self.unsafe:
                self.sitecache.finish(config, config.nav)
            self.sitecache.close()
        if self.unsafe:
            self._report_unsafe()

    def on_build_error(self, *, error: Exception) -> None:
        if self.sitecache is not None:  # the site is not what a manifest would say
            self.sitecache.forget()
            self.sitecache.close()

    def _report_unsafe(self) -> None:
        assert self.settings is not None
        # Read the content again: a build has let its site go, and the preview's may
        # have dropped the files' text. This only happens when something is wrong.
        site = check(self.settings).site
        problems = unsafe_html_problems(self.settings, site, self.unsafe) if site else []
        report(problems, self.settings)
        if not self.serving:
            raise PluginError(f"explainer: {len(problems)} error(s): content would put script "
                              "on the pages; those pages were withheld")


def _dirty_warning_filter(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def report(problems: list[Problem], settings: Settings) -> None:
    """Every problem to MkDocs' log: errors abort the build, warnings fail --strict."""
    for problem in problems:
        line = problem.format()
        if problem.is_error:
            log.error(line)
        else:
            log.warning(line)


#: What a withheld page shows instead of its HTML.
WITHHELD = ('<div class="admonition failure"><p class="admonition-title">This page was '
            "withheld</p><p>Its content would have put script on the page. The build log "
            "names the file and field.</p></div>")


def error_notice(problems: list[Problem]) -> str:
    """An admonition listing content errors, put at the top of every page while serving."""
    if not problems:
        return ""
    lines = [f"    - {escape_text(p.format())}" for p in problems[:20]]
    more = [f"    - … and {len(problems) - 20} more"] if len(problems) > 20 else []
    return ('!!! failure "The content has errors: this preview shows the last good version"\n'
            "    Fix these and save; the preview updates by itself.\n\n"
            + "\n".join(lines + more) + "\n\n")

