"""SECURITY.md stays true: every test it cites exists, and every defence it names is there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECURITY = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
TESTS = sorted(set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)", SECURITY)))
#: `generator/x.py` `name`, `Class.method` or `NAME` in the defence column.
DEFENCES = sorted({(path, name) for path, names in re.findall(
    r"`((?:generator|overrides)/[\w/.]+)` ((?:`[\w.]+`(?:, | and | \(|\)|; )*)+)", SECURITY)
    for name in re.findall(r"`([\w.]+)`", names)})


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}


def test_the_table_cites_many_tests_and_defences() -> None:
    assert len(TESTS) > 60
    assert len(DEFENCES) > 20


@pytest.mark.parametrize(("path", "name"), TESTS, ids=[f"{p}::{n}" for p, n in TESTS])
def test_cited_test_exists(path: str, name: str) -> None:
    assert name in _functions(ROOT / path), f"{path}::{name} is cited in SECURITY.md"


@pytest.mark.parametrize(("path", "name"), DEFENCES, ids=[f"{p}:{n}" for p, n in DEFENCES])
def test_named_defence_exists(path: str, name: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    for part in name.split("."):
        assert re.search(rf"\b{re.escape(part)}\b", text), f"{name} in {path}"
