"""``explainer diff BASE``: what a change to the content does to the records and the site.

Both sides go through the same pipeline as a build (load, validate, link and,
when the content has no errors, render), with the settings of the working
tree: the diff shows what the *content* change does, not a change of settings
or of the generator. BASE is a content folder, or a git ref whose content
folder is read straight from git's object store into a temporary folder.

The result is a Markdown summary for a pull-request comment, or the same
information as JSON: records added, changed (with the fields that changed),
renamed and removed; glossary terms; problems in the new content; and the
generated pages whose output changes.

Exit codes: 0 when the new content has no error, 1 when it has errors (the
summary is written all the same), 2 on a usage error (no such ref or folder,
no git repository).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.config import Settings
from ..core.diagnostics import Problem
from ..core.load import RECORD_SUFFIXES, load_content
from ..core.markup import escape_text
from ..core.models import RecordId, shorten
from ..core.paths import page_url
from ..core.vocabulary import FOLDERS, RecordKind
from ..pipeline import check, render
from .console import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_site_arguments,
    display_path,
    settings_from_args,
)

#: How many records, glossary terms and pages a Markdown list shows before "… and N more".
MAX_LISTED = 50
#: How many problems the Markdown summary quotes.
MAX_PROBLEMS = 5
#: Old and new values of a field are shown when both are at most this long.
SHORT_VALUE = 40
#: List items shown as ``+added −removed`` when there are at most this many.
SHORT_LIST = 6
GIT_TIMEOUT = 60

_KIND_ORDER = {kind: i for i, kind in enumerate(FOLDERS.values())}
_CHANGE_ORDER = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
_MISSING: Any = object()


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff", help="summarise what changed in the content since BASE",
        description="Compare the content with BASE (a git ref such as origin/main or HEAD~1, "
                    "or a content folder): records added, changed and removed, problems in "
                    "the new content, and the generated pages whose output changes.")
    parser.add_argument("base", metavar="BASE",
                        help="a git ref (origin/main, HEAD~1, a commit) or a content folder")
    add_site_arguments(parser)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="output format (default: markdown, for a pull-request comment)")
    parser.add_argument("--preview-url", metavar="URL",
                        help="base URL of a preview of the new site: changed pages link to it")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the summary to FILE instead of standard output")
    parser.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with base_settings(args.base, settings) as (old_settings, base):
        old = read_side(old_settings)
    new = read_side(settings)
    diff = compare(old, new, base)
    if args.format == "json":
        text = json.dumps(to_json(diff, settings), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_markdown(diff, settings, args.preview_url)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
    print(_one_line(diff), file=sys.stderr)
    return EXIT_PROBLEMS if diff.errors else EXIT_OK


# ----------------------------------------------------------------- the sides


@dataclass(frozen=True)
class RecordState:
    """A record file on one side: its raw data (None when it does not load)."""

    kind: RecordKind
    id: str
    path: str
    name: str
    data: Mapping[str, Any] | None


@dataclass
class Side:
    records: dict[tuple[RecordKind, str], RecordState] = field(default_factory=dict)
    glossary: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: The generated files; None when the content has errors and is not rendered.
    files: dict[str, str] | None = None


def read_side(settings: Settings) -> Side:
    """Check (and, without errors, render) the content, keeping every record's raw data."""
    result = check(settings)
    site = result.site
    side = Side(problems=result.problems)
    if result.ok and site is not None:
        side.files = dict(render(site).files)
    loaded = load_content(settings)  # the raw data, also of records that are not valid
    for raw in loaded.records:
        data = dict(raw.doc.data) if isinstance(raw.doc.data, dict) else {}
        if raw.kind == "story":
            data["body"] = raw.body
        entry = site.entries.get(RecordId(raw.id)) if site else None
        name = site.name(raw.id) if site and entry and entry.model.kind == raw.kind \
            else _raw_name(data, raw.id)
        side.records[(raw.kind, raw.id)] = RecordState(raw.kind, raw.id, raw.doc.path,
                                                       name, data)
    for kind, record_id, path in _record_files(settings):
        side.records.setdefault((kind, record_id), RecordState(
            kind, record_id, settings.relative(path), record_id, None))
    if loaded.glossary is not None and isinstance(loaded.glossary.data, dict):
        side.glossary = dict(loaded.glossary.data)
    return side


def _raw_name(data: Mapping[str, Any], record_id: str) -> str:
    for key in ("name", "title", "text"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return shorten(value)
    return record_id


def _record_files(settings: Settings) -> Iterator[tuple[RecordKind, str, Path]]:
    """Every file that names a record, loaded or not (a file with bad YAML still counts)."""
    for folder, kind in FOLDERS.items():
        wanted = (".md",) if kind == "story" else RECORD_SUFFIXES
        top = settings.content_dir / folder
        for path in sorted(top.rglob("*")) if top.is_dir() else ():
            parts = path.relative_to(top).parts
            if path.suffix in wanted and path.is_file() and not any(
                    p.startswith(".") or p.lower().startswith("readme") for p in parts):
                yield kind, path.name[: -len(path.suffix)], path


# ------------------------------------------------------------------- the base


@contextmanager
def base_settings(base: str, settings: Settings) -> Iterator[tuple[Settings, dict[str, str]]]:
    """Settings whose content folder is BASE's: a folder as is, a git ref in a temp folder."""
    folder = Path(base)
    if folder.is_dir():
        yield dataclasses.replace(settings, content_dir=folder.resolve()), {"folder": base}
        return
    top, content = _repository(settings)
    commit = _resolve(top, base)
    with tempfile.TemporaryDirectory(prefix="explainer-diff-") as tmp:
        root = Path(tmp)
        _materialise(top, commit, content, root)
        yield (dataclasses.replace(settings, root=root, content_dir=root / content),
               {"ref": base, "commit": commit})


def _git(top: Path | None, *args: str, stdin: bytes | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    command = ["git", *(["-C", str(top)] if top else []), *args]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(command, input=stdin, capture_output=True, check=False,
                              timeout=GIT_TIMEOUT, cwd=cwd, env=env)
    except FileNotFoundError:
        raise UsageError("git is not installed; pass a content folder as BASE") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None


def _repository(settings: Settings) -> tuple[Path, str]:
    """The repository's top folder, and the content folder's path inside it."""
    start = settings.content_dir if settings.content_dir.is_dir() else settings.root
    proc = _git(None, "rev-parse", "--show-toplevel", cwd=start)
    if proc.returncode != 0:
        raise UsageError(f"BASE is not a folder, and {start} is not in a git repository")
    top = Path(proc.stdout.decode("utf-8", "replace").strip()).resolve()
    try:
        content = settings.content_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        raise UsageError(f"the content folder {settings.content_dir} is not inside the "
                         f"git repository {top}") from None
    return top, content


def _resolve(top: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise UsageError(f"'{ref}' is not a git ref or a folder")
    proc = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        raise UsageError(f"'{ref}' is neither a folder nor a commit in {top}")
    return proc.stdout.decode("ascii").strip()


def _materialise(top: Path, commit: str, content: str, root: Path) -> None:
    """Write the content folder as it is at ``commit`` under ``root`` (same relative path)."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", content)
    if listing.returncode != 0:
        raise UsageError(f"git ls-tree failed: {listing.stderr.decode('utf-8', 'replace')}")
    blobs: list[tuple[str, str, str]] = []  # mode, object, path
    for item in listing.stdout.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, obj = meta.decode("ascii").split()
        rel = path.decode("utf-8", "surrogateescape")
        if kind == "blob" and ".." not in PurePosixPath(rel).parts:  # no submodules
            blobs.append((mode, obj, rel))
    (root / content).mkdir(parents=True, exist_ok=True)
    if not blobs:  # the content folder did not exist then: everything is new
        return
    batch = _git(top, "cat-file", "--batch",
                 stdin="".join(f"{obj}\n" for _, obj, _ in blobs).encode("ascii"))
    if batch.returncode != 0:
        raise UsageError(f"git cat-file failed: {batch.stderr.decode('utf-8', 'replace')}")
    out, pos = batch.stdout, 0
    for mode, _obj, rel in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        data = out[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1
        target = root / rel
        if not target.parent.resolve().is_relative_to(root.resolve()):
            continue  # under a symbolic link that leads out of the folder
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: the loader checks where it points
            os.symlink(os.fsdecode(data), target)
        else:
            target.write_bytes(data)


# ------------------------------------------------------------------ comparing


@dataclass(frozen=True)
class FieldChange:
    """A top-level field whose value changed (``_MISSING`` on the side without it)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    change: str  # added, renamed, changed, removed
    kind: RecordKind
    id: str
    name: str
    path: str
    fields: tuple[FieldChange, ...] = ()
    renamed_from: str | None = None
    loads: bool = True
    #: Errors in this record's file on the new side.
    errors: int = 0


@dataclass(frozen=True)
class TermChange:
    change: str
    term: str


@dataclass
class Diff:
    base: dict[str, str]
    records: list[RecordChange]
    glossary: list[TermChange]
    problems: list[Problem]
    #: added, changed, removed page paths; None when a side could not be rendered.
    pages: dict[str, list[str]] | None
    pages_note: str = ""

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def count(self, change: str) -> int:
        return sum(r.change == change for r in self.records)


def compare(old: Side, new: Side, base: dict[str, str]) -> Diff:
    errors_in: dict[str, int] = {}
    for problem in new.problems:
        if problem.is_error:
            errors_in[problem.location.path] = errors_in.get(problem.location.path, 0) + 1
    added = [k for k in new.records if k not in old.records]
    removed = {k for k in old.records if k not in new.records}
    changes: list[RecordChange] = []

    def change(kind: str, before: RecordState | None, after: RecordState) -> RecordChange:
        return RecordChange(
            kind, after.kind, after.id, after.name, after.path,
            _field_changes(before.data if before else {}, after.data) if kind != "added" else (),
            before.id if kind == "renamed" and before else None,
            after.data is not None, errors_in.get(after.path, 0))

    for key in added:
        after = new.records[key]
        previous = _renamed_from(after, removed)
        if previous is not None:
            removed.discard(previous)
            changes.append(change("renamed", old.records[previous], after))
        else:
            changes.append(change("added", None, after))
    for key, after in new.records.items():
        before = old.records.get(key)
        if before is not None and (before.data != after.data or before.data is None):
            changes.append(change("changed", before, after))
    for key in removed:
        before = old.records[key]
        changes.append(RecordChange("removed", before.kind, before.id, before.name, before.path))
    changes.sort(key=lambda c: (_KIND_ORDER[c.kind], _CHANGE_ORDER[c.change], c.id))

    terms = [TermChange("added", t) for t in new.glossary if t not in old.glossary]
    terms += [TermChange("changed", t) for t in new.glossary
              if t in old.glossary and old.glossary[t] != new.glossary[t]]
    terms += [TermChange("removed", t) for t in old.glossary if t not in new.glossary]
    terms.sort(key=lambda t: (_CHANGE_ORDER[t.change], t.term.casefold(), t.term))

    pages: dict[str, list[str]] | None = None
    note = ""
    if new.files is None:
        note = "not compared: the new content has errors, so it is not rendered"
    elif old.files is None:
        note = "not compared: the base content has errors, so it is not rendered"
    else:
        pages = {"added": sorted(set(new.files) - set(old.files)),
                 "changed": sorted(p for p in new.files
                                   if p in old.files and old.files[p] != new.files[p]),
                 "removed": sorted(set(old.files) - set(new.files))}
    return Diff(base, changes, terms, list(new.problems), pages, note)


def _renamed_from(record: RecordState, removed: set[tuple[RecordKind, str]]
                  ) -> tuple[RecordKind, str] | None:
    formerly = (record.data or {}).get("formerly")
    for old_id in formerly if isinstance(formerly, list) else ():
        if isinstance(old_id, str) and (record.kind, old_id) in removed:
            return record.kind, old_id
    return None


def _field_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
                   ) -> tuple[FieldChange, ...]:
    """Top-level fields that differ, in the order of the new file, then removed ones."""
    if old is None or new is None:
        return ()
    names = [*new, *(k for k in old if k not in new)]
    return tuple(FieldChange(name, old.get(name, _MISSING), new.get(name, _MISSING))
                 for name in names if old.get(name, _MISSING) != new.get(name, _MISSING))


# ---------------------------------------------------------------------- JSON


def to_json(diff: Diff, settings: Settings) -> dict[str, Any]:
    """Everything, machine-readable: full lists, full scalar values, stable order."""
    return {
        "base": diff.base,
        "summary": {
            "records": {c: diff.count(c) for c in _CHANGE_ORDER},
            "glossary": {c: sum(t.change == c for t in diff.glossary)
                         for c in ("added", "changed", "removed")},
            "pages": {c: len(p) for c, p in diff.pages.items()} if diff.pages else None,
            "errors": diff.errors,
            "warnings": diff.warnings,
        },
        "records": [_record_json(r) for r in diff.records],
        "glossary": [{"change": t.change, "term": t.term} for t in diff.glossary],
        "pages": diff.pages,
        "pages_note": diff.pages_note or None,
        "problems": [{"path": display_path(p, settings), "line": p.location.line,
                      "col": p.location.col, "severity": str(p.severity), "code": p.code,
                      "message": p.text()} for p in diff.problems],
    }


def _record_json(record: RecordChange) -> dict[str, Any]:
    item: dict[str, Any] = {"change": record.change, "type": record.kind, "id": record.id,
                            "name": record.name, "path": record.path}
    if record.renamed_from:
        item["renamed_from"] = record.renamed_from
    if record.change in ("changed", "renamed"):
        item["fields"] = [_field_json(f) for f in record.fields]
    if not record.loads:
        item["loads"] = False
    if record.errors:
        item["errors"] = record.errors
    return item


def _field_json(change: FieldChange) -> dict[str, Any]:
    item: dict[str, Any] = {"field": change.field}
    old, new = change.old, change.new
    if _is_scalar(old) and _is_scalar(new):
        item["old"] = None if old is _MISSING else old
        item["new"] = None if new is _MISSING else new
    elif _is_scalar_list(old) and _is_scalar_list(new):
        gone, came = _list_delta(old, new)
        item["added"], item["removed"] = came, gone
    return item


def _is_scalar(value: Any) -> bool:
    return value is _MISSING or value is None or isinstance(value, str)


def _is_scalar_list(value: Any) -> bool:
    return value is _MISSING or value is None or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))


def _list_delta(old: Any, new: Any) -> tuple[list[str], list[str]]:
    before = list(old) if isinstance(old, list) else []
    after = list(new) if isinstance(new, list) else []
    return [v for v in before if v not in after], [v for v in after if v not in before]


# ------------------------------------------------------------------ Markdown

_KIND_TITLES = {kind: folder.capitalize() for folder, kind in FOLDERS.items()}


def to_markdown(diff: Diff, settings: Settings, preview_url: str | None = None) -> str:
    """The summary for a pull-request comment. Content text is escaped or in code spans."""
    lines = ["## Content changes", "", _overview(diff), ""]
    if diff.records:
        lines += ["### Records", ""]
        for kind in FOLDERS.values():
            items = [r for r in diff.records if r.kind == kind]
            if items:
                lines += [f"**{_KIND_TITLES[kind]}**", ""]
                lines += _bounded([_record_line(r) for r in items], "records")
                lines.append("")
    if diff.glossary:
        lines += ["### Glossary", ""]
        lines += _bounded([f"- {t.change} {_code(t.term)}" for t in diff.glossary], "terms")
        lines.append("")
    lines += ["### Pages whose output changes", ""]
    if diff.pages is None:
        lines += [f"Pages {diff.pages_note}.", ""]
    elif not any(diff.pages.values()):
        lines += ["None.", ""]
    else:
        base_url = _base_url(preview_url)
        pages = [f"- {change} {_page(path, settings, base_url if change != 'removed' else '')}"
                 for change in ("added", "changed", "removed") for path in diff.pages[change]]
        lines += [*_bounded(pages, "pages"), ""]
    if diff.problems:
        shown = diff.problems[:MAX_PROBLEMS]
        lines += ["### Problems in the new content", "",
                  f"{_problem_counts(diff)}"
                  + (f"; the first {len(shown)}:" if len(shown) < len(diff.problems) else ":"),
                  ""]
        text = "\n".join(p.format(display_path(p, settings)) for p in shown)
        fence = "`" * max(3, _longest_run(text, "`") + 1)
        lines += [f"{fence}text", text, fence, ""]
    lines.append("_Both sides are rendered with this version's generator and settings._")
    return "\n".join(lines) + "\n"


def _overview(diff: Diff) -> str:
    if "ref" in diff.base:
        where = f"Compared with {_code(diff.base['ref'])} at {_code(diff.base['commit'][:12])}."
    else:
        where = f"Compared with the content in {_code(diff.base['folder'])}."
    counts = [f"{diff.count(c)} {c}" for c in _CHANGE_ORDER if diff.count(c)]
    records = ", ".join(counts) or "none changed"
    if diff.pages is None:
        pages = "not compared"
    else:
        total = sum(len(p) for p in diff.pages.values())
        pages = f"{total} {'changes' if total == 1 else 'change'}" if total else "none change"
    problems = _problem_counts(diff) if diff.problems else "none"
    return f"{where} **Records:** {records}. **Pages:** {pages}. **Problems:** {problems}."


def _problem_counts(diff: Diff) -> str:
    return f"{_plural(diff.errors, 'error')} and {_plural(diff.warnings, 'warning')}"


def _record_line(record: RecordChange) -> str:
    line = f"- {record.change} **{_escape(record.name)}** ({_code(record.id)})"
    if record.renamed_from:
        line += f", formerly {_code(record.renamed_from)}"
    details = [_field_text(f) for f in record.fields]
    if not record.loads:
        details = ["does not load"]
    if details:
        line += ": " + "; ".join(details)
    if record.errors:
        line += f" — {_plural(record.errors, 'error')}"
    return line


def _field_text(change: FieldChange) -> str:
    name, old, new = _code(change.field), change.old, change.new
    if _is_scalar(old) and _is_scalar(new):
        shown = [_short(v) for v in (old, new)]
        if all(v is not None for v in shown):
            return f"{name}: {shown[0]} → {shown[1]}"
    elif _is_scalar_list(old) and _is_scalar_list(new):
        gone, came = _list_delta(old, new)
        if (gone or came) and len(gone) + len(came) <= SHORT_LIST \
                and all(len(v) <= SHORT_VALUE for v in (*gone, *came)):
            return f"{name}: " + ", ".join([*(f"+{_code(v)}" for v in came),
                                            *(f"−{_code(v)}" for v in gone)])
    return name


def _short(value: Any) -> str | None:
    """A scalar as shown in ``old → new``, or None when it is too long."""
    if value is _MISSING or value is None:
        return "_none_"
    text = " ".join(str(value).split())
    return _code(text) if len(text) <= SHORT_VALUE and "\n" not in str(value).strip() else None


def _bounded(items: Sequence[str], what: str) -> list[str]:
    if len(items) <= MAX_LISTED:
        return list(items)
    return [*items[:MAX_LISTED], f"- … and {len(items) - MAX_LISTED} more {what}"]


def _base_url(url: str | None) -> str:
    if not url:
        return ""
    return url if url.endswith("/") else url + "/"


def _page(path: str, settings: Settings, base_url: str) -> str:
    if not base_url:
        return _code(path)
    return f"[{_code(path)}]({base_url}{page_url(path, settings.directory_urls)})"


def _escape(text: str) -> str:
    """Plain text for Markdown: no markup, no HTML, no autolinked mentions or issues."""
    return escape_text(text).replace("@", "@\u2060")


def _code(text: str) -> str:
    """A code span that holds ``text`` whatever backticks it contains."""
    text = " ".join(str(text).split())
    fence = "`" * (_longest_run(text, "`") + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _longest_run(text: str, char: str) -> int:
    return max((len(m) for m in re.findall(f"{re.escape(char)}+", text)), default=0)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _one_line(diff: Diff) -> str:
    counts = ", ".join(f"{diff.count(c)} {c}" for c in _CHANGE_ORDER)
    pages = sum(len(p) for p in diff.pages.values()) if diff.pages is not None else None
    return (f"records: {counts}; pages changed: {'not compared' if pages is None else pages}; "
            f"{_problem_counts(diff)} in the new content")

