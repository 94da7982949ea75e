"""``explainer new KIND ID``: a new record file with its required fields.

Writes ``content/<folder>/<ID>.yml`` (``stories/<ID>.md`` for a story) with
every required field left empty and a short comment on each, starting with a
line that points the editor at the type's JSON Schema (``schemas/<kind>.json``).
It never overwrites a file and refuses an id that is taken.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from ...core.config import Settings
from ...core.load import RECORD_SUFFIXES, id_problem, load_content
from ...core.vocabulary import FOLDER_OF, FOLDERS, RecordKind
from ..console import EXIT_OK, EXIT_PROBLEMS, UsageError, add_site_arguments, settings_from_args
from ..scaffold import scaffold
from .schema import record_kind

#: Where ``explainer schema --write`` puts the schemas, relative to the project root.
SCHEMA_DIR = "schemas"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "new", help="write a new record file with its required fields",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("kind", metavar="KIND", type=record_kind,
                        help=f"record type: {', '.join(FOLDER_OF)}")
    parser.add_argument("id", metavar="ID", help="the new record's id, e.g. sergei-shoigu")
    add_site_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kind: RecordKind = args.kind
    settings = settings_from_args(args)
    target = record_path(settings, kind, args.id)
    check_id(args.id, settings.relative(target))
    if not settings.content_dir.is_dir():
        raise UsageError(f"content folder '{settings.relative(settings.content_dir)}' "
                         "does not exist")
    taken = id_taken(settings, args.id)
    if taken:
        print(f"explainer: {taken}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    schema = settings.root / SCHEMA_DIR / f"{kind}.json"
    schema_ref = Path(os.path.relpath(schema, target.parent)).as_posix()
    text = scaffold(kind, args.id, settings, schema_ref)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrites
            try:
                handle.write(text)
            except BaseException:
                target.unlink()  # ours, and half-written: no trace of this run
                raise
    except FileExistsError:
        print(f"explainer: {settings.relative(target)} already exists; nothing was written",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"explainer: cannot write {settings.relative(target)} "
              f"({exc.strerror or exc}); nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(settings.relative(target))
    if not schema.is_file():
        print(f"explainer: {settings.relative(schema)} does not exist yet; "
              f"`explainer schema --write {SCHEMA_DIR}` writes it for your editor",
              file=sys.stderr)
    return EXIT_OK


def record_path(settings: Settings, kind: RecordKind, record_id: str) -> Path:
    suffix = ".md" if kind == "story" else RECORD_SUFFIXES[0]
    return settings.content_dir / FOLDER_OF[kind] / f"{record_id}{suffix}"


def check_id(record_id: str, rel: str) -> None:
    """The loader's rule for ids, with its message."""
    problem = id_problem(record_id, rel)
    if problem is not None:
        suggestion = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")[:80].strip("-")
        hint = f"; try '{suggestion}'" if suggestion and suggestion != record_id else ""
        raise UsageError(problem.message + hint)


def id_taken(settings: Settings, record_id: str) -> str | None:
    """Why the id cannot be used: a file with that id, or a record's former id."""
    for folder in FOLDERS:
        for path in sorted((settings.content_dir / folder).rglob(f"{record_id}.*")):
            if path.suffix in (*RECORD_SUFFIXES, ".md") and path.stem == record_id:
                return f"the id '{record_id}' is taken by {settings.relative(path)}"
    for raw in load_content(settings).records:
        data = raw.doc.data if isinstance(raw.doc.data, dict) else {}
        formerly = data.get("formerly")
        if isinstance(formerly, list) and record_id in formerly:
            return (f"'{record_id}' is a former id of '{raw.id}' ({raw.doc.path}), kept as a "
                    "redirect")
    return None
