"""`mkdocs serve` of a small project on a free loopback port, for the live-preview tests.

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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINIMAL, write_files

MKDOCS_YML = """\
site_name: Serve test
docs_dir: docs
plugins:
  - search
  - explainer:
      as_of: 2023-09-05
"""


@dataclass
class Served:
    base: str
    content: Path
    log: Path
    server: subprocess.Popen[bytes]
    deadline: float

    def get(self, path: str) -> str:
        """The page's text, or "" while the server cannot answer."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Poll until ``condition`` holds; fail if the server dies or the deadline passes."""
        end = time.monotonic() + self.deadline
        while time.monotonic() < end:
            assert self.server.poll() is None, f"the server died:\n{self.log_tail()}"
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"gave up waiting for {what}; server log:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_minimal(folder: Path, deadline: float = 60.0, *, dirty: bool = False
                  ) -> Iterator[Served]:
    """The MINIMAL content served by `mkdocs serve` (``--dirty``), once its first build is up."""
    write_files(folder / "content", MINIMAL)
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    port = _free_port()
    log = folder / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []),
             "-a", f"127.0.0.1:{port}", "-f", str(folder / "mkdocs.yml")],
            stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    served = Served(f"http://127.0.0.1:{port}/", folder / "content", log, server, deadline)
    try:
        served.wait_for(lambda: "Alice Example" in served.get("actors/alice/"), "the first build")
        yield served
    finally:
        server.terminate()
        server.wait(timeout=20)
