"""``explainer init DIR``: a new project that builds at once.

It writes ``mkdocs.yml``, a small content skeleton with one record of each
type, a home story, a glossary, a hand-written page, the page templates
(``overrides/``: Open Graph tags, the 404 page), the editors' JSON Schemas
(``schemas/``), a ``requirements.txt`` naming this very ``explainer``, a
``Makefile`` and a README that says how to set it all up. It never touches a
folder that already has files in it.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ...outputs.schema import schema_files
from ..console import EXIT_OK, EXIT_USAGE

#: Skeleton files renamed on the way out (a dotfile would be lost by packaging).
RENAMES = {"gitignore.txt": ".gitignore"}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "init", help="create a new explainer project that builds at once",
        description="Create a new project: mkdocs.yml, a content skeleton and a README.")
    parser.add_argument("directory", metavar="DIR", help="the new project's folder")
    parser.add_argument("--name", default="", help="the site's name (default: the folder name)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"explainer: {target} already exists and is not empty; nothing was written",
              file=sys.stderr)
        return EXIT_USAGE
    name = args.name or target.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    written = write_skeleton(target, name)
    print(f"created {target} ({len(written)} files). Next: cd {target} && make serve "
          "(see its README.md)", file=sys.stderr)
    return EXIT_OK


def write_skeleton(target: Path, site_name: str) -> list[Path]:
    skeleton = resources.files("generator.adapters").joinpath("skeleton")
    written: list[Path] = []
    for source, rel in _walk(skeleton, ""):
        path = target / RENAMES.get(rel, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if rel == "mkdocs.yml":
            text = text.replace("{site_name}", json.dumps(site_name, ensure_ascii=False))
        elif rel == "README.md":
            text = text.replace("{site_name}", site_name)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for name, text in sorted(schema_files().items()):
        path = target / "schemas" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    requirements = target / "requirements.txt"
    requirements.write_text(
        "# What the site needs: the explainer generator it was made with (and with it\n"
        "# MkDocs and Material for MkDocs).\n" + explainer_requirement() + "\n",
        encoding="utf-8")
    written.append(requirements)
    return written


def explainer_requirement() -> str:
    """This ``explainer``, as pip can install it again: from the folder or repository it
    was installed from, else by its version."""
    try:
        dist = metadata.distribution("explainer")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "explainer"
    origin = dist.read_text("direct_url.json")
    if origin:
        try:
            info = json.loads(origin)
        except ValueError:
            info = {}
        url = info.get("url")
        vcs = info.get("vcs_info")
        if isinstance(url, str) and isinstance(vcs, dict) and vcs.get("commit_id"):
            return f"explainer @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        if isinstance(url, str) and "dir_info" in info:
            return f"explainer @ {url}"
    return f"explainer=={dist.version}"


def _walk(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    found: list[tuple[Traversable, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _walk(entry, rel + "/")
        else:
            found.append((entry, rel))
    return found
