"""``explainer schema [KIND]``: the JSON Schema of the content format.

Prints the schema of every record type (``$defs`` per type), or of one type,
to standard output. With ``--write DIR`` it writes ``schema.json`` and
``<kind>.json`` per type into DIR instead, for editors to point their YAML
language server at (``explainer new`` does, from ``schemas/``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...core.vocabulary import FOLDER_OF, FOLDERS, RecordKind
from ...outputs.schema import schema_files, schema_text
from ..console import EXIT_OK, UsageError


def record_kind(value: str) -> RecordKind:
    """``actor`` or its folder name ``actors``."""
    if value in FOLDER_OF:
        return value
    if value in FOLDERS:
        return FOLDERS[value]
    raise argparse.ArgumentTypeError(
        f"unknown record type '{value}' (choose from {', '.join(FOLDER_OF)})")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "schema", help="print the JSON Schema of the content format",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("kind", metavar="KIND", nargs="?", type=record_kind,
                        help=f"one record type: {', '.join(FOLDER_OF)} (default: all)")
    parser.add_argument("--write", metavar="DIR",
                        help="write schema.json and one <kind>.json per type into DIR")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.write is None:
        sys.stdout.write(schema_text(args.kind))
        return EXIT_OK
    if args.kind is not None:
        raise UsageError("--write writes every schema; leave out KIND")
    folder = Path(args.write)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = write_schemas(folder)
    print(f"{len(written)} schema file(s) written to {folder}", file=sys.stderr)
    return EXIT_OK


def write_schemas(folder: Path) -> list[str]:
    """Write the schema files that changed; the others keep their dates."""
    written = []
    for name, text in schema_files().items():
        path = folder / name
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(name)
    return written
