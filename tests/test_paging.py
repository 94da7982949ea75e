"""Listings, the timeline, tag pages and record sections stay bounded as content grows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ContentFactory

from generator.outputs.output import Rendered
from generator.pages import paging
from generator.pipeline import build

ITEM = re.compile(r"^- ", re.MULTILINE)


def _content(events: int) -> dict[str, str]:
    files = {
        "actors/busy.yml": "name: Busy Person\nkind: person\nsummary: Everywhere.\n",
        "sources/wire.yml": "title: The wire\nkind: news\ndate: 2023-01-01\n",
    }
    for n in range(events):
        year, day = 2021 + n % 3, 1 + n % 28
        files[f"events/e{n:04d}.yml"] = (
            f"title: Event {n}\ndate: {year}-03-{day:02d}\nsummary: Number {n}.\n"
            "participants: [busy]\ntags: [busy-tag]\nsources: [wire]\n")
    return files


def _rendered(make_content: ContentFactory, events: int) -> Rendered:
    result = build(make_content(_content(events), base=None))
    assert result.ok, [p.format() for p in result.problems]
    assert result.rendered is not None
    return result.rendered


def _event_links(page: str) -> list[str]:
    return re.findall(r"\]\(((?:\.\./)*(?:events/)?e\d{4}\.md)\)", page)


def test_small_listings_stay_single_pages(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content, 30)
    assert not any("/list/" in path for path in rendered.files)
    assert len(_event_links(rendered.files["events/index.md"])) >= 30


def test_a_long_listing_becomes_a_hub_and_bounded_pages(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content, 450)
    hub = rendered.files["events/index.md"]
    assert "There are 450 of them" in hub
    pages = sorted(p for p in rendered.files if p.startswith("events/list/"))
    assert pages == ["events/list/2021.md", "events/list/2022.md", "events/list/2023.md"]
    for path in pages:
        assert f"]({path.removeprefix('events/')})" in hub
        assert len(ITEM.findall(rendered.files[path])) <= paging.LIMIT
        assert path in rendered.record_pages  # out of the nav
    listed = [link for path in pages for link in _event_links(rendered.files[path])]
    assert len(listed) == 450
    assert len(set(listed)) == 450  # each event once


def test_a_group_longer_than_the_limit_is_numbered(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content, 3 * paging.LIMIT + 30)
    first, second = rendered.files["timeline/2021.md"], rendered.files["timeline/2021-2.md"]
    assert "Page 1 of 2" in first
    assert "[Next page](2021-2.md)" in first
    assert "[Previous page](2021.md)" in second
    assert "[All groups](index.md)" in second
    assert rendered.files["timeline/index.md"].count("(in 2 pages)") == 3


def test_tag_pages_are_paginated_in_the_tag_folder(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content, 450)
    assert {"tags/busy-tag.md", "tags/busy-tag/2.md", "tags/busy-tag/3.md"} <= set(
        rendered.files)
    assert "[Next page](busy-tag/2.md)" in rendered.files["tags/busy-tag.md"]
    assert "[Previous page](../busy-tag.md)" in rendered.files["tags/busy-tag/2.md"]


def test_record_sections_are_capped(make_content: ContentFactory) -> None:
    rendered = _rendered(make_content, 450)
    actor = rendered.files["actors/busy.md"]
    timeline = actor.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    assert len(ITEM.findall(timeline)) == paging.SECTION_LIMIT
    assert f"… and {450 - paging.SECTION_LIMIT} more." in timeline


def test_record_page_size_does_not_grow_with_the_corpus(make_content: ContentFactory,
                                                        tmp_path: Path) -> None:
    small = _rendered(make_content, 2 * paging.SECTION_LIMIT)
    for old in (tmp_path / "content").rglob("*.yml"):
        old.unlink()
    large = _rendered(make_content, 10 * paging.SECTION_LIMIT)
    for path in ("actors/busy.md", "sources/wire.md", "events/e0007.md"):
        ratio = len(large.files[path]) / len(small.files[path])
        assert ratio <= 1.1, (path, ratio)


@pytest.mark.slow
def test_a_paginated_site_builds_strict(make_content: ContentFactory, tmp_path: Path) -> None:
    settings = make_content(_content(450), base=None)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Big\ndocs_dir: docs\nplugins:\n  - explainer:\n      as_of: 2023-09-05\n"
        "validation:\n  omitted_files: warn\n  absolute_links: warn\n"
        "  unrecognized_links: warn\n  anchors: warn\n  not_found: warn\n", encoding="utf-8")
    assert settings.root == tmp_path
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-f", str(tmp_path / "mkdocs.yml")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site/events/list/2022/index.html").is_file()
    assert (tmp_path / "site/tags/busy-tag/3/index.html").is_file()
