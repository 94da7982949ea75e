"""Nothing half-written: ``explainer docs`` and ``explainer export`` swap a finished folder in.

Both commands hand the whole tree to ``generator.outputs.output.write_tree``, which
writes it beside OUT and renames it into place. Content with errors writes
nothing (``tests/test_tools.py`` and ``tests/test_export.py`` show OUT is left
as it was); here a crash at any point of the writing, or of the swap itself,
leaves the previous OUT byte for byte, with no staging folder left behind. And
OUT is replaced whole, so neither command accepts a folder it did not write.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from conftest import write_files

from generator.adapters.cli import main
from generator.adapters.commands import docs as docs_command
from generator.adapters.commands import export as export_command
from generator.outputs import output
from generator.outputs.output import write_tree


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _args(out: Path) -> argparse.Namespace:
    return argparse.Namespace(out=str(out), content=None, config_file="mkdocs.yml")


def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.fixture
def project(default_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(default_project)
    return default_project


COMMANDS = {"docs": docs_command.run, "export": export_command.run}


def _change_a_name(project: Path) -> None:
    actor = project / "content/actors/sergei-shoigu.yml"
    text = actor.read_text(encoding="utf-8")
    assert text.startswith("name: Sergei Shoigu\n")
    actor.write_text(text.replace("Sergei Shoigu", "Sergei K. Shoigu", 1), encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("crash_at", ["first-file", "third-file", "before-the-swap"])
def test_a_crash_while_writing_leaves_the_old_folder(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     command: str, crash_at: str) -> None:
    """Interrupted at the first file, a later one, or with every file written: OUT is as before."""
    out = tmp_path / "out"
    assert main([command, str(out)]) == 0
    before = listing(out)
    _change_a_name(project)
    calls = {"n": 0}
    real_write = Path.write_bytes

    def interrupted(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == {"first-file": 1, "third-file": 3}[crash_at]:
            raise KeyboardInterrupt  # Ctrl-C, or the CI job cancelled
        return real_write(self, data)

    def swap_interrupted(staging: Path, target: Path) -> None:
        assert listing(staging) != before  # the new tree is complete beside the old one
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        if crash_at == "before-the-swap":
            patch.setattr(output, "_swap", swap_interrupted)
        else:
            patch.setattr(Path, "write_bytes", interrupted)
        with pytest.raises(KeyboardInterrupt):
            COMMANDS[command](_args(out))
    assert listing(out) == before
    assert _leftovers(tmp_path, "out") == []
    assert main([command, str(out)]) == 0  # and the next run goes through
    assert listing(out) != before


def test_a_crash_during_the_swap_puts_the_old_folder_back(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.md": "old", "b/c.md": "old"})
    real_rename = Path.rename

    def failing(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.startswith(".out.") and not self.name.startswith(".out.old-"):
            raise OSError("rename failed")  # staging → out: the step after out was moved away
        return real_rename(self, target)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "rename", failing)
        with pytest.raises(OSError, match="rename failed"):
            write_tree(out, {"a.md": "new"})
    assert listing(out) == {"a.md": b"old", "b/c.md": b"old"}
    assert _leftovers(tmp_path, "out") == []


def test_docs_with_content_errors_writes_nothing(project: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["docs", str(out)]) == 0
    before = listing(out)
    write_files(project / "content", {"actors/bob.yml": "name: Bob\nkind: persn\nsummary: S\n"})
    capsys.readouterr()
    assert main(["docs", str(out)]) == 1
    assert "content/actors/bob.yml:2:7: error:" in capsys.readouterr().err
    assert listing(out) == before
    assert _leftovers(tmp_path, "out") == []


@pytest.mark.parametrize("target", [".", "content", "content/new-folder", "docs", "..",
                                    "notes", "afile"])
def test_docs_refuses_a_folder_it_would_destroy(project: Path, target: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The project, its content, its pages, a folder of someone's files, a file: refused."""
    write_files(project / "notes", {"diary.txt": "mine\n"})
    (project / "afile").write_text("x", encoding="utf-8")
    parent = project.parent
    before = {path: listing(path) for path in (project, parent)}
    assert main(["docs", target]) == 2
    err = capsys.readouterr().err
    assert "would replace or hold" in err or "not empty" in err or "is a file" in err, err
    assert {path: listing(path) for path in (project, parent)} == before
    assert not (project / "content/new-folder").exists()


def test_docs_accepts_new_empty_and_earlier_folders(project: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["docs", str(tmp_path / "empty")]) == 0
    assert main(["docs", str(tmp_path / "empty")]) == 0  # its own earlier tree
    assert main(["docs", str(tmp_path / "new/deeper")]) == 0
