"""The generated files (:class:`Rendered`), and writing a tree of them safely.

A run writes a complete new tree beside the old one and swaps it in, so a
failure halfway leaves the previous output untouched. Files whose content did
not change are carried over as they were (hard link or copy with metadata), so
their modification times stay and incremental builds can skip them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class HubPage:
    title: str
    path: str


@dataclass
class Rendered:
    """The generated files, and which of them are hub pages for the sidebar.

    ``jsonld`` (schema.org structured data) and ``descriptions`` (plain text) are
    per page path, for the page's ``<head>``: see ``publish.py``.
    """

    files: dict[str, str] = field(default_factory=dict)
    hubs: list[HubPage] = field(default_factory=list)
    record_pages: set[str] = field(default_factory=set)
    jsonld: dict[str, dict[str, Any]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class UnsafePath(ValueError):
    """A generated path that would land outside the output folder."""


def write_tree(out: Path, files: Mapping[str, str | bytes]) -> WriteReport:
    """Make ``out`` hold exactly ``files`` (relative POSIX paths → content)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel in sorted(files):
            target = _inside(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[rel]
            data = content.encode("utf-8") if isinstance(content, str) else content
            old = out / rel
            if old.is_file() and not old.is_symlink() and old.read_bytes() == data:
                _carry_over(old, target)
                report.unchanged.append(rel)
            else:
                target.write_bytes(data)
                report.written.append(rel)
        if out.is_dir():
            report.removed = sorted(
                p.relative_to(out).as_posix() for p in out.rglob("*")
                if p.is_file() and p.relative_to(out).as_posix() not in files)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _inside(root: Path, rel: str) -> Path:
    """``root / rel``, refusing absolute paths and '..' that would leave root."""
    candidate = (root / rel).resolve()
    if Path(rel).is_absolute() or not candidate.is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write outside the output folder: {rel}")
    return candidate


def _carry_over(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _swap(staging: Path, out: Path) -> None:
    """Put the staged tree in place of ``out`` with two renames."""
    if not out.exists():
        staging.rename(out)
        return
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
