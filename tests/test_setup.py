"""The project's own set-up: the README's two commands (issue 15).

``make serve`` installs only what serving needs (it was the whole test
toolchain, a 468 MB venv, just to preview); ``make test`` adds the test tools;
both silence Material for MkDocs' end-of-life notice; CI runs ``make test``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_make


def dry_run(tmp_path: Path, target: str) -> list[str]:
    """What ``make TARGET`` would run in a fresh checkout (no .venv yet)."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return run_make(["-n", target], tmp_path).splitlines()


def test_make_serve_installs_only_what_serving_needs(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, "serve")
    installs = [line for line in lines if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [".venv/bin/pip install --quiet -e ."]
    assert lines[-1] == ".venv/bin/mkdocs serve --dirty"


def test_make_test_adds_the_test_tools(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, "test")
    assert ".venv/bin/pip install --quiet -e '.[test]'" in lines
    assert lines[-1] == ".venv/bin/pytest"


def test_the_end_of_life_notice_is_silenced(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "Makefile").write_text((ROOT / "Makefile").read_text()
                                       + "\nshow-env:\n\t@echo \"$$NO_MKDOCS_2_WARNING\"\n")
    assert run_make(["-s", "show-env"], tmp_path).strip() == "1"


def test_ci_and_readme_use_the_two_commands() -> None:
    assert "\nmake test\n" in (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make serve   #" in readme
    assert "make test    #" in readme
