"""Dirty preview builds (``mkdocs serve --dirty``) give a clean build's site.

The plugin tells MkDocs which generated pages an edit changed, so that a dirty
build rewrites only those. These tests run the serve-mode builds in this
process, as ``mkdocs serve --dirty`` does, edit the content between them, and
compare the site folder with a clean ``mkdocs build`` of the same content, file
by file: every page, the search index, the removal of deleted pages.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.adapters.plugin import ExplainerPlugin

EPOCH = "1693872000"  # 2023-09-05: the sitemap's dates, in both builds


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


class Preview:
    """Serve-mode builds into one site folder, as ``mkdocs serve --dirty`` makes them."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    def _config(self) -> MkDocsConfig:
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def rebuild(self) -> ExplainerPlugin:
        config = self._config()
        build(config, dirty=True)
        plugin = config.plugins["explainer"]
        assert isinstance(plugin, ExplainerPlugin)
        return plugin

    def close(self) -> None:
        # MkDocs keeps the plugin for the whole process: leave it as a plain build finds it.
        self._config().plugins.on_startup(command="build", dirty=False)


@pytest.fixture
def preview(default_project: Path, tmp_path: Path) -> Iterator[Preview]:
    session = Preview(default_project, tmp_path / "dirty")
    yield session
    session.close()


def clean_build(project: Path, site: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(project / "mkdocs.yml"), "-d", str(site)], check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})


def site_files(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "sitemap.xml.gz":  # gzip stamps the time it was written
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = data
    return files


def assert_same_site(dirty: Path, clean: Path) -> None:
    got, want = site_files(dirty), site_files(clean)
    assert sorted(got) == sorted(want), "the dirty build has other files than a clean one"
    index = "search/search_index.json"
    assert json.loads(got.pop(index)) == json.loads(want.pop(index))
    different = [path for path in want if got[path] != want[path]]
    assert different == [], f"{len(different)} file(s) differ from a clean build"


def compare(preview: Preview, tmp_path: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    clean_build(preview.project, clean)
    assert_same_site(preview.site, clean)


def test_a_dirty_build_rewrites_only_the_pages_an_edit_changed(preview: Preview,
                                                              tmp_path: Path) -> None:
    path = preview.project / "content/sources/kcna-putin-letter.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] += " (edited)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = preview.site / "sources/kcna-putin-letter/index.html"
    unrelated = preview.site / "places/vladivostok/index.html"
    before = unrelated.stat().st_mtime_ns
    plugin = preview.rebuild()
    assert "(edited)" in page.read_text(encoding="utf-8")
    assert unrelated.stat().st_mtime_ns == before  # not rewritten
    built = plugin.preview.built_pages
    assert "sources/kcna-putin-letter/" in built
    assert len(built) < 30
    compare(preview, tmp_path, "edit")


def test_dirty_builds_after_edits_equal_a_clean_build(preview: Preview, tmp_path: Path) -> None:
    content = preview.project / "content"
    # Rename an actor that many pages name.
    actor = content / "actors/sergei-shoigu.yml"
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "Sergei Shoigu", "Sergei K. Shoigu"), encoding="utf-8")
    preview.rebuild()
    compare(preview, tmp_path, "rename")
    # A new record: a new page, in listings, in the search index.
    source = sorted((content / "sources").iterdir())[0].stem
    place = content / "places/zz-testville.yml"
    place.write_text(yaml.safe_dump({"name": "Testville", "kind": "city", "country": "russia",
                                     "sources": [source]}), encoding="utf-8")
    preview.rebuild()
    assert (preview.site / "places/zz-testville/index.html").exists()
    compare(preview, tmp_path, "add")
    # Deleting it removes its page and its search entries.
    place.unlink()
    preview.rebuild()
    assert not (preview.site / "places/zz-testville/index.html").exists()
    compare(preview, tmp_path, "delete")


def test_an_error_notice_comes_and_goes_with_the_error(preview: Preview, tmp_path: Path) -> None:
    actor = preview.project / "content/actors/vladimir-putin.yml"
    good = actor.read_text(encoding="utf-8")
    actor.write_text(good.replace("kind:", "kind: [", 1), encoding="utf-8")
    preview.rebuild()
    for page in ("index.html", "actors/vladimir-putin/index.html"):
        assert "The content has errors" in (preview.site / page).read_text(encoding="utf-8")
    actor.write_text(good, encoding="utf-8")
    preview.rebuild()
    compare(preview, tmp_path, "mended")


def test_a_hand_written_page_follows_a_rename(default_project: Path, tmp_path: Path) -> None:
    (default_project / "docs/notes.md").write_text(
        "# Notes\n\n[[sergei-shoigu]] went to Pyongyang.\n", encoding="utf-8")
    preview = Preview(default_project, tmp_path / "dirty")
    try:
        actor = default_project / "content/actors/sergei-shoigu.yml"
        actor.write_text(actor.read_text(encoding="utf-8").replace(
            "Sergei Shoigu", "Sergei K. Shoigu"), encoding="utf-8")
        preview.rebuild()
        assert "Sergei K. Shoigu" in (preview.site / "notes/index.html").read_text(
            encoding="utf-8")
        compare(preview, tmp_path, "hand-written")
    finally:
        preview.close()


def test_a_change_to_mkdocs_yml_rebuilds_every_page(preview: Preview, tmp_path: Path) -> None:
    config = preview.project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: ", "site_name: Renamed - ", 1), encoding="utf-8")
    plugin = preview.rebuild()
    assert len(plugin.preview.built_pages) > 50
    compare(preview, tmp_path, "config")
