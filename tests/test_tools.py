"""`explainer docs` and `explainer init`, and the safe tree writer under them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, run_make

from generator.adapters.cli import main
from generator.outputs.output import UnsafePath, write_tree

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build(engine: str, config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(config),
                           "-d", str(site)], capture_output=True, text=True, env=ENV,
                          check=False)


# ---------------------------------------------------------------- write_tree


def test_write_tree_writes_keeps_and_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_tree(out, {"a.md": "A", "sub/b.md": "B", "gone.md": "x"})
    assert sorted(first.written) == ["a.md", "gone.md", "sub/b.md"]
    inode = (out / "a.md").stat().st_ino
    second = write_tree(out, {"a.md": "A", "sub/b.md": "B2"})
    assert second.unchanged == ["a.md"]
    assert second.written == ["sub/b.md"]
    assert second.removed == ["gone.md"]
    assert (out / "a.md").stat().st_ino == inode  # carried over, not rewritten
    assert (out / "sub/b.md").read_text() == "B2"
    assert not (out / "gone.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left behind


def test_write_tree_refuses_paths_that_leave_the_folder(tmp_path: Path) -> None:
    write_tree(tmp_path / "out", {"keep.md": "old"})
    for bad in ("../escape.md", "/etc/passwd", "a/../../escape.md"):
        with pytest.raises(UnsafePath):
            write_tree(tmp_path / "out", {bad: "x"})
    assert (tmp_path / "out/keep.md").read_text() == "old"
    assert not (tmp_path / "escape.md").exists()


# ---------------------------------------------------------------- explainer docs


@pytest.mark.slow
def test_docs_tree_builds_with_mkdocs_and_properdocs(
        default_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tree"
    monkeypatch.chdir(default_project)
    assert main(["docs", str(out)]) == 0
    assert (out / "docs/actors/sergei-shoigu.md").is_file()
    assert (out / "docs/about.md").is_file()  # the hand-written page comes along
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "plugins" not in config
    assert "- Timeline: timeline/index.md" in config
    for engine in ("mkdocs", "properdocs"):
        site = tmp_path / f"site-{engine}"
        result = _build(engine, out / "mkdocs.yml", site)
        assert result.returncode == 0, result.stdout + result.stderr
        check_built_tree(site)


def test_docs_rewrites_only_changed_files(
        default_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tree"
    monkeypatch.chdir(default_project)
    assert main(["docs", str(out)]) == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    actor = default_project / "content/actors/sergei-shoigu.yml"
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "name: Sergei Shoigu", "name: Sergei K. Shoigu"), encoding="utf-8")
    assert main(["docs", str(out)]) == 0
    touched = {p for p, (stamp, _) in before.items() if p.stat().st_mtime_ns != stamp}
    differs = {p for p, (_, data) in before.items() if p.read_bytes() != data}
    assert touched == differs  # a file is rewritten exactly when its content changed
    assert out / "docs/actors/sergei-shoigu.md" in differs
    assert out / "docs/events/shoigu-visit-to-pyongyang.md" in differs  # it names him
    assert out / "docs/places/washington-dc.md" not in differs


def test_docs_leaves_the_old_tree_when_content_breaks(
        default_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tree"
    monkeypatch.chdir(default_project)
    assert main(["docs", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (default_project / "content/actors/sergei-shoigu.yml").write_text("name: [\n")
    assert main(["docs", str(out)]) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# ---------------------------------------------------------------- explainer init


@pytest.mark.slow
def test_init_creates_a_project_that_builds_strict(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "my-story"
    assert main(["init", str(project), "--name", "My story: \"quoted\""]) == 0
    assert (project / ".gitignore").is_file()
    monkeypatch.chdir(project)
    assert main(["check", "--strict"]) == 0
    result = _build("mkdocs", project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "What is happening" in home
    assert "My story: &#34;quoted&#34;" in home or "My story: &quot;quoted&quot;" in home


def test_init_never_touches_a_folder_with_files(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine")
    assert main(["init", str(tmp_path / "busy")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_init_skeleton_is_the_minimal_shape(tmp_path: Path) -> None:
    """The skeleton has one record of each type, like the test fixture."""
    main(["init", str(tmp_path / "p")])
    folders = {p.parent.name for p in (tmp_path / "p/content").rglob("*.yml")}
    assert {"actors", "events", "claims", "sources", "places"} <= folders
    assert {Path(k).parts[0] for k in MINIMAL if "/" in k} <= folders | {"stories"}


def test_init_writes_a_project_a_newcomer_can_set_up(tmp_path: Path) -> None:
    """README, Makefile and requirements.txt say how to set it up; schemas/ for editors'
    language servers; overrides/ with the 404 page (issue 15)."""
    from packaging.requirements import Requirement

    from generator.outputs.schema import schema_files

    project = tmp_path / "p"
    assert main(["init", str(project)]) == 0
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme
    assert ".venv/bin/pip install -r requirements.txt" in readme
    assert "python3 -m venv .venv" in readme
    # requirements.txt names this explainer, as pip can install it again
    lines = [line for line in (project / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    (requirement,) = [Requirement(line) for line in lines]
    assert requirement.name == "explainer"
    if requirement.url and requirement.url.startswith("file://"):
        assert (Path(requirement.url.removeprefix("file://")) / "pyproject.toml").is_file()
    # the Makefile sets up .venv from it, silences Material's notice, and serves
    dry = run_make(["-n", "serve"], project).splitlines()
    assert dry == ["python3 -m venv .venv", ".venv/bin/pip install --quiet -r requirements.txt",
                   "touch .venv/.installed", ".venv/bin/mkdocs serve --dirty"]
    assert "export NO_MKDOCS_2_WARNING := 1" in (project / "Makefile").read_text()
    # schemas for the records' yaml-language-server lines
    assert {p.name: p.read_text(encoding="utf-8") for p in (project / "schemas").iterdir()} \
        == schema_files()
    for record in (project / "content").rglob("*.yml"):
        if record.name != "glossary.yml":
            first = record.read_text(encoding="utf-8").split("\n", 1)[0]
            schema = first.removeprefix("# yaml-language-server: $schema=")
            assert (record.parent / schema).resolve().is_file(), record
    assert (project / "overrides/404.html").is_file()
    assert "custom_dir: overrides" in (project / "mkdocs.yml").read_text()


@pytest.mark.slow
def test_init_project_has_its_404_page(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert main(["init", str(project)]) == 0
    result = _build("mkdocs", project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Page not found" in (project / "site/404.html").read_text(encoding="utf-8")


# ------------------------------------------- explainer docs under every engine (issue 15)


def check_built_tree(site: Path) -> None:
    """A built ``explainer docs`` tree: record pages out of the nav, every page's feed
    link in its head, each record page's JSON-LD as the plugin makes it, and no link to
    a file that is not there."""
    from test_golden import default_options

    from generator.core.config import make_settings
    from generator.pipeline import build

    page = (site / "actors/sergei-shoigu/index.html").read_text(encoding="utf-8")
    assert "Minister of Defence" in page
    nav = page.split('class="md-nav', 1)[-1].split("</nav>", 1)[0]
    assert "actors/kim-jong-un/" not in nav  # record pages stay out of the nav
    rendered = build(make_settings(ROOT, default_options())).rendered
    assert rendered is not None
    for path, html in _html_pages(site):
        head = html.split("</head>", 1)[0]
        assert 'rel="alternate" type="application/atom+xml"' in head, path
    for md_path, data in rendered.jsonld.items():
        stem = md_path.removesuffix(".md")
        built = site / (f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html")
        html = built.read_text(encoding="utf-8")
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert [json.loads(text) for text in found] == [data], md_path
    assert broken_links(site) == []


def _html_pages(site: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))
            if "<head" in p.read_text(encoding="utf-8")[:2000]
            and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v]


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, link) for every link within the site to a file that does not exist."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = urllib.parse.unquote(parts.path)
            target = (site / path.lstrip("/")) if path.startswith("/") else page.parent / path
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(page.relative_to(site)), link))
    return broken


ZENSICAL = "zensical==0.0.73"


@pytest.fixture(scope="session")
def zensical(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zensical 0.0.73 in a venv of its own, made once and kept in pytest's cache
    (it needs MkDocs' and Material's rivals out of the project's venv). With the
    cache plugin off (`-p no:cacheprovider`) the venv lives for this run only."""
    cache = getattr(pytestconfig, "cache", None)
    venv = (cache.mkdir("zensical-0.0.73") if cache is not None
            else tmp_path_factory.mktemp("zensical-0.0.73"))
    program = venv / "bin" / "zensical"
    if not program.is_file():
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                              text=True, check=False)
        installed = made.returncode == 0 and subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", ZENSICAL], capture_output=True,
            text=True, timeout=600, check=False).returncode == 0
        if not installed or not program.is_file():
            pytest.skip(f"{ZENSICAL} could not be installed from the package index here")
    return program


@pytest.mark.slow
def test_docs_tree_builds_with_zensical(default_project: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, zensical: Path) -> None:
    out = tmp_path / "tree"
    monkeypatch.chdir(default_project)
    assert main(["docs", str(out)]) == 0
    result = subprocess.run([str(zensical), "build", "--strict", "-f", str(out / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=out, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    check_built_tree(out / "site")


def test_docs_tree_svg_links_are_engine_neutral(default_project: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tree"
    monkeypatch.chdir(default_project)
    assert main(["docs", str(out)]) == 0
    page = (out / "docs/actors/adrienne-watson.md").read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in svg
    assert re.search(r'<a [^>]*xlink:href="\.\./national-security-council/"', svg)
    assert not re.search(r"<a [^>]*\shref=", svg)
    assert (out / "overrides/main.html").is_file()
