"""``explainer export OUT``: the open data files, without building the site.

OUT receives what the site publishes under ``data/``: every record as JSON and
CSV, the relations as an edge list, the JSON Schema of the content format and
the page that documents them (``index.md``). The folder is written whole
beside the old one and swapped in, so a failed run leaves OUT as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...outputs.export import DATA_DIR, INDEX_FILE
from ...outputs.output import write_tree
from ...pages.render import render_data
from ...pipeline import check
from ..console import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_site_arguments,
    print_problems,
    settings_from_args,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="write the open data (JSON, CSV, JSON Schema) to a folder",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("out", metavar="OUT", help="output folder (replaced as a whole)")
    add_site_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_target(out)
    settings = settings_from_args(args)
    result = check(settings)
    print_problems(result.problems, settings, "text", sys.stderr)
    if not result.ok or result.site is None:
        errors = sum(p.is_error for p in result.problems)
        print(f"explainer: {errors} error(s) in the content; {out} was left as it was",
              file=sys.stderr)
        return EXIT_PROBLEMS
    prefix = f"{DATA_DIR}/"
    files: dict[str, str | bytes] = {path[len(prefix):]: text
                                     for path, text in render_data(result.site).items()}
    report = write_tree(out, files)
    print(f"{len(files)} file(s) in {out}: {len(report.written)} written, "
          f"{len(report.unchanged)} unchanged, {len(report.removed)} removed", file=sys.stderr)
    return EXIT_OK


def check_target(out: Path) -> None:
    """OUT is replaced whole, so it must be new, empty or an earlier export."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / INDEX_FILE).is_file():
        raise UsageError(f"{out} is not empty and holds no earlier export ({INDEX_FILE}); "
                         "export replaces the whole folder, so choose a new or empty one")
