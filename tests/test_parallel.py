"""Rendering a big site's records in forked workers gives the serial render, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import write_content
from generator import parallel
from generator.config import make_settings
from generator.pipeline import check
from generator.render import render


def _square(n: int) -> int:
    return n * n


def test_map_in_order_keeps_the_order_of_the_items() -> None:
    items = list(range(101))
    assert parallel.map_in_order(_square, items, 3) == [n * n for n in items]
    assert parallel.map_in_order(_square, items, 1) == [n * n for n in items]
    assert parallel.map_in_order(_square, [], 4) == []


def test_small_sites_are_rendered_here() -> None:
    assert parallel.workers_for(parallel.MIN_RECORDS - 1) == 1


def test_a_parallel_render_is_the_serial_render(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_content(300, tmp_path / "content", seed=5)
    settings = make_settings(tmp_path, {"as_of": "2024-06-30"})
    site = check(settings).site
    assert site is not None
    monkeypatch.setattr(parallel, "workers_for", lambda items: 1)
    serial = render(site)
    forked: list[int] = []
    real_map = parallel.map_in_order

    def spy(job, items, workers):  # type: ignore[no-untyped-def]
        forked.append(workers)
        return real_map(job, items, workers)
    monkeypatch.setattr(parallel, "workers_for", lambda items: 3)
    monkeypatch.setattr(parallel, "map_in_order", spy)
    site = check(settings).site  # a fresh site, as a build has
    assert site is not None
    together = render(site)
    assert forked == [3]
    assert together.files == serial.files
    assert together.jsonld == serial.jsonld
    assert together.descriptions == serial.descriptions
    assert together.record_pages == serial.record_pages
