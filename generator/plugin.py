"""The MkDocs adapter: runs the pipeline and hands its pages to MkDocs.

Thin on purpose. It turns plugin options into :class:`Settings`, adds the
generated pages as in-memory files, routes problems to MkDocs' logger (errors
abort the build; warnings fail ``--strict``), and watches the content folder
during ``mkdocs serve``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .config import Settings, SettingsError, make_settings
from .diagnostics import Problem
from .link import Site
from .markup import escape_text
from .pipeline import build
from .publish import head_html, insert_head
from .render import SCRIPT, STYLESHEET, Rendered, glossary_footer, unknown_mentions
from .render import Page as PageContext

log = get_plugin_logger(__name__)

#: Markdown extensions the generated pages use; all ship with Python-Markdown.
MARKDOWN_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                       "toc")


class ExplainerConfig(base.Config):
    content_dir = c.Type(str, default="content")
    as_of = c.Optional(c.Type((str, dt.date)))
    require_sources = c.Type(bool, default=True)
    allow_html = c.Type(bool, default=False)
    relation_types = c.Type(dict, default={})


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        #: Errors of the latest build while serving: shown on every page over the last good ones.
        self.notice: list[Problem] = []
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.rendered: Rendered | None = None
        self.generated: set[str] = set()

    # ---------------------------------------------------------------- startup

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the
        # rebuilds of `mkdocs serve`, and with it the last good pages.
        self.serving = command == "serve"

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
        for name in MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        result = build(self.settings)
        report(result.problems, self.settings)
        if result.ok and result.rendered is not None:
            self.site, self.rendered, self.notice = result.site, result.rendered, []
        elif self.serving and self.rendered is not None:
            # A broken edit while previewing: keep serving the last good pages, with a notice.
            self.notice = [p for p in result.problems if p.is_error]
            log.error("explainer: the content has errors; still serving the last good pages")
        else:
            errors = sum(p.is_error for p in result.problems)
            raise PluginError(f"explainer: {errors} error(s) in the content; nothing was built")
        assert self.rendered is not None
        self.generated = set()
        for path, content in self.rendered.files.items():
            if files.get_file_from_path(path) is not None:
                log.info("%s is written by hand in docs; it replaces the generated page", path)
                continue
            inclusion = (InclusionLevel.NOT_IN_NAV if path in self.rendered.record_pages
                         else InclusionLevel.UNDEFINED)
            # Static files as bytes: MkDocs would write a string in text mode.
            data: str | bytes = content if path.endswith(".md") else content.encode("utf-8")
            files.append(File.generated(config, path, content=data, inclusion=inclusion))
            self.generated.add(path)
        if config.nav is None:
            config.nav = self._nav(files)
        return files

    def _nav(self, files: Files) -> list[dict[str, str]]:
        """The hub pages, then any page written by hand: never the record pages."""
        assert self.rendered is not None
        nav = [{hub.title: hub.path} for hub in self.rendered.hubs]
        written = sorted(f.src_uri for f in files.documentation_pages()
                         if f.src_uri not in self.generated and not f.inclusion.is_not_in_nav())
        return nav + [{_title_of(path): path} for path in written]

    # ------------------------------------------------------------ written pages

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Pages written by hand get ``[[id]]`` links and glossary tooltips too."""
        markdown = error_notice(self.notice) + markdown
        self._describe(page)
        if self.site is None or page.file.src_uri in self.generated:
            return markdown
        for target in unknown_mentions(self.site, markdown):
            log.warning("%s: unknown id '%s' in [[%s]]", page.file.src_uri, target, target)
        context = PageContext(self.site, page.file.src_uri)
        return context.resolve_mentions(markdown) + glossary_footer(self.site, markdown)

    def _describe(self, page: Page) -> None:
        """A generated page's description, for its meta and Open Graph tags."""
        if self.rendered is None or page.file.src_uri not in self.generated:
            return
        description = self.rendered.descriptions.get(page.file.src_uri)
        if description and "description" not in page.meta:
            # Themes print meta.description as it is: give them HTML-safe text.
            page.meta["description"] = Markup(escape(description))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The feed link, and a generated page's structured data, before ``</head>``."""
        if self.settings is None or self.rendered is None:
            return output
        src = page.file.src_uri
        data = self.rendered.jsonld.get(src) if src in self.generated else None
        return insert_head(output, head_html(self.settings, src, data))

    # ------------------------------------------------------------------ serve

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        if self.settings is not None:
            server.watch(str(self.settings.content_dir))
        return server


def report(problems: list[Problem], settings: Settings) -> None:
    """Every problem to MkDocs' log: errors abort the build, warnings fail --strict."""
    for problem in problems:
        line = problem.format()
        if problem.is_error:
            log.error(line)
        else:
            log.warning(line)


def error_notice(problems: list[Problem]) -> str:
    """An admonition listing content errors, put at the top of every page while serving."""
    if not problems:
        return ""
    lines = [f"    - {escape_text(p.format())}" for p in problems[:20]]
    more = [f"    - … and {len(problems) - 20} more"] if len(problems) > 20 else []
    return ('!!! failure "The content has errors: this preview shows the last good version"\n'
            "    Fix these and save; the preview updates by itself.\n\n"
            + "\n".join(lines + more) + "\n\n")


def _title_of(path: str) -> str:
    stem = Path(path).stem
    return "Home" if stem == "index" else stem.replace("-", " ").replace("_", " ").capitalize()
