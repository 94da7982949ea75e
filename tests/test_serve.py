"""`mkdocs serve` on a free loopback port: edit, break and fix a record.

Waits poll with a deadline (the server rebuilds in the background); nothing
here measures speed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL, write_files

pytestmark = pytest.mark.slow

MKDOCS_YML = """\
site_name: Serve test
docs_dir: docs
plugins:
  - explainer:
      as_of: 2023-09-05
"""
DEADLINE = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}; server log:\n{log.read_text()[-3000:]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    write_files(tmp_path / "content", MINIMAL)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
             "-f", str(tmp_path / "mkdocs.yml")],
            stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: "Alice Example" in _get(base + "actors/alice/"), "the first build", log)
        yield base, tmp_path / "content", log
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_edit_break_and_fix_a_record(served: tuple[str, Path, Path]) -> None:
    base, content, log = served
    page = base + "actors/alice/"
    record = content / "actors/alice.yml"
    original = record.read_text(encoding="utf-8")

    # 1. An edit shows up in the served page.
    record.write_text(original.replace("A spokesperson for", "The voice of"), encoding="utf-8")
    _wait_for(lambda: "The voice of" in _get(page), "the edited summary", log)

    # 2. A broken edit: the notice shows, the last good page stays, the terminal says where.
    record.write_text(original.replace("kind: person", "kind: persn"), encoding="utf-8")
    _wait_for(lambda: "The content has errors" in _get(page), "the error notice", log)
    html = _get(page)
    assert "The voice of" in html  # the last good version
    assert "content/actors/alice.yml:2:7: error:" in html
    assert "content/actors/alice.yml:2:7: error:" in log.read_text()

    # 3. Fixing it recovers without a restart.
    record.write_text(original.replace("A spokesperson for", "Spokesperson of"), encoding="utf-8")
    _wait_for(lambda: "Spokesperson of" in _get(page), "the fixed page", log)
    assert "The content has errors" not in _get(page)


def test_a_new_record_appears_without_a_restart(served: tuple[str, Path, Path]) -> None:
    base, content, log = served
    write_files(content, {"actors/bob.yml": """\
        name: Bob Example
        kind: person
        summary: Another person.
        """})
    _wait_for(lambda: "Bob Example" in _get(base + "actors/bob/"), "the new page", log)
    assert "Bob Example" in _get(base + "actors/")
