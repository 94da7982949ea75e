"""A big build's work on every CPU: loading the record files (while this process
makes their models), and each record's page, open data and structured data.

Each of these reads what the parent has made and writes nothing to it, so
forked workers share it as the parent left it and send back only their
results. While they make the records' outputs, the parent makes what needs
none of them (the hub pages), then takes the records' shares that are left:
one process per CPU, and none waits while there is work (a third process on
two CPUs made the 20k build 1.5 s slower). Results come back in the items'
order, so the output is the same as a serial build's. Items that share a
costly memo (the pages that draw one place's locator map) can be kept in one
share, so that the memo is made once, not once a process.

Only plain builds and checks of sites of :data:`MIN_RECORDS` records or more use
it: below, the gain is a few hundredths of a second. The live preview's builds are
incremental, and its server has threads, which do not mix with fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import pickle
import sys
import tempfile
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from ..pages.policy import Plain

T = TypeVar("T")
K = TypeVar("K")
S = TypeVar("S")

#: Measured on 2 CPUs: a build of 300 records takes 0.27 s with a worker and 0.34 s
#: without, 600 records 0.44 s and 0.68 s, 1,000 records 0.61 s and 1.00 s; the
#: default site's 109 records 0.12 s and 0.14 s.
MIN_RECORDS = 250
MAX_WORKERS = 4
SHARES_PER_WORKER = 16

#: The job of the current call; forked workers find it here.
_job: Callable[[object], object] | None = None


def workers_for(items: int) -> int:
    """How many processes should share ``items`` records (1: do it here, serially)."""
    if items < MIN_RECORDS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))
                      if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def shared_map(job: Callable[[K], T], items: Sequence[K]) -> list[T]:
    """``[job(item) for item in items]``, by forked workers on every CPU when there are many."""
    return map_in_order(job, items, workers_for(len(items)))


def map_in_order(job: Callable[[K], T], items: Sequence[K], workers: int) -> list[T]:
    """``[job(item) for item in items]``, shared by ``workers`` processes (this one too)."""
    if workers <= 1 or len(items) < workers:
        return [job(item) for item in items]
    places = _places(items, workers, None)
    with _forked(job, workers - 1) as run:
        pending = run([[items[n] for n in share] for share in places[1:]])
        mine = [job(items[n]) for n in places[0]]
        done = _collect(pending)
    return _merged([mine, *done], places, len(items))


def shared_map_then(job: Callable[[K], T], then: Callable[[K, T], S],
                    items: Sequence[K]) -> list[S]:
    """``[then(item, job(item)) for item in items]``, with ``job`` done by forked workers
    on every CPU when there are many, and ``then`` here as their results come back."""
    return map_then(job, then, items, workers_for(len(items)))


def map_then(job: Callable[[K], T], then: Callable[[K, T], S], items: Sequence[K],
             workers: int) -> list[S]:
    """``[then(item, job(item)) for item in items]``: ``job`` by ``workers - 1`` forked
    processes, ``then`` here, in the items' order, on each share as soon as it is back.

    For work in two steps whose second must be done here (loading the files, then
    making the models, which cost more to send back than to make): the two
    overlap, instead of the one waiting for the other.
    """
    if workers <= 1 or len(items) < workers:
        return [then(item, job(item)) for item in items]
    # Shares in order, so that ``then`` sees the items in their order; small ones,
    # so that the first comes back soon.
    count = min(len(items), (workers - 1) * SHARES_PER_WORKER * 2)
    size = -(-len(items) // count)
    shares = [items[n:n + size] for n in range(0, len(items), size)]
    results: list[S] = []
    with _forked(job, workers - 1) as run:
        for share, path in zip(shares, run([list(share) for share in shares]), strict=True):
            with open(path, "rb") as file:
                done = pickle.load(file)
            results += [then(item, result) for item, result in zip(share, done, strict=True)]
    return results


def map_alongside(job: Callable[[K], T], items: Sequence[K], workers: int,
                  meanwhile: Callable[[], S],
                  group: Callable[[K], str] | None = None) -> tuple[list[T], S]:
    """``([job(item) for item in items], meanwhile())``, by ``workers`` processes: this
    one runs ``meanwhile``, then helps the ``workers - 1`` forked ones with the items.

    The items go in shares that each process takes as it becomes free, so one
    process per CPU does all the work, and none waits for another while shares
    are left. ``group``: items of one group go to one share, so that what they
    share (a memo one worker fills) is made once rather than once by every worker.
    """
    if workers <= 1 or len(items) < workers:
        return [job(item) for item in items], meanwhile()
    # Many shares, so that the last to finish is a small one.
    count = min(len(items), workers * SHARES_PER_WORKER)
    places = _places(items, count, group)
    shares = [[items[n] for n in share] for share in places]
    with _sharing(job, shares, workers - 1) as take:
        side = meanwhile()
        done = take()
    return _merged(done, places, len(items)), side


def _places(items: Sequence[K], count: int,
            group: Callable[[K], str] | None) -> list[list[int]]:
    """The positions of the items each share takes.

    Without groups, share n takes every count-th item from the n-th: items often
    come grouped (records by kind), and one group's items can cost twice
    another's. With groups, a share takes whole groups, chosen by a stable hash of
    the group's name (the same shares in every process and every build).
    """
    if group is None:
        return [list(range(n, len(items), count)) for n in range(count)]
    places: list[list[int]] = [[] for _ in range(count)]
    for n, item in enumerate(items):
        places[zlib.crc32(group(item).encode("utf-8")) % count].append(n)
    return places


def _merged(done: list[list[T]], places: list[list[int]], total: int) -> list[T]:
    """The shares' results back in the items' order."""
    results: list[Any] = [None] * total
    for share, positions in zip(done, places, strict=True):
        for n, result in zip(positions, share, strict=True):
            results[n] = result
    return results


@contextlib.contextmanager
def _forked(job: Callable[[K], T],
            processes: int) -> Iterator[Callable[[list[list[K]]], Iterator[str]]]:
    """A pool of forked workers, and a function that starts them on shares.

    Each worker writes a share's results to a file of a private temporary
    folder: a big batch through the pool's pipe would wait for a parent busy
    with its own work. The function gives the files' paths in the shares' order,
    each as soon as it is written.
    """
    global _job
    _job = job  # type: ignore[assignment]
    try:
        with (tempfile.TemporaryDirectory(prefix="explainer-") as folder,
              multiprocessing.get_context("fork").Pool(processes) as pool):
            def run(shares: list[list[K]]) -> Iterator[str]:
                paths = [os.path.join(folder, f"{n}.pickle") for n in range(len(shares))]
                return pool.imap(_run_share, zip(paths, shares, strict=True))
            yield run
    finally:
        _job = None


def _run_share(share: tuple[str, list[Any]]) -> str:
    path, items = share
    assert _job is not None
    results = [_job(item) for item in items]
    with open(path, "wb") as file:
        pickle.dump(results, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _collect(paths: Iterator[str]) -> list[list[Any]]:
    """Each share's results, read as soon as its worker has written them (files of
    our own: pickle is safe)."""
    done = []
    for path in paths:
        with open(path, "rb") as file:
            done.append(pickle.load(file))
    return done


@contextlib.contextmanager
def _sharing(job: Callable[[K], T], shares: list[list[K]],
             processes: int) -> Iterator[Callable[[], list[list[T]]]]:
    """Forked workers that take the shares in turn, and a function with which this
    process takes the shares left, then returns every share's results in order.

    Each worker writes a share's results to a file of a private temporary folder
    (named once it is whole), which this process reads while it takes shares of
    its own. A worker that fails writes why; this process then raises, and a
    failure here stops the workers.
    """
    global _job
    _job = job  # type: ignore[assignment]
    context = multiprocessing.get_context("fork")
    turn = context.Value("q", 0)
    try:
        with tempfile.TemporaryDirectory(prefix="explainer-") as folder:
            workers = [context.Process(target=_take_shares, args=(folder, shares, turn),
                                       daemon=True) for _ in range(processes)]
            for worker in workers:
                worker.start()
            try:
                yield lambda: _take_the_rest(folder, shares, turn, workers)
            finally:
                for worker in workers:
                    if worker.is_alive():
                        worker.terminate()
                    worker.join()
    finally:
        _job = None


def _next_share(turn: Any) -> int:
    with turn.get_lock():
        n: int = turn.value
        turn.value = n + 1
    return n


def _share_file(folder: str, n: int) -> str:
    return os.path.join(folder, f"{n}.pickle")


def _take_shares(folder: str, shares: list[list[Any]], turn: Any) -> None:
    """A worker's life: the next share, until none is left."""
    assert _job is not None
    try:
        while (n := _next_share(turn)) < len(shares):
            results = [_job(item) for item in shares[n]]
            path = _share_file(folder, n)
            with open(path + ".part", "wb") as file:
                pickle.dump(results, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(path + ".part", path)
    except BaseException:
        with open(os.path.join(folder, f"failed-{os.getpid()}"), "w", encoding="utf-8") as file:
            file.write(traceback.format_exc())
        sys.exit(1)


def _take_the_rest(folder: str, shares: list[list[Any]], turn: Any,
                   workers: list[Any]) -> list[list[Any]]:
    assert _job is not None
    done: dict[int, list[Any]] = {}
    while (n := _next_share(turn)) < len(shares):
        done[n] = [_job(item) for item in shares[n]]
        _read_written(folder, range(n), done)  # what the workers have finished meanwhile
    for worker in workers:
        worker.join()
    failed = sorted(name for name in os.listdir(folder) if name.startswith("failed-"))
    if failed:
        with open(os.path.join(folder, failed[0]), encoding="utf-8") as file:
            raise RuntimeError(f"a worker failed:\n{file.read()}")
    if any(worker.exitcode for worker in workers):
        codes = ", ".join(str(worker.exitcode) for worker in workers)
        raise RuntimeError(f"a worker stopped before its shares were done (exit codes {codes})")
    _read_written(folder, range(len(shares)), done)
    return [done[n] for n in range(len(shares))]


def _read_written(folder: str, numbers: Iterable[int], done: dict[int, list[Any]]) -> None:
    """The results of the workers' shares among ``numbers`` that are written (files of
    our own: pickle is safe)."""
    for n in numbers:
        if n not in done and os.path.exists(path := _share_file(folder, n)):
            with open(path, "rb") as file:
                done[n] = pickle.load(file)


class Forked(Plain):
    """The plain policy, with a big site's records shared among forked workers
    while this process makes the pages that need none of them."""

    def map_alongside(self, job: Callable[[Any], T], items: Sequence[Any],
                      meanwhile: Callable[[], S],
                      group: Callable[[Any], str] | None = None) -> tuple[list[T], S]:
        return map_alongside(job, items, workers_for(len(items)), meanwhile, group)
