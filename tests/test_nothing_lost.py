"""Nothing lost: no command changes or deletes a file in content/ (``new`` only adds one).

Every command of the CLI, and a real ``mkdocs build``, runs against a project
whose content folder is read-only (``chmod -R a-w``, put back afterwards). Tests
run as root in CI, where file modes do not stop anything, so each run is also
checked against a snapshot of every file and folder: bytes, mode and
modification time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from generator.speed.cache import CACHE_DIR

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
Snapshot = dict[str, tuple[str, int, int, str]]


def snapshot(folder: Path) -> Snapshot:
    """Every entry under ``folder``: kind, mode, mtime and content (hash or link target)."""
    found: Snapshot = {}
    for path in sorted([folder, *folder.rglob("*")]):
        info = path.lstat()
        rel = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(info.st_mode):
            found[rel] = ("link", info.st_mode, info.st_mtime_ns, os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            found[rel] = ("dir", info.st_mode, info.st_mtime_ns, "")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[rel] = ("file", info.st_mode, info.st_mtime_ns, digest)
    return found


def _chmod_tree(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else
                   mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture
def read_only_project(tmp_path: Path) -> Iterator[Path]:
    """The default project, its content folder read-only until the test ends."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    _chmod_tree(project / "content", writable=False)
    try:
        yield project
    finally:
        _chmod_tree(project / "content", writable=True)


def _run(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "generator.adapters.cli", *argv], cwd=project,
                          capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_no_command_changes_the_content(read_only_project: Path, tmp_path: Path) -> None:
    project = read_only_project
    content = project / "content"
    other = tmp_path / "other-content"
    shutil.copytree(ROOT / "content", other)
    before, project_before = snapshot(content), snapshot(project)
    out = tmp_path / "out"
    runs = [
        (["check"], 0), (["check", "--strict"], 0), (["check", "--format", "json"], 0),
        (["check", "--format", "github", "--strict"], 0),
        (["check", "--content", "content"], 0),
        (["docs", str(out / "docs-tree")], 0),
        (["docs", str(out / "docs-tree")], 0),  # again, over its own earlier tree
        (["export", str(out / "open-data")], 0),
        (["export", str(out / "open-data")], 0),
        (["init", str(out / "new-project")], 0),
        (["schema"], 0), (["schema", "event"], 0), (["schema", "--write", str(out / "schemas")], 0),
        (["diff", str(other)], 0), (["diff", "content"], 0),
        (["diff", str(other), "--format", "json", "-o", str(out / "diff.json")], 0),
        (["docs", "content"], 2),  # refused: it would replace the content
        (["docs", "."], 2),  # refused: it would replace the project
        (["export", "content"], 2),  # refused: not an earlier export
        (["new", "actor", "kim-jong-un"], 1),  # refused: the id is taken
    ]
    for argv, code in runs:
        proc = _run(project, *argv)
        assert proc.returncode == code, (argv, proc.stdout[-2000:], proc.stderr[-2000:])
        assert snapshot(content) == before, argv
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                            "-d", str(out / "site")], cwd=project, capture_output=True,
                           text=True, env=ENV, timeout=300, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    assert (out / "site/actors/kim-jong-un/index.html").is_file()
    assert snapshot(content) == before
    # Nor anything else in the project, but for the check's cache (ignored by git).
    assert (project / CACHE_DIR / ".gitignore").is_file()
    assert _apart_from_the_cache(snapshot(project)) == _apart_from_the_cache(project_before)


def _apart_from_the_cache(found: Snapshot) -> Snapshot:
    """Every entry but the check cache's, and the project folder's time (the cache's
    folder changes it)."""
    return {rel: info for rel, info in found.items()
            if rel != "." and rel.split("/", 1)[0] != CACHE_DIR}


def test_new_only_adds_its_one_file(read_only_project: Path) -> None:
    """``new`` adds one file (as root, past the read-only mode) or fails cleanly; nothing else."""
    content = read_only_project / "content"
    before = snapshot(content)
    proc = _run(read_only_project, "new", "actor", "brand-new-person")
    after = snapshot(content)
    if proc.returncode == 0:  # root: modes do not stop it
        added = set(after) - set(before)
        assert added == {"actors/brand-new-person.yml"}
        assert set(before) - set(after) == set()
        changed = {rel for rel in before if before[rel] != after[rel]}
        assert changed <= {"actors"}  # the folder's mtime: it has a new entry
    else:
        assert proc.returncode == 1, proc.stderr
        assert "cannot write content/actors/brand-new-person.yml" in proc.stderr
        assert "nothing was written" in proc.stderr
        assert after == before


def test_snapshot_sees_every_kind_of_change(tmp_path: Path) -> None:
    """The snapshot notices changed bytes, modes, times, additions and removals."""
    (tmp_path / "a.yml").write_text("a")
    (tmp_path / "b.yml").write_text("b")
    first = snapshot(tmp_path)
    (tmp_path / "a.yml").write_text("A")
    assert snapshot(tmp_path) != first
    second = snapshot(tmp_path)
    (tmp_path / "b.yml").chmod(0o600)
    assert snapshot(tmp_path) != second
    third = snapshot(tmp_path)
    os.utime(tmp_path / "b.yml", ns=(0, 0))
    assert snapshot(tmp_path) != third
    fourth = snapshot(tmp_path)
    (tmp_path / "b.yml").unlink()
    assert snapshot(tmp_path) != fourth
