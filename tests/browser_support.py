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
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


DESKTOP = {"width": 1280, "height": 900}


def require_browser() -> None:
    """Skip without Chromium locally; in CI (CI set) a missing browser is a failure."""
    missing = not Path(CHROMIUM).exists() or shutil.which("chromium") is None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing and os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} or playwright is missing in CI: "
                    ".ci/run must install Debian's chromium and the test extras")
    if missing:
        pytest.skip(f"{CHROMIUM} or playwright is not installed")


def launch(pw: Any) -> Any:
    """Debian's Chromium, never a downloaded browser."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def watch(page: Any) -> list[str]:
    """Console errors, uncaught exceptions, failed requests and dialogs of a page, as they come.

    Dialogs are dismissed (an alert() from content would be an injection).
    """
    problems: list[str] = []

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            problems.append(f"{page.url}: console: {msg.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            problems.append(f"{page.url}: HTTP {response.status} for {response.url}")

    def on_failed(request: Any) -> None:
        # net::ERR_ABORTED: a request cut short by leaving the page (favicon, search worker)
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"{page.url}: request failed: {request.url} ({request.failure})")

    def on_dialog(dialog: Any) -> None:
        problems.append(f"{page.url}: dialog: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: page error: {exc}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("dialog", on_dialog)
    return problems


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
def build_and_serve(project: Path, site: Path | None = None) -> Iterator[str]:
    """Build ``project`` strictly for the loopback address it is then served at.

    The server is bound first so that the build's SITE_URL is that address: the
    404 page and canonical links, which are absolute, then work.
    """
    site = site or project / "site"
    site.mkdir(parents=True, exist_ok=True)
    with serve(site) as url:
        build_site(project, site, SITE_URL=url)
        yield url


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
