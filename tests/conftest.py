"""Shared fixtures: small content projects written into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.core.config import Settings, make_settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "content"
AS_OF = "2023-09-05"

# A minimal valid story: one of each record type, all references resolved.
MINIMAL: dict[str, str] = {
    "actors/alice.yml": """\
        name: Alice Example
        kind: person
        summary: A spokesperson for [[acme]].
        country: freedonia
        positions:
          - title: Spokesperson
            of: acme
            date: 2020/..
        relations:
          - type: spokesperson-for
            to: acme
            sources: [report-one]
        """,
    "actors/acme.yml": """\
        name: Acme Ministry
        kind: government-body
        summary: A ministry.
        """,
    "actors/freedonia.yml": """\
        name: Freedonia
        kind: state
        summary: A state.
        """,
    "events/summit.yml": """\
        title: The summit
        date: 2023-07-25/2023-07-27
        summary: Leaders met in [[capital]].
        place: capital
        participants:
          - actor: alice
            role: host
        sources: [report-one]
        """,
    "claims/alice-says.yml": """\
        speaker: alice
        on_behalf_of: acme
        date: 2023-07-28
        text: The summit went well.
        about: [summit]
        sources: [report-one]
        """,
    "sources/report-one.yml": """\
        title: Report one
        kind: news
        date: 2023-07-28
        """,
    "places/capital.yml": """\
        name: Capital City
        kind: city
        country: freedonia
        coordinates: [10.5, 20.25]
        """,
    "stories/overview.md": """\
        ---
        title: What happened
        home: true
        ---
        [[alice]] spoke after [[summit|the summit]].
        """,
    "glossary.yml": """\
        ACME: A ministry of Freedonia.
        """,
}

ContentFactory = Callable[..., Settings]


def run_make(args: list[str], cwd: Path) -> str:
    """``make ARGS`` in CWD as a shell would run it, not as a sub-make.

    Under ``make test`` the environment carries MAKELEVEL and MAKEFLAGS (so make
    prints "Entering directory") and NO_MKDOCS_2_WARNING (so a Makefile that
    forgot to set it would still look right); both are dropped.
    """
    inherited = {"MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "NO_MKDOCS_2_WARNING"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    done = subprocess.run(["make", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def write_files(folder: Path, files: Mapping[str, str | bytes | None]) -> None:
    """Write files (dedented); a None value deletes that file."""
    for rel, text in files.items():
        path = folder / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def make_content(tmp_path: Path) -> ContentFactory:
    """``make_content({path: text}, base=MINIMAL, **options)`` → Settings for a project in tmp.

    ``base`` files are written first (None to start empty); ``files`` are
    layered on top, and a None value removes a base file. Paths in
    diagnostics are relative to the project root, e.g. ``content/actors/x.yml``.
    """
    def factory(files: Mapping[str, str | bytes | None] | None = None, *,
                base: Mapping[str, str] | None = MINIMAL, **options: object) -> Settings:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        write_files(content, dict(base or {}))
        write_files(content, dict(files or {}))
        return make_settings(tmp_path, {"as_of": AS_OF, **options})
    return factory


@pytest.fixture
def default_project(tmp_path: Path) -> Path:
    """A copy of the repository's site (mkdocs.yml, content/, docs/, overrides/) in tmp."""
    for name in ("content", "docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module."""
    from browser_support import launch, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized browser context (own storage), closed after the test."""
    from browser_support import DESKTOP

    ctx = browser.new_context(viewport=DESKTOP)
    yield ctx
    ctx.close()
