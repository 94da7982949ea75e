"""The MkDocs adapter on its own: settings, extensions, files, nav and serve."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, write_files
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from generator.adapters.plugin import ExplainerPlugin
from generator.pages.engine import MARKDOWN_EXTENSIONS
from generator.pages.render import STYLESHEET

MKDOCS_YML = """\
site_name: Test site
docs_dir: docs
plugins:
  - explainer:
      as_of: 2023-09-05
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path / "content", MINIMAL)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path


def _configured(project: Path) -> tuple[ExplainerPlugin, object]:
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["explainer"]
    assert isinstance(plugin, ExplainerPlugin)
    config = config.plugins.on_config(config)
    return plugin, config


def test_config_adds_the_extensions_and_the_stylesheet(project: Path) -> None:
    plugin, config = _configured(project)
    for name in MARKDOWN_EXTENSIONS:
        assert name in config.markdown_extensions  # type: ignore[attr-defined]
    assert STYLESHEET in config.extra_css  # type: ignore[attr-defined]
    assert plugin.settings is not None
    assert plugin.settings.content_dir == project / "content"
    assert plugin.settings.as_of == "2023-09-05"


def test_files_are_generated_and_records_stay_out_of_the_nav(project: Path) -> None:
    plugin, config = _configured(project)
    files = plugin.on_files(Files([]), config=config)  # type: ignore[arg-type]
    by_path = {f.src_uri: f for f in files}
    assert by_path["actors/alice.md"].inclusion is InclusionLevel.NOT_IN_NAV
    assert by_path["actors/index.md"].inclusion is not InclusionLevel.NOT_IN_NAV
    nav = config.nav  # type: ignore[attr-defined]
    paths = [next(iter(item.values())) for item in nav]
    assert paths[0] == "index.md"
    assert "actors/index.md" in paths
    assert not any(p.startswith("actors/") and p != "actors/index.md" for p in paths)


def test_content_errors_abort_the_build(project: Path) -> None:
    write_files(project / "content", {"events/summit.yml": "title: x\n"})
    plugin, config = _configured(project)
    with pytest.raises(PluginError, match="error"):
        plugin.on_files(Files([]), config=config)  # type: ignore[arg-type]


def test_bad_relation_types_setting_is_a_plugin_error(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        MKDOCS_YML + "      relation_types: {funds: {label: funds}}\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError, match="relation type 'funds' needs a 'label'"):
        config.plugins.on_config(config)


class _FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_content_folder(project: Path) -> None:
    plugin, config = _configured(project)
    server = _FakeServer()
    plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    assert server.watched == [str(project / "content")]
