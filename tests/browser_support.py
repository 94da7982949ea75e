"""Shared pieces of the browser tests: Debian's Chromium, a loopback server, a site build."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_browser() -> None:
    """Skip without Chromium locally; in CI (CI set) a missing browser is a failure."""
    missing = not Path(CHROMIUM).exists() or shutil.which("chromium") is None
    if missing and os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    if missing:
        pytest.skip(f"{CHROMIUM} is not installed")


def copy_default_project(target: Path) -> Path:
    for name in ("content", "docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_site(project: Path, site: Path, **env: str) -> Path:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                    "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    return site


class _Handler(http.server.SimpleHTTPRequestHandler):
    #: URL prefix → 404 page to answer with for missing files under it (like a host would).
    not_found_pages: ClassVar[dict[str, Path]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = next((p for prefix, p in self.not_found_pages.items()
                     if self.path.startswith(prefix)), None)
        if code != 404 or page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(directory: Path, not_found: dict[str, Path] | None = None,
          port: int = 0) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port by default); yields the base URL."""
    handler_class = type("Handler", (_Handler,), {"not_found_pages": not_found or {}})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
