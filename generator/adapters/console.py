"""What the ``explainer`` commands share: exit codes, usage errors, the site's
settings from the arguments and ``mkdocs.yml``, and problems printed for people,
GitHub annotations or JSON.

Only the command-line adapters print and choose exit codes: 0 when there is no
error, 1 when there are errors (or warnings under ``--strict``), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml

from ..core.config import Settings, SettingsError, make_settings
from ..core.diagnostics import Problem, Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """``--content`` and ``--config-file``, shared by the commands that read a site."""
    parser.add_argument("--content", metavar="DIR",
                        help="content folder (default: content_dir from mkdocs.yml)")
    parser.add_argument("--config-file", "-f", metavar="FILE", default="mkdocs.yml",
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    config_file = Path(args.config_file)
    options: dict[str, Any] = {}
    root = Path.cwd()
    if config_file.is_file():
        root = config_file.resolve().parent
        options = dict(plugin_options(read_mkdocs_yml(config_file)))
    elif args.config_file != "mkdocs.yml" or not args.content:
        raise UsageError(f"no {config_file} here; pass --content DIR or --config-file FILE")
    if args.content:
        options["content_dir"] = str(Path(args.content).resolve())
    try:
        return make_settings(root, options)
    except SettingsError as exc:
        raise UsageError(f"{config_file}: {exc}") from None


class _PermissiveLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name, …)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, OTHER, default]``: the first variable set."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if not isinstance(node, yaml.SequenceNode):
        return None
    items = loader.construct_sequence(node)
    for name in items[:-1] if len(items) > 1 else items:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return items[-1] if len(items) > 1 else None


_PermissiveLoader.add_constructor("!ENV", _env_tag)
_PermissiveLoader.add_multi_constructor("!", _ignore_tag)
_PermissiveLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_mkdocs_yml(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path} is not a mapping")
    return data


def plugin_options(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """The explainer plugin's options from a parsed mkdocs.yml (list or mapping form)."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins)
    site = {"site_name": config.get("site_name"),
            "site_description": config.get("site_description") or "",
            "use_directory_urls": config.get("use_directory_urls", True),
            "site_url": config.get("site_url") or ""}
    for name, options in items:
        if name == "explainer":
            return {**site, **dict(options or {})}
    return site


# --------------------------------------------------------------------- output


def print_problems(problems: Sequence[Problem], settings: Settings, fmt: str,
                   out: TextIO) -> None:
    if fmt == "json":
        json.dump([_as_json(p, settings) for p in problems], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    for problem in problems:
        path = display_path(problem, settings)
        out.write((_github(problem, path) if fmt == "github" else problem.format(path)) + "\n")


def display_path(problem: Problem, settings: Settings) -> str:
    """The problem's file relative to the working directory, as the spec asks."""
    absolute = settings.root / problem.location.path
    try:
        return Path(os.path.relpath(absolute)).as_posix()
    except ValueError:  # another drive on Windows
        return absolute.as_posix()


def _github(problem: Problem, path: str) -> str:
    level = "error" if problem.severity is Severity.ERROR else "warning"
    loc = problem.location
    text = problem.text().replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={path},line={loc.line},col={loc.col},title={problem.code}::{text}"


def _as_json(problem: Problem, settings: Settings) -> dict[str, Any]:
    loc = problem.location
    return {"path": display_path(problem, settings), "line": loc.line, "col": loc.col,
            "severity": str(problem.severity), "code": problem.code,
            "message": problem.message, "value": problem.value, "hint": problem.hint}
