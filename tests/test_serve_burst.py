"""`mkdocs serve` under a burst of saves settles on the last one.

An editor (or a script) saves one record 50 times in 5 seconds: valid edits,
broken ones, a file cut short, an empty file, and finally a valid edit with a
marker. The server must stay up, and the page must end on the marker with no
error notice: never stuck on an intermediate version, never on an error.

Waits poll with a deadline; nothing here measures speed.
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
site_name: Burst test
docs_dir: docs
plugins:
  - explainer:
      as_of: 2023-09-05
"""
DEADLINE = 90.0
NOTICE = "The content has errors"


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


def _wait_for(condition: Callable[[], bool], what: str, log: Path,
              server: subprocess.Popen[bytes]) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        assert server.poll() is None, f"the server died:\n{log.read_text()[-3000:]}"
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}; server log:\n{log.read_text()[-3000:]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path, subprocess.Popen[bytes]]]:
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
        _wait_for(lambda: "Alice Example" in _get(base + "actors/alice/"), "the first build",
                  log, server)
        yield base, tmp_path / "content", log, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_burst_of_saves_settles_on_the_last_one(
        served: tuple[str, Path, Path, subprocess.Popen[bytes]]) -> None:
    base, content, log, server = served
    page = base + "actors/alice/"
    record = content / "actors/alice.yml"
    original = record.read_text(encoding="utf-8")
    marker = "Final-edit-marker-7f3a"
    broken = [original.replace("kind: person", "kind: persn"),  # a bad value
              original[: len(original) // 2],  # cut short mid-save
              "",  # truncated to nothing
              original + "name: twice\n",  # a duplicate key
              "name: [\n"]  # not YAML
    start = time.monotonic()
    for i in range(49):
        text = (broken[(i // 2) % len(broken)] if i % 2 else
                original.replace("A spokesperson for", f"Edit {i} of"))
        record.write_text(text, encoding="utf-8")
        time.sleep(max(0.0, start + (i + 1) * 0.1 - time.monotonic()))  # 50 saves in ~5 s
    record.write_text(original.replace("A spokesperson for", f"{marker}, spokesperson for"),
                      encoding="utf-8")

    def settled() -> bool:
        html = _get(page)
        return marker in html and NOTICE not in html

    _wait_for(settled, "the last edit, without an error notice", log, server)
    # It stays there: no rebuild of an earlier save lands after it.
    end = time.monotonic() + 5
    while time.monotonic() < end:
        assert server.poll() is None
        html = _get(page)
        assert marker in html, "a stale page replaced the last edit"
        assert NOTICE not in html
        time.sleep(0.25)
    assert "Traceback" not in log.read_text()
