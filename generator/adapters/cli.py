"""The ``explainer`` command: a thin adapter over the same pipeline as the plugin.

Only this module prints and chooses exit codes: 0 when there is no error,
1 when there are errors (or warnings under ``--strict``), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml

from ..core.config import Settings, SettingsError, make_settings
from ..core.diagnostics import Problem, Severity
from ..pipeline import check
from ..speed.cache import CACHE_DIR, DiskCache, NullCache

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    args_given = sys.argv[1:] if argv is None else list(argv)
    # ``check`` alone is parsed without importing the other commands (and the renderer):
    # it starts faster, and it is run the most.
    parser = _parser(with_others=args_given[:1] != ["check"])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"explainer: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser(*, with_others: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer",
        description="Check and build an explainer site from structured story records.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_cmd = commands.add_parser(
        "check", help="check the content and print every problem",
        description="Check every record and print every problem, compiler-style.")
    add_site_arguments(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    check_cmd.add_argument("--format", choices=("text", "github", "json"), default="text",
                           help="output format (default: text)")
    check_cmd.add_argument("--no-cache", action="store_true",
                           help=f"read every file again, without the {CACHE_DIR}/ of earlier "
                                "checks (and without updating it)")
    check_cmd.set_defaults(run=run_check)
    # Each further command lives in its own module and registers itself here.
    for register in _command_modules() if with_others else []:
        register(commands)
    return parser


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """``--content`` and ``--config-file``, shared by the commands that read a site."""
    parser.add_argument("--content", metavar="DIR",
                        help="content folder (default: content_dir from mkdocs.yml)")
    parser.add_argument("--config-file", "-f", metavar="FILE", default="mkdocs.yml",
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")


Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _command_modules() -> list[Registrar]:
    """The ``register`` functions of the command modules, in help order."""
    from . import diff
    from .commands import docs, export, init, new, schema  # imported here: they import this module

    return [docs.register, init.register, diff.register, new.register, export.register,
            schema.register]


# ---------------------------------------------------------------------- check


def run_check(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    cache = NullCache() if args.no_cache else DiskCache.for_project(settings)
    result = check(settings, cache=cache)
    print_problems(result.problems, settings, args.format, sys.stdout)
    errors = sum(p.is_error for p in result.problems)
    warnings = len(result.problems) - errors
    if args.format == "text":
        print(f"{result.records} records, {errors} error(s), {warnings} warning(s)",
              file=sys.stderr)
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


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


if __name__ == "__main__":  # pragma: no cover
    # Run the imported module's main: the command modules raise *its* UsageError, which
    # this copy of the module (__main__) would not recognise.
    from generator.adapters.cli import main as imported_main

    sys.exit(imported_main())
