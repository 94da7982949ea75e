"""``explainer docs OUT``: the generated Markdown tree, buildable without the plugin.

OUT receives ``docs/`` (every generated page and asset, plus the pages written
by hand, with their ``[[id]]`` links and glossary tooltips resolved), an
``overrides/main.html`` that puts the Atom feed's link in every page's head, and a
``mkdocs.yml`` holding the nav and the Markdown extensions the pages need. Any
MkDocs-compatible engine builds it: ``mkdocs build -f OUT/mkdocs.yml``,
``properdocs build -f OUT/mkdocs.yml`` or ``zensical build -f OUT/mkdocs.yml``.
This is the engine-neutral path.

Each record page carries its schema.org JSON-LD at its end, as the plugin puts
it in the head (both are valid HTML, and read alike). Links inside the pages'
SVG (the actors' networks) are ``xlink:href``: engines differ on ``href`` in raw
HTML (MkDocs leaves it as written, zensical reads it as relative to the
Markdown file), and leave ``xlink:href`` alone, which browsers follow in SVG.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from ...core.config import Settings
from ...core.link import Site
from ...outputs.output import Rendered, write_tree
from ...outputs.publish import FEED_PATH, jsonld_script
from ...pages.engine import markdown_extensions, nav
from ...pages.render import SCRIPT, STYLESHEET, WrittenPageLinks
from ...pipeline import build
from ..console import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_site_arguments,
    print_problems,
    read_mkdocs_yml,
    settings_from_args,
)

VALIDATION = {name: "warn" for name in
              ("omitted_files", "absolute_links", "unrecognized_links", "anchors", "not_found")}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "docs", help="write the generated Markdown tree and a mkdocs.yml to build it",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("out", metavar="OUT", help="output folder")
    add_site_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    check_target(Path(args.out), [settings.content_dir,
                                  _written_docs_dir(args, _source_config(args))])
    result = build(settings)
    print_problems(result.problems, settings, "text", sys.stderr)
    if not result.ok or result.site is None or result.rendered is None:
        print("explainer: content has errors; the output folder was left as it was",
              file=sys.stderr)
        return EXIT_PROBLEMS
    config = _source_config(args)
    files = docs_tree(result.site, result.rendered, _written_docs_dir(args, config))
    files["mkdocs.yml"] = engine_config(settings, result.rendered, config, files)
    report = write_tree(Path(args.out), files)
    print(f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged, "
          f"{len(report.removed)} removed in {args.out}", file=sys.stderr)
    return EXIT_OK


#: The first line of the mkdocs.yml this command writes: OUT holds an earlier tree.
HEADER = "# Written by `explainer docs`"


def check_target(out: Path, sources: list[Path | None]) -> None:
    """OUT is replaced whole: it must be new, empty or an earlier tree, apart from the sources.

    So a slip of the keyboard (``explainer docs .``, ``explainer docs content``)
    cannot replace the project, the content or the pages written by hand.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder")
    target = out.resolve()
    for source in sources:
        if source is not None and (target.is_relative_to(source.resolve())
                                   or source.resolve().is_relative_to(target)):
            raise UsageError(f"{out} would replace or hold {source}; choose a folder apart "
                             "from the project's sources")
    config = out / "mkdocs.yml"
    earlier = config.is_file() and config.read_text(encoding="utf-8",
                                                   errors="replace").startswith(HEADER)
    if out.is_dir() and any(out.iterdir()) and not earlier:
        raise UsageError(f"{out} is not empty and holds no earlier `explainer docs` tree; "
                         "docs replaces the whole folder, so choose a new or empty one")


def _source_config(args: argparse.Namespace) -> dict[str, Any]:
    path = Path(args.config_file)
    return dict(read_mkdocs_yml(path)) if path.is_file() else {}


def _written_docs_dir(args: argparse.Namespace, config: dict[str, Any]) -> Path | None:
    """The project's hand-written pages (docs_dir), if there is such a folder."""
    root = Path(args.config_file).resolve().parent
    folder = root / str(config.get("docs_dir") or "docs")
    return folder if folder.is_dir() else None


def docs_tree(site: Site, rendered: Rendered, written: Path | None) -> dict[str, str | bytes]:
    """Every file of the site's docs folder, keyed by its path inside ``docs/``."""
    files: dict[str, str | bytes] = {
        f"docs/{path}": _engine_neutral(text, rendered.jsonld.get(path))
        for path, text in rendered.files.items()}
    files[OVERRIDE] = _feed_override(site.settings)
    links = WrittenPageLinks.of(site)
    for path in sorted(written.rglob("*")) if written else []:
        rel = path.relative_to(written).as_posix() if written else ""
        if not path.is_file() or any(part.startswith(".") for part in Path(rel).parts):
            continue
        if f"docs/{rel}" in files:
            # Hand-written wins, as in MkDocs.
            files[f"docs/{rel}"] = _hand_written(links, rel, path)
        elif path.suffix == ".md":
            files[f"docs/{rel}"] = _hand_written(links, rel, path)
        else:
            files[f"docs/{rel}"] = path.read_bytes()
    return files


#: The theme override the tree brings: the feed's link in the head of every page.
OVERRIDE = "overrides/main.html"
_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)
_SVG_LINK = re.compile(r"(<a\b[^>]*?)\shref=")
_XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def _engine_neutral(text: str | bytes, jsonld: dict[str, Any] | None) -> str | bytes:
    """A generated page as every engine reads it alike (see the module's notes)."""
    if isinstance(text, bytes) or ("<svg" not in text and jsonld is None):
        return text
    if "<svg" in text:
        text = _SVG.sub(_xlinked, text)
    if jsonld is not None:
        text = text.rstrip("\n") + "\n\n" + jsonld_script(jsonld) + "\n"
    return text


def _xlinked(match: re.Match[str]) -> str:
    svg = _SVG_LINK.sub(r"\1 xlink:href=", match.group())
    if _XLINK not in svg:
        svg = svg.replace("<svg", f"<svg {_XLINK}", 1)
    return svg


def _feed_override(settings: Settings) -> str:
    title = f"{settings.site_name}: events" if settings.site_name else "Events"
    return ('{#- Written by `explainer docs`: the Atom feed of events, in every page\'s head. -#}\n'
            '{% extends "base.html" %}\n'
            "{% block extrahead %}\n"
            "  {{ super() }}\n"
            f'  <link rel="alternate" type="application/atom+xml" title="{_attr(title)}" '
            f'href="{{{{ \'{FEED_PATH}\' | url }}}}">\n'
            "{% endblock %}\n")


def _attr(text: str) -> str:
    """Text for an HTML attribute in a Jinja template: escaped, and no template syntax."""
    from html import escape

    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _hand_written(links: WrittenPageLinks, rel: str, path: Path) -> str | bytes:
    if path.suffix != ".md":
        return path.read_bytes()
    text = path.read_text(encoding="utf-8")
    return links.resolve(text, rel)


def engine_config(settings: Settings, rendered: Rendered, source: dict[str, Any],
                  files: dict[str, str | bytes]) -> str:
    """A mkdocs.yml for the tree: hubs and hand-written pages in the nav, no plugin."""
    written = [path[len("docs/"):] for path in files
               if path.startswith("docs/") and path.endswith(".md")]
    config: dict[str, Any] = {
        "site_name": settings.site_name or "Explainer",
        "docs_dir": "docs",
        # Material: the theme every engine builds (zensical has no other), from overrides/.
        "theme": {"name": "material", "custom_dir": "overrides", "font": False,
                  "features": ["navigation.indexes", "content.tooltips"]},
        "nav": nav(rendered, written),
        # Record pages stay out of the nav: one pattern per folder keeps this short.
        "not_in_nav": "\n".join(sorted({f"/{posixpath.dirname(p)}/*.md"
                                         for p in rendered.record_pages})) + "\n",
        "markdown_extensions": markdown_extensions(),
        "extra_css": [STYLESHEET],
        "extra_javascript": [SCRIPT],
        "validation": VALIDATION,
    }
    if settings.site_description:
        config["site_description"] = settings.site_description
    if settings.site_url:
        config["site_url"] = settings.site_url
    if not settings.directory_urls:
        config["use_directory_urls"] = False
    header = (f"{HEADER}: the generated tree, buildable by any\n"
              "# MkDocs-compatible engine (mkdocs, properdocs, zensical) without the explainer "
              "plugin.\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
