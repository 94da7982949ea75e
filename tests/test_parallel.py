"""Rendering a big site's records in forked workers gives the serial render, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write_content
from generator.core.config import make_settings
from generator.core.load import load_content
from generator.pipeline import check, render
from generator.speed import parallel


def _square(n: int) -> int:
    return n * n


def _pid(n: int) -> int:
    return os.getpid()



def test_map_in_order_keeps_the_order_of_the_items() -> None:
    items = list(range(101))
    squares = [n * n for n in items]
    assert parallel.map_in_order(_square, items, 3) == squares
    assert parallel.map_in_order(_square, items, 1) == squares
    assert parallel.map_in_order(_square, items[:2], 3) == squares[:2]
    assert parallel.map_in_order(_square, [], 4) == []
    assert parallel.map_alongside(_square, items, 3, lambda: "side") == (squares, "side")
    assert parallel.map_alongside(_square, items, 1, lambda: "side") == (squares, "side")
    assert parallel.map_alongside(_square, items[:5], 2, lambda: 0) == (squares[:5], 0)
    assert parallel.map_alongside(_square, [], 4, lambda: None) == ([], None)


def test_workers_take_the_shares_while_this_process_is_busy() -> None:
    here = os.getpid()
    assert len(set(parallel.map_in_order(_pid, range(10), 3))) <= 3
    # While this process is busy, the workers take every share.
    pids, side = parallel.map_alongside(_pid_noting_the_last, range(10), 2,
                                        lambda: _all_taken.wait(30) and os.getpid())
    assert side == here
    assert here not in pids


_HERE = os.getpid()
_all_taken = multiprocessing.get_context("fork").Event()


def _pid_noting_the_last(n: int) -> int:
    if n == 9:  # share 9 of 10, the last one taken
        _all_taken.set()
    return os.getpid()


def _slow_in_workers(n: int) -> int:
    if os.getpid() != _HERE:
        time.sleep(0.2)
    return os.getpid()


def test_this_process_takes_the_shares_left_when_it_is_done_with_its_own_work() -> None:
    pids, side = parallel.map_alongside(_slow_in_workers, range(40), 2, lambda: "side")
    assert side == "side"
    assert os.getpid() in pids
    assert len(set(pids)) <= 2


def _fails_in_workers(n: int) -> int:
    if os.getpid() != _HERE:
        raise ValueError(f"item {n} cannot be made")
    time.sleep(0.05)
    return n


def test_a_worker_that_fails_says_why_here() -> None:
    with pytest.raises(RuntimeError, match=r"a worker failed:(.|\n)*ValueError: item \d+ cannot"):
        parallel.map_alongside(_fails_in_workers, range(40), 3, lambda: None)
    assert multiprocessing.active_children() == []


def test_a_failure_here_stops_the_workers() -> None:
    def meanwhile() -> None:
        raise KeyError("here")
    with pytest.raises(KeyError, match="here"):
        parallel.map_alongside(_slow_in_workers, range(40), 3, meanwhile)
    assert multiprocessing.active_children() == []


def _pair(n: int, result: int) -> tuple[int, int]:
    return n, result


def test_map_then_does_the_job_in_any_process_and_then_here() -> None:
    items = list(range(103))
    want = [(n, n * n) for n in items]
    for workers in (1, 2, 3, 5):
        assert parallel.map_then(_square, _pair, items, workers) == want
        assert parallel.map_then(_square, _pair, items[:2], workers) == want[:2]
        assert parallel.map_then(_square, _pair, [], workers) == []
    here = os.getpid()
    seen: list[int] = []

    def then(n: int, pid: int) -> int:
        assert os.getpid() == here
        seen.append(n)
        return pid
    pids = parallel.map_then(_pid, then, items, 3)
    assert sorted(seen) == items  # each item once, here
    assert len(set(pids)) <= 3
    # This process takes shares itself while no worker's is ready.
    slow = [pid for _, pid in parallel.map_then(_slow_in_workers, _pair, range(40), 2)]
    assert here in slow


def test_map_then_says_why_a_worker_failed() -> None:
    with pytest.raises(RuntimeError, match=r"a worker failed:(.|\n)*ValueError: item \d+ cannot"):
        parallel.map_then(_fails_in_workers, _pair, range(40), 3)
    assert multiprocessing.active_children() == []


def _group_of(n: int) -> str:
    return f"g{n % 7}" if n % 2 else f"own{n}"


def test_items_of_a_group_are_made_by_one_worker_and_come_back_in_order() -> None:
    """A group's items share a memo: one worker makes them all, so it is made once."""
    items = list(range(400))
    pids, side = parallel.map_alongside(_pid, items, 3, lambda: "side", _group_of)
    assert side == "side"
    by_group: dict[str, set[int]] = {}
    for n, pid in zip(items, pids, strict=True):
        by_group.setdefault(_group_of(n), set()).add(pid)
    assert all(len(workers) == 1 for workers in by_group.values())
    # Which worker takes which share is up to the pool; the groups are shared out.
    places = parallel._places(items, 8, _group_of)
    assert sorted(n for share in places for n in share) == items
    assert sum(1 for share in places if share) > 1
    share_of = {n: k for k, share in enumerate(places) for n in share}
    shares_of_group: dict[str, set[int]] = {}
    for n in items:
        shares_of_group.setdefault(_group_of(n), set()).add(share_of[n])
    assert all(len(shares) == 1 for shares in shares_of_group.values())
    squares, _ = parallel.map_alongside(_square, items, 3, lambda: None, _group_of)
    assert squares == [n * n for n in items]


def test_shares_are_runs_of_neighbouring_items() -> None:
    """Records come by kind, and one folder's pages share memos: a share takes a run
    of neighbours, so that a process taking it makes fewer memos."""
    places = parallel._places(list(range(100)), 8, None)
    assert places == [list(range(start, min(start + 13, 100))) for start in range(0, 100, 13)]
    # A group joins its first item's run, whole, even when that makes the share longer.
    grouped = parallel._places(list(range(12)), 3, lambda n: "g" if n in (1, 9, 10) else str(n))
    assert grouped == [[0, 1, 9, 10], [2, 3, 4, 5], [6, 7, 8, 11]]


def test_what_a_worker_sends_back_keeps_every_field() -> None:
    """The outputs a worker pickles say how (``__reduce__``): a field added later must
    come back too, not fall back to its default."""
    import dataclasses
    import pickle

    from generator.core.models import RecordId
    from generator.outputs.export import RecordFragment
    from generator.outputs.publish import PageData
    from generator.pipeline import RecordOutput

    fragment = RecordFragment(*(f"fragment {f.name}" for f in dataclasses.fields(RecordFragment)))
    data = PageData({"@type": "Person"}, *(f"data {f.name}" for f in dataclasses.fields(PageData)
                                          if f.name != "jsonld"))
    output = RecordOutput(RecordId("a"), "actors/a.md", "page", fragment, data)
    for value in (fragment, data, output):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(value)
        assert back == value


def test_results_are_handed_back_in_files_that_are_then_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert parallel.map_in_order(_square, range(50), 2) == [n * n for n in range(50)]
    assert parallel.map_alongside(_square, range(50), 3, lambda: 0)[0] == [n * n for n in range(50)]
    assert parallel.map_then(_square, _pair, range(50), 2)[-1] == (49, 49 * 49)
    assert list(tmp_path.iterdir()) == []


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
    real_map = parallel.map_alongside

    def spy(job, items, workers, meanwhile, group=None):  # type: ignore[no-untyped-def]
        forked.append(workers)
        assert group is not None  # the records' pages are shared by the places they draw
        return real_map(job, items, workers, meanwhile, group)
    monkeypatch.setattr(parallel, "workers_for", lambda items: 3)
    monkeypatch.setattr(parallel, "map_alongside", spy)
    site = check(settings).site  # a fresh site, as a build has
    assert site is not None
    together = render(site)
    assert forked == [3]
    assert together.files == serial.files
    assert together.jsonld == serial.jsonld
    assert together.descriptions == serial.descriptions
    assert together.record_pages == serial.record_pages
    assert together.hubs == serial.hubs


def test_files_read_by_forked_workers_load_as_read_here(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    write_content(120, tmp_path / "content", seed=3)
    broken = tmp_path / "content" / "events"
    (broken / "bad-yaml.yml").write_text("title: [unclosed\n", encoding="utf-8")
    (broken / "Bad_Name.yml").write_text("title: x\n", encoding="utf-8")
    (broken / "empty.yml").write_text("", encoding="utf-8")
    settings = make_settings(tmp_path, {})
    monkeypatch.setattr(parallel, "workers_for", lambda items: 1)
    here = load_content(settings, share=parallel.shared_map)
    monkeypatch.setattr(parallel, "workers_for", lambda items: 3)
    forked: list[int] = []
    real_map = parallel.map_in_order

    def spy(job, items, workers):  # type: ignore[no-untyped-def]
        forked.append(workers)
        return real_map(job, items, workers)
    monkeypatch.setattr(parallel, "map_in_order", spy)
    shared = load_content(settings, share=parallel.shared_map)
    assert forked == [3]
    assert load_content(settings) == here
    assert forked == [3]  # nothing is shared unless asked
    assert len(shared.records) > 100
    assert len(shared.problems) == 3
    assert shared.records == here.records
    assert shared.problems == here.problems
    assert shared.glossary == here.glossary
