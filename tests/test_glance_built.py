"""Every built page of the default site and of a fixture site, read as a reader would:
no link, heading or page title cuts a claim short with "…", and no sentence
names the White House or the National Security Council without its article."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL, write_files
from test_build import article, copy_default_project, minimal_mkdocs_yml, mkdocs_build
from test_glance import WORDY

pytestmark = pytest.mark.slow

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)  # the network drawings name actors as labels
SLIPS = ("for White House", "for National Security Council", "of White House",
         "of National Security Council", ".).")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def reader_problems(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        if "md-content__inner" not in raw:
            continue  # redirect pages
        body = _SVG.sub("", article(raw))
        names = [_text(m) for m in [*_TITLE.findall(raw), *_H1.findall(body),
                                    *_LINK.findall(body)]]
        where = page.relative_to(site).as_posix()
        found += [f"{where}: cut: {n!r}" for n in names if n.endswith("…")]  # < LONG_CLAIM
        text = _text(body)
        found += [f"{where}: {slip!r}" for slip in SLIPS if slip in text]
    return found


def test_default_site_reads_whole(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path)
    # No claim of these sites is a sentence of LONG_CLAIM characters or more without a
    # clause boundary, so no title may end with "…" at all.
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert reader_problems(build.site) == []


def test_fixture_site_reads_whole(tmp_path: Path) -> None:
    write_files(tmp_path / "content", MINIMAL)
    write_files(tmp_path / "content", WORDY)
    write_files(tmp_path, {"mkdocs.yml": minimal_mkdocs_yml(), "docs/notes.md": textwrap.dedent(
        """\
        # Notes

        Kirby said so ([[long-one]]), speaking for [[white-house]].
        """)})
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    problems = reader_problems(build.site)
    # The page written by hand says "for White House" itself: the check finds it.
    assert problems == ["notes/index.html: 'for White House'"]
