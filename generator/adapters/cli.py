"""The ``explainer`` command: a thin adapter over the same pipeline as the plugin.

This module parses the command line and runs ``check``; every other command is a
module of ``commands/`` (and ``diff``) that registers itself here. What they all
share (exit codes, settings from ``mkdocs.yml``, printing problems) is ``console``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from ..pipeline import check
from ..speed.cache import CACHE_DIR, DiskCache, NullCache
from .console import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_site_arguments,
    print_problems,
    settings_from_args,
)


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


Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _command_modules() -> list[Registrar]:
    """The ``register`` functions of the command modules, in help order."""
    from . import diff
    from .commands import docs, export, init, new, schema

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
